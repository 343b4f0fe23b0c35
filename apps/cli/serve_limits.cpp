#include "serve_limits.hpp"

namespace medsearch::cli {

void add_serve_limit_options(CLI::App& app, server::ServerOptions& o) {
  app.add_option("--threads", o.threads, "Worker threads; each open connection holds one (default: 4 per core, at least 8)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--helper-threads", o.helper_threads,
                 "Threads that take part of a search beside its worker: its facets, or a share of the documents of a "
                 "ranked search or Boolean/phrase match set, one share per helper (0: the worker does all of it)")
      ->check(CLI::Range(0, 64))->capture_default_str();
  app.add_option_function<std::size_t>(
         "--facet-cache-mb", [&o](std::size_t mb) { o.facet_cache.max_bytes = mb << 20; },
         "Memory for the facet counts of long posting lists, counted on a list's second request "
         "for free-text facets and reused after (0: none; default 64)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option_function<std::size_t>(
         "--facet-warm-mb", [&o](std::size_t mb) { o.facet_cache.warm_bytes = mb << 20; },
         "Of that memory, how much to fill before serving with the counts of the longest lists, longest first "
         "(0: none; default 32)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("--facet-warm-ms", o.facet_cache.warm_ms,
                 "Longest time the facet cache's warm-up may delay serving, at start and on each reload")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--max-queued", o.max_queued, "Connections that may wait for a worker; more are answered 503")
      ->check(CLI::Range(0, 100000))->capture_default_str();
  app.add_option("--read-deadline-ms", o.read_deadline_ms,
                 "Time a client has to send a whole request, from connecting or from the previous response; slower "
                 "connections are closed")
      ->check(CLI::Range(100, 600000))->capture_default_str();
  app.add_option("--keep-alive-timeout-s", o.keep_alive_timeout_s, "Idle seconds allowed between requests on one connection")
      ->check(CLI::Range(0, 3600))->capture_default_str();
  app.add_option("--keep-alive-max", o.keep_alive_max_requests, "Requests per connection before the server closes it")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  // Caps on costly search parameters (engine::SearchCaps; decision 0019 says why the
  // defaults): each at most the engine's own limit (search_request.hpp), which the CLI uses.
  const auto cap = [&app](const char* flag, std::size_t& value, std::size_t engine_max, const char* what) {
    app.add_option(flag, value,
                   std::string("Largest ") + what + " a request may ask (at most " + std::to_string(engine_max) + ")")
        ->check(CLI::Range(std::size_t{1}, engine_max))
        ->capture_default_str();
  };
  cap("--max-k", o.caps.max_limit, engine::kMaxLimit, "k (limit)");
  cap("--max-offset", o.caps.max_offset, engine::kMaxOffset, "offset");
  cap("--max-depth", o.caps.max_depth, engine::kMaxDepth, "hybrid depth");
  cap("--max-rerank-depth", o.caps.max_rerank_depth, engine::kMaxRerankDepth, "rerank_depth");
  cap("--max-ef-search", o.caps.max_ef_search, engine::kMaxEfSearch, "ef_search");
  cap("--max-nprobe", o.caps.max_nprobe, engine::kMaxNprobe, "nprobe");
  cap("--max-truncations", o.caps.max_truncations, engine::kMaxTruncations, "number of truncated words (term*) in q");
  app.add_option(
         "--max-dense-visits", o.caps.max_dense_visits,
         "Most vectors one FAISS search round may visit; a request's nprobe is lowered to fit, so its cost does "
         "not grow with the index (0: no bound)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 40))
      ->capture_default_str();
  app.add_option("--request-budget-ms", o.caps.budget_ms,
                 "Time budget of a search in ms: past it the search stops and answers 503 (0: none); a request's "
                 "budget_ms may only lower it")
      ->check(CLI::Range(0, 600000))->capture_default_str();
}

}  // namespace medsearch::cli
