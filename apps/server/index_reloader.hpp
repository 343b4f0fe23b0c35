// Watches an index directory or root for a newer commit and hands the server a reader of it,
// so `serve` picks up what `ingest` or `sync` committed without a restart
// (docs/decisions/0013-sync.md). A commit renames a new manifest.json into place and a new
// baseline switches ROOT/current: engine::index_version() sees either.
//
// Every `interval` a thread compares the version with the one last opened; when it differs
// it opens a new engine::IndexReader and calls on_reader with it. A reader that fails to
// open (a writer removing superseded files at that moment, a damaged file) is reported to
// on_error and tried again at the next check; the old one keeps serving meanwhile.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/index_root.hpp"

namespace medsearch::server {

class IndexReloader {
 public:
  using OnReader = std::function<void(std::shared_ptr<const engine::IndexReader>)>;
  using OnError = std::function<void(const std::string&)>;

  // `opened`: the version of the reader in service (index_version before opening it).
  // interval 0: no thread; check() only.
  IndexReloader(std::string dir, std::optional<engine::IndexVersion> opened, std::chrono::milliseconds interval,
                OnReader on_reader, OnError on_error);
  ~IndexReloader();  // stops the thread; a reload in progress finishes first
  IndexReloader(const IndexReloader&) = delete;
  IndexReloader& operator=(const IndexReloader&) = delete;

  // One check, on the caller's thread; true when a new reader was handed over.
  bool check();

 private:
  std::string dir_;
  std::optional<engine::IndexVersion> opened_;
  OnReader on_reader_;
  OnError on_error_;
  std::mutex mutex_;  // one check at a time; guards opened_ and stop_
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace medsearch::server
