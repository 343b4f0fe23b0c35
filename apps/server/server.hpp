// medsearch's HTTP server: the routes of Api over cpp-httplib (the only file that
// includes it is server.cpp). A Server serves one IndexReader at a time; replace_index()
// swaps in a newer one (index_reloader.hpp watches for commits) while requests in flight
// finish on the old one.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <thread>

#include "api.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/judgments/judgment_store.hpp"

namespace medsearch::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: any free port (see Server::port())
  std::size_t threads = 0;         // worker threads; 0: hardware concurrency (at least 2)
  std::size_t max_query_bytes = 4096;
  std::size_t max_body_bytes = 64 * 1024;  // larger request bodies get 413
  int request_timeout_ms = 10000;  // socket read and write timeouts
  int keep_alive_timeout_s = 5;
  // The judgments store (docs/api.md "Judgments"): empty: <index dir>/judgments.sqlite;
  // "none": judging is off. A store that cannot be opened turns judging off with a warning.
  std::string judgments_path;
  // GET/POST /wechat (docs/wechat.md); off unless wechat.token is set.
  WechatConfig wechat;
};

class Server {
 public:
  // Serves `index`, which must outlive the Server.
  Server(const engine::IndexReader& index, ServerOptions options = {});
  Server(std::shared_ptr<const engine::IndexReader> index, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. Throws Error(Unavailable) naming host:port when it
  // cannot. run() binds first if this was not called.
  void bind();
  // The bound port (after bind()); the configured one before.
  int port() const { return port_; }
  const std::string& host() const { return options_.host; }

  // Serves until stop(); blocks. In-flight requests finish before it returns.
  void run();
  // Thread-safe and async-signal-unsafe: call it from a normal thread (cmd_serve's
  // signal-waiting thread, a test), not from a handler or a signal handler. Returns when
  // run() has returned (or at once when run() was never called).
  void stop();

  // The Api answering requests now. Thread-safe.
  std::shared_ptr<const Api> api() const;
  // Answers from `index` from now on: a new Api over it, warmed up (its lines returned)
  // before it takes over. Requests in flight finish on the old Api and index, which are
  // released with the last of them. Thread-safe.
  std::vector<std::string> replace_index(std::shared_ptr<const engine::IndexReader> index);

 private:
  struct Impl;
  // An Api with the reader it answers from (the Api holds a reference to it).
  struct Served {
    std::shared_ptr<const engine::IndexReader> index;
    std::unique_ptr<Api> api;
  };
  std::shared_ptr<const Served> serve(std::shared_ptr<const engine::IndexReader> index) const;

  ServerOptions options_;
  std::unique_ptr<judgments::JudgmentStore> judgments_;  // before served_, which points to it
  std::shared_ptr<Metrics> metrics_;                      // shared by every Api it serves
  mutable std::mutex served_mutex_;
  std::shared_ptr<const Served> served_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  bool bound_ = false;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_entered_{false};
  std::atomic<bool> run_exited_{false};
};

}  // namespace medsearch::server
