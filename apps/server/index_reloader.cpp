#include "index_reloader.hpp"

#include <exception>

namespace medsearch::server {

IndexReloader::IndexReloader(std::string dir, std::optional<engine::IndexVersion> opened,
                             std::chrono::milliseconds interval, OnReader on_reader, OnError on_error)
    : dir_(std::move(dir)), opened_(std::move(opened)), on_reader_(std::move(on_reader)), on_error_(std::move(on_error)) {
  if (interval.count() <= 0) return;
  thread_ = std::thread([this, interval] {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, interval, [this] { return stop_; })) return;
      }
      check();
    }
  });
}

IndexReloader::~IndexReloader() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool IndexReloader::check() {
  const std::lock_guard lock(mutex_);
  const std::optional<engine::IndexVersion> now = engine::index_version(dir_);
  if (!now || now == opened_) return false;
  try {
    auto reader = std::make_shared<const engine::IndexReader>(now->dir);
    on_reader_(std::move(reader));
    opened_ = now;
    return true;
  } catch (const std::exception& e) {
    if (on_error_) on_error_(std::string("cannot open the updated index (serving the previous one): ") + e.what());
    return false;
  }
}

}  // namespace medsearch::server
