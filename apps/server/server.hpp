// medsearch's HTTP server: the routes of Api over cpp-httplib (the only file that
// includes it is server.cpp). A Server serves one IndexReader at a time; replace_index()
// swaps in a newer one (index_reloader.hpp watches for commits) while requests in flight
// finish on the old one. Connections are served by a fixed pool of workers with a bounded
// queue (work_queue.hpp: a connection that finds it full is answered 503), and each must
// deliver its requests in time (connection_watchdog.hpp), so slow or idle clients cannot
// hold every worker (docs/cli.md `serve`, docs/reliability.md).
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

// The server's caps on search parameters: budget 3000 ms; k ≤ 1000, offset ≤ 10000; depth,
// rerank_depth, ef_search and nprobe ≤ 1000; at most 8 truncated words a query
// (docs/decisions/0019-server-limits.md says why these numbers).
engine::SearchCaps default_server_caps();

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: any free port (see Server::port())
  // Worker threads; 0: 4 per core, at least 8. A keep-alive connection holds its worker
  // while it is open, so there are more workers than cores: searches are bounded by the
  // time budget, and idle or slow connections by the watchdog.
  std::size_t threads = 0;
  std::size_t max_queued = 64;     // connections waiting for a worker; more are answered 503
  // Threads that take part of a search beside its worker (engine::SearcherOptions::
  // helper_threads, decision 0032); a worker whose part no helper took does it itself.
  unsigned helper_threads = HelperThreads::default_count();
  // The facet counts of long posting lists (engine FacetTermCache, decisions 0036 and
  // 0041), per loaded index: its memory (max_bytes; 0: none) and what is counted before
  // serving (warm_bytes, warm_ms).
  engine::FacetTermCache::Options facet_cache;
  std::size_t max_query_bytes = 4096;
  std::size_t max_body_bytes = 64 * 1024;  // larger request bodies get 413
  int request_timeout_ms = 10000;  // socket read and write timeouts (each read or write)
  int read_deadline_ms = 5000;     // to deliver a whole request, from accept or the previous response
  int keep_alive_timeout_s = 3;    // idle time allowed between requests on one connection
  std::size_t keep_alive_max_requests = 100;  // requests per connection before it is closed
  // Caps on costly search parameters and the default time budget (docs/api.md "Limits").
  engine::SearchCaps caps = default_server_caps();
  LoginLimits logins;  // sign-in rate limits
  // The judgments store (docs/api.md "Judgments"): empty: <index dir>/judgments.sqlite;
  // "none": judging is off. A store that cannot be opened turns judging off with a warning.
  std::string judgments_path;
  // GET/POST /wechat (docs/wechat.md); off unless wechat.token is set.
  WechatConfig wechat;
  // Autocomplete and spelling (docs/api.md "GET /api/suggest"): the MeSH files among them.
  engine::suggest::SuggestionServiceOptions suggest;
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
  std::shared_ptr<LoginLimiter> logins_;                  // likewise
  std::shared_ptr<WechatState> wechat_;                   // likewise; null when /wechat is off
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
