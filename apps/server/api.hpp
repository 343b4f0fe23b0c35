// The server's routes as plain functions of an HttpRequest (docs/api.md):
//   GET /api/search, /api/doc/{pmid}, /api/similar/{pmid}, /api/stats, /api/export, /healthz, /metrics,
//   the embedded web page (/, /app.js, /app.css, /favicon.svg), and the judgment routes
//   (api_judgments.cpp): POST /api/login, /api/logout; GET /api/session;
//   GET/POST /api/judgments; GET /api/judgments/qrels; the mobile pages (mobile_pages.hpp)
//   GET /m/search, /m/doc/{pmid}; and, when configured, GET/POST /wechat (wechat_endpoint.hpp).
// handle() routes a request, turns a medsearch::Error (or any exception) into a JSON error
// with the matching status, and records metrics. Thread-safe: one Api serves every server
// thread; it holds references to the index, which must outlive it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http_types.hpp"
#include "login_limiter.hpp"
#include "metrics.hpp"
#include "wechat_endpoint.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/engine/suggest/suggestion_service.hpp"

namespace medsearch::judgments {
class JudgmentStore;
}

namespace medsearch::server {

struct ParamLimits {
  std::size_t max_query_bytes = engine::kMaxQueryBytes;  // longest accepted `q`
  // Caps on costly parameters and the time budget of searches (docs/api.md "Limits");
  // the defaults are the engine's own limits, ServerOptions sets the server's.
  engine::SearchCaps search;
};

struct ApiOptions {
  ParamLimits limits;
  // Not owned; must outlive the Api. Null: the judgment routes answer 503 Unavailable.
  judgments::JudgmentStore* judgments = nullptr;
  // The WeChat endpoint's settings; not enabled() (no token): /wechat answers 404.
  WechatConfig wechat;
  WechatEndpointOptions wechat_options;
  // The endpoint's sessions and retry table (wechat_state.hpp), shared across reloads like
  // `metrics`. Null: the endpoint keeps its own.
  std::shared_ptr<WechatState> wechat_state;
  // The Searcher's (Chinese dictionaries loaded on first use by default; tests turn them off).
  engine::SearcherOptions searcher;
  // Shared with the Api that replaces this one when the server reloads the index, so the
  // counters carry on. Null: the Api keeps its own.
  std::shared_ptr<Metrics> metrics;
  // Sign-in rate limits (login_limiter.hpp), shared across reloads like `metrics`. Null:
  // the Api keeps its own with the default limits.
  std::shared_ptr<LoginLimiter> logins;
  // Autocomplete and spelling suggestions (api_suggest.cpp, decision 0022).
  engine::suggest::SuggestionServiceOptions suggest;
};

// The session cookie's name (HttpOnly, SameSite=Strict, Path=/).
constexpr const char* kSessionCookie = "medsearch_session";

class Api {
 public:
  Api(const engine::IndexReader& index, ApiOptions options = {});

  // Routes by method and path; never throws.
  HttpResponse handle(HttpRequest request) const;

  // The handlers (each may throw medsearch::Error; handle() catches).
  HttpResponse search(const HttpRequest& request) const;
  HttpResponse doc(const HttpRequest& request) const;      // path_params["pmid"]
  HttpResponse similar(const HttpRequest& request) const;  // path_params["pmid"]
  HttpResponse stats(const HttpRequest& request) const;
  HttpResponse healthz(const HttpRequest& request) const;
  HttpResponse metrics(const HttpRequest& request) const;
  HttpResponse asset(const HttpRequest& request) const;
  // GET /api/export?format=…&pmid=… | &q=…&max=… (api_export.cpp): a citation file.
  HttpResponse export_citations(const HttpRequest& request) const;
  HttpResponse mobile_search(const HttpRequest& request) const;  // GET /m/search
  HttpResponse mobile_doc(const HttpRequest& request) const;     // GET /m/doc/{pmid}
  HttpResponse wechat(const HttpRequest& request) const;         // GET/POST /wechat
  HttpResponse suggest(const HttpRequest& request) const;        // GET /api/suggest (api_suggest.cpp)
  // Judgments (api_judgments.cpp). POST bodies are JSON objects (Content-Type
  // application/json, else 415); writes need a session cookie (else 401).
  HttpResponse login(const HttpRequest& request) const;         // POST {name, password}
  // Sign-ins are rate limited (429 with Retry-After). Reads of judgments need a session
  // too (they name the judges).
  HttpResponse logout(const HttpRequest& request) const;        // POST
  HttpResponse session(const HttpRequest& request) const;       // GET → {judging: bool, user: name|null}
  HttpResponse judgments(const HttpRequest& request) const;     // GET ?query= | POST {query, doc_id, grade}
  HttpResponse judgments_qrels(const HttpRequest& request) const;  // GET → TREC qrels text

  // Loads what the first search would (engine::Searcher::warm_up); one line per part.
  // Also builds the suggestions' vocabulary (api_suggest.cpp).
  std::vector<std::string> warm_up() const;

  Metrics& metrics_registry() const { return *metrics_; }
  const engine::IndexReader& index() const { return index_; }

 private:
  DocId require_doc(const HttpRequest& request) const;
  // The request's search parameters over the searcher's default ranking (engine/search_params.hpp).
  engine::ParsedSearch parse_search(const HttpRequest& request, bool with_query) const;
  judgments::JudgmentStore& require_judgments() const;
  // Adds "suggestion" to a search's JSON when SuggestionService::spelling offers one.
  void add_spelling_suggestion(nlohmann::ordered_json& body, const engine::SearchRequest& request,
                               const engine::SearchResponse& response, std::size_t below) const;

  const engine::IndexReader& index_;
  ApiOptions options_;
  engine::Searcher searcher_;
  engine::suggest::SuggestionService suggestions_;
  std::unique_ptr<WechatEndpoint> wechat_;  // null unless options.wechat is enabled
  std::shared_ptr<Metrics> metrics_;  // thread-safe itself
  std::shared_ptr<LoginLimiter> logins_;  // thread-safe itself
  mutable std::once_flag stats_once_;  // index_stats() walks every document: computed once
  mutable std::string stats_body_;
};

}  // namespace medsearch::server
