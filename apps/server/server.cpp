// The one file that includes the HTTP library (DESIGN.md §2): converts httplib's
// requests to HttpRequest, lets Api answer, converts back.
#include "server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "connection_watchdog.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "work_queue.hpp"

namespace medsearch::server {
namespace {

// Set on the threads that answer connections the queue had no room for.
thread_local bool refusing = false;

// httplib's worker pool replaced by WorkQueue (work_queue.hpp). A connection the queue has
// no room for goes to a small pool that answers its request 503 at once (the handler sees
// `refusing`) and has it closed; httplib 0.11's TaskQueue cannot decline a task, and the
// task alone knows the socket. Its queue is bounded by the watchdog: every connection in
// it is closed by its read deadline, so refusals drain quickly. Past even that queue, the
// accept thread answers the refusal itself.
class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(std::size_t threads, std::size_t max_queued) : queue_(threads, max_queued), refusals_(2, 1024) {}
  void enqueue(std::function<void()> fn) override {
    if (queue_.try_enqueue(fn)) return;
    const auto refuse = [fn] {
      refusing = true;
      fn();
      refusing = false;
    };
    if (!refusals_.try_enqueue(refuse)) refuse();
  }
  void shutdown() override {
    queue_.shutdown();
    refusals_.shutdown();
  }

 private:
  WorkQueue queue_;
  WorkQueue refusals_;
};

}  // namespace

struct Server::Impl {
  explicit Impl(const ServerOptions& options)
      : watchdog({std::chrono::milliseconds(options.read_deadline_ms), std::chrono::seconds(options.keep_alive_timeout_s)}) {}
  httplib::Server http;
  ConnectionWatchdog watchdog;
};

namespace {

void answer(const Api& api, const httplib::Request& in, httplib::Response& out) {
  HttpRequest request;
  request.method = in.method;
  request.path = in.path;
  for (const auto& [name, value] : in.params) request.params.emplace(name, value);
  for (const auto& [name, value] : in.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    request.headers.emplace(std::move(lower), value);
  }
  request.body = in.body;
  request.remote_addr = in.remote_addr;
  HttpResponse response = api.handle(std::move(request));
  out.status = response.status;
  for (auto& [name, value] : response.headers) out.set_header(name, value);
  out.set_content(std::move(response.body), response.content_type);
}

// The judgments store, or null (judgment routes answer 503) when it is turned off or its
// file cannot be opened: a read-only index directory must still be searchable.
std::unique_ptr<judgments::JudgmentStore> open_judgments(const engine::IndexReader& index, const ServerOptions& options) {
  if (options.judgments_path == "none") return nullptr;
  const std::string path =
      options.judgments_path.empty() ? judgments::JudgmentStore::default_path(index.dir()) : options.judgments_path;
  try {
    return std::make_unique<judgments::JudgmentStore>(path);
  } catch (const Error& e) {
    std::fprintf(stderr, "medsearch: judgments disabled: %s\n", e.what());
    return nullptr;
  }
}

}  // namespace

Server::Server(const engine::IndexReader& index, ServerOptions options)
    : Server(std::shared_ptr<const engine::IndexReader>(&index, [](const engine::IndexReader*) {}), std::move(options)) {}

Server::Server(std::shared_ptr<const engine::IndexReader> index, ServerOptions options)
    : options_(std::move(options)),
      judgments_(open_judgments(*index, options_)),
      metrics_(std::make_shared<Metrics>()),
      logins_(std::make_shared<LoginLimiter>(options_.logins)),
      wechat_(options_.wechat.enabled() ? std::make_shared<WechatState>(options_.wechat) : nullptr),
      served_(serve(std::move(index))),
      impl_(std::make_unique<Impl>(options_)),
      port_(options_.port) {
  httplib::Server& http = impl_->http;
  const std::size_t threads =
      options_.threads > 0 ? options_.threads : std::max<std::size_t>(8, 4 * std::thread::hardware_concurrency());
  const std::size_t max_queued = options_.max_queued;
  http.new_task_queue = [threads, max_queued] { return new BoundedTaskQueue(threads, max_queued); };
  const auto timeout = std::chrono::milliseconds(options_.request_timeout_ms);
  http.set_read_timeout(timeout);
  http.set_write_timeout(timeout);
  http.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  http.set_keep_alive_max_count(options_.keep_alive_max_requests);
  http.set_payload_max_length(options_.max_body_bytes);
  // Responses are written in several pieces (headers, body): without TCP_NODELAY, Nagle's
  // algorithm and the client's delayed ACK hold each keep-alive response for ~40 ms.
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR (restart while old connections linger) but not httplib's default
  // SO_REUSEPORT, with which a second server would silently share a port in use.
  http.set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Each request holds the Api it started on until it has answered (replace_index()). The
  // watchdog leaves a connection alone while its request is answered (the search's budget
  // bounds that) and restarts its deadline after.
  const auto handler = [this](const httplib::Request& in, httplib::Response& out) {
    ConnectionWatchdog& watchdog = impl_->watchdog;
    if (refusing) {
      const HttpResponse busy = error_response(503, "Unavailable", "the server is busy; retry shortly");
      out.status = busy.status;
      out.set_header("Retry-After", "1");
      out.set_header("Connection", "close");
      out.set_content(busy.body, busy.content_type);
      watchdog.answered(in.remote_addr, in.remote_port, true);
      return;
    }
    struct Answering {
      ConnectionWatchdog& watchdog;
      const httplib::Request& in;
      ~Answering() { watchdog.answered(in.remote_addr, in.remote_port, false); }
    } answering{watchdog, in};
    watchdog.answering(in.remote_addr, in.remote_port);
    answer(*api(), in, out);
  };
  // Every method goes through Api::handle, which answers 405 for all but GET/HEAD.
  http.Get(".*", handler);
  http.Post(".*", handler);
  http.Put(".*", handler);
  http.Patch(".*", handler);
  http.Delete(".*", handler);
  http.Options(".*", handler);
  // httplib's own errors (400 bad request line, 413 body too large, 414 URI too long)
  // get the same JSON error shape as ours.
  http.set_error_handler([](const httplib::Request&, httplib::Response& out) {
    if (!out.body.empty()) return;
    const bool too_large = out.status == 413;
    const HttpResponse e = error_response(out.status, too_large ? "PayloadTooLarge" : "BadRequest",
                                          too_large ? "the request body is too large" : "the request could not be read");
    out.set_content(e.body, e.content_type);
  });
}

Server::~Server() { stop(); }

engine::SearchCaps default_server_caps() {
  engine::SearchCaps caps;
  caps.budget_ms = 3000;
  caps.max_depth = 1000;
  caps.max_rerank_depth = 1000;
  caps.max_ef_search = 1000;
  caps.max_nprobe = 1000;
  caps.max_dense_visits = 1000000;  // decision 0039
  caps.max_truncations = 8;
  return caps;
}

std::shared_ptr<const Server::Served> Server::serve(std::shared_ptr<const engine::IndexReader> index) const {
  auto served = std::make_shared<Served>();
  ApiOptions api_options;
  api_options.limits.max_query_bytes = options_.max_query_bytes;
  api_options.judgments = judgments_.get();
  // A reload makes a new Api; the WeChat endpoint's sessions ("more") and retry table are
  // the server's and carry on (wechat_state.hpp).
  api_options.wechat = options_.wechat;
  api_options.wechat_state = wechat_;
  api_options.metrics = metrics_;
  api_options.logins = logins_;
  api_options.limits.search = options_.caps;
  api_options.suggest = options_.suggest;
  api_options.searcher.helper_threads = options_.helper_threads;
  api_options.searcher.facet_cache = options_.facet_cache;
  served->api = std::make_unique<Api>(*index, std::move(api_options));
  served->index = std::move(index);
  return served;
}

std::shared_ptr<const Api> Server::api() const {
  std::shared_ptr<const Served> served;
  {
    const std::lock_guard lock(served_mutex_);
    served = served_;
  }
  const Api* api = served->api.get();
  return std::shared_ptr<const Api>(std::move(served), api);  // keeps the Api's index alive too
}

std::vector<std::string> Server::replace_index(std::shared_ptr<const engine::IndexReader> index) {
  std::shared_ptr<const Served> next = serve(std::move(index));
  std::vector<std::string> loaded = next->api->warm_up();
  const std::lock_guard lock(served_mutex_);
  served_.swap(next);
  return loaded;  // `next` now holds the old one, released here unless a request still has it
}

void Server::bind() {
  if (bound_) return;
  httplib::Server& http = impl_->http;
  if (options_.port == 0) {
    port_ = http.bind_to_any_port(options_.host);
    bound_ = port_ > 0;
  } else {
    bound_ = http.bind_to_port(options_.host, options_.port);
  }
  if (!bound_) {
    throw Error(ErrorCode::Unavailable,
                "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + " (in use, or not a local address?)");
  }
}

void Server::run() {
  bind();
  impl_->watchdog.start(port_);
  run_entered_ = true;
  if (!stop_requested_) impl_->http.listen_after_bind();
  run_exited_ = true;
}

void Server::stop() {
  stop_requested_ = true;
  // run() may be between its stop_requested_ check and listening: repeat until it returns.
  while (run_entered_ && !run_exited_) {
    impl_->http.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace medsearch::server
