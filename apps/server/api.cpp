#include "api.hpp"

#include <chrono>
#include <exception>

#include "medsearch/engine/index/json_views.hpp"
#include "medsearch/engine/search/search_json.hpp"
#include "medsearch/engine/search/similar.hpp"
#include "api_suggest.hpp"
#include "mobile_pages.hpp"
#include "web_assets.hpp"

namespace medsearch::server {
namespace {

// The page may load only its own files (DESIGN: nothing from the internet).
constexpr const char* kPagePolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool starts_with_segment(const std::string& path, const std::string& prefix, std::string& rest) {
  if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  rest = path.substr(prefix.size());
  return rest.find('/') == std::string::npos;
}

// `allowed` is an Allow header value: "GET, HEAD, POST".
bool method_allowed(std::string_view allowed, std::string_view method) {
  while (!allowed.empty()) {
    const std::size_t comma = allowed.find(", ");
    if (allowed.substr(0, comma) == method) return true;
    if (comma == std::string_view::npos) break;
    allowed.remove_prefix(comma + 2);
  }
  return false;
}

}  // namespace

Api::Api(const engine::IndexReader& index, ApiOptions options)
    : index_(index),
      options_(std::move(options)),
      searcher_(index, options_.searcher),
      suggestions_(searcher_, options_.suggest),
      metrics_(options_.metrics ? options_.metrics : std::make_shared<Metrics>()),
      logins_(options_.logins ? options_.logins : std::make_shared<LoginLimiter>()) {
  if (options_.wechat.enabled()) {
    WechatEndpointOptions wechat_options = options_.wechat_options;
    wechat_options.search_caps = options_.limits.search;  // the server's caps and budget, as /api/search
    wechat_ = std::make_unique<WechatEndpoint>(searcher_, options_.wechat, std::move(wechat_options), options_.wechat_state);
  }
}

HttpResponse Api::handle(HttpRequest request) const {
  const auto start = std::chrono::steady_clock::now();
  std::string route = "unmatched";
  HttpResponse response;
  try {
    using Handler = HttpResponse (Api::*)(const HttpRequest&) const;
    Handler handler = nullptr;
    const char* allowed = "GET, HEAD";
    std::string rest;
    const std::string& p = request.path;
    if (p == "/api/search") route = p, handler = &Api::search;
    else if (p == "/api/stats") route = p, handler = &Api::stats;
    else if (p == "/api/suggest") route = p, handler = &Api::suggest;
    else if (p == "/api/export") route = p, handler = &Api::export_citations, allowed = "GET, HEAD, POST";
    else if (p == "/healthz") route = p, handler = &Api::healthz;
    else if (p == "/metrics") route = p, handler = &Api::metrics;
    else if (p == "/api/login") route = p, handler = &Api::login, allowed = "POST";
    else if (p == "/api/logout") route = p, handler = &Api::logout, allowed = "POST";
    else if (p == "/api/session") route = p, handler = &Api::session;
    else if (p == "/api/judgments") route = p, handler = &Api::judgments, allowed = "GET, HEAD, POST";
    else if (p == "/api/judgments/qrels") route = p, handler = &Api::judgments_qrels;
    else if (p == "/wechat") route = p, handler = &Api::wechat, allowed = "GET, HEAD, POST";
    else if (p == "/m/search") route = p, handler = &Api::mobile_search;
    else if (starts_with_segment(p, "/m/doc/", rest)) route = "/m/doc/{pmid}", handler = &Api::mobile_doc;
    else if (starts_with_segment(p, "/api/doc/", rest)) route = "/api/doc/{pmid}", handler = &Api::doc;
    else if (starts_with_segment(p, "/api/similar/", rest)) route = "/api/similar/{pmid}", handler = &Api::similar;
    else if (find_web_asset(p) != nullptr) route = "static", handler = &Api::asset;
    if (!rest.empty()) request.path_params["pmid"] = rest;
    const std::string allowed_list = allowed;
    const bool method_ok = method_allowed(allowed_list, request.method);
    if (handler == nullptr) {
      response = error_response(ErrorCode::NotFound, "no route for " + p.substr(0, 200));
    } else if (!method_ok) {
      response = error_response(405, "MethodNotAllowed",
                                request.method.substr(0, 16) + " is not allowed; use " + allowed_list);
      response.headers.emplace_back("Allow", allowed_list);
    } else {
      response = (this->*handler)(request);
    }
  } catch (const Error& e) {
    response = error_response(e.code(), e.what());
  } catch (const std::exception& e) {
    response = error_response(500, "Internal", e.what());
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  metrics_->record(route, response.status, took.count());
  return response;
}

engine::ParsedSearch Api::parse_search(const HttpRequest& request, bool with_query) const {
  engine::SearchParamContext context;
  context.base_ranking = searcher_.default_ranking();
  context.with_query = with_query;
  context.max_query_bytes = options_.limits.max_query_bytes;
  context.caps = options_.limits.search;
  return engine::parse_search_params(request.params, context);
}

HttpResponse Api::search(const HttpRequest& request) const {
  HttpRequest search_request = request;
  const std::size_t below = take_suggest_below(search_request, options_.suggest.suggest_below);
  const engine::ParsedSearch parsed = parse_search(search_request, true);
  const engine::SearchResponse response = searcher_.search(parsed.request);
  nlohmann::ordered_json body = engine::to_json(response, parsed.request, parsed.highlight);
  add_spelling_suggestion(body, parsed.request, response, below);
  return json_response(body);
}

DocId Api::require_doc(const HttpRequest& request) const {
  const auto it = request.path_params.find("pmid");
  const std::string id = it == request.path_params.end() ? "" : it->second;
  if (id.empty() || id.size() > 64) throw Error(ErrorCode::InvalidArgument, "parameter 'pmid' must be 1..64 characters");
  const auto doc = index_.find(id);
  if (!doc) throw Error(ErrorCode::NotFound, "no document with PMID '" + id + "'");
  return *doc;
}

HttpResponse Api::doc(const HttpRequest& request) const {
  if (!request.params.empty()) {
    throw Error(ErrorCode::InvalidArgument, "unknown parameter '" + request.params.begin()->first.substr(0, 64) + "'");
  }
  const DocId doc = require_doc(request);
  nlohmann::ordered_json body = engine::article_to_json(index_.article(doc));
  body["pubmed_url"] = engine::pubmed_url(body.value("id", std::string()));
  return json_response(body);
}

HttpResponse Api::similar(const HttpRequest& request) const {
  const DocId doc = require_doc(request);
  const engine::ParsedSearch parsed = parse_search(request, false);
  const engine::SearchResponse response = engine::search_similar(index_, searcher_, doc, parsed.request);
  nlohmann::ordered_json body;
  body["source_id"] = request.path_params.at("pmid");
  body.update(engine::to_json(response, parsed.request, parsed.highlight));
  return json_response(body);
}

HttpResponse Api::stats(const HttpRequest&) const {
  std::call_once(stats_once_, [this] { stats_body_ = json_response(engine::index_stats(index_)).body; });
  HttpResponse response = json_response(nullptr);
  response.body = stats_body_;
  return response;
}

HttpResponse Api::healthz(const HttpRequest&) const {
  nlohmann::ordered_json body;
  body["status"] = "ok";
  body["documents"] = index_.live_count();
  return json_response(body);
}

HttpResponse Api::metrics(const HttpRequest&) const {
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics_->render(index_.live_count());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse Api::asset(const HttpRequest& request) const {
  const WebAsset* asset = find_web_asset(request.path);
  if (asset == nullptr) throw Error(ErrorCode::NotFound, "no route for " + request.path.substr(0, 200));
  HttpResponse response;
  response.content_type = std::string(asset->content_type);
  response.body = std::string(asset->bytes);
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (asset->path == "/") response.headers.emplace_back("Content-Security-Policy", kPagePolicy);
  return response;
}

HttpResponse Api::mobile_search(const HttpRequest& request) const {
  return mobile_search_page(searcher_, request, options_.limits.search);
}

HttpResponse Api::mobile_doc(const HttpRequest& request) const {
  return mobile_doc_page(searcher_, request, request.path_params.at("pmid"));
}

HttpResponse Api::wechat(const HttpRequest& request) const {
  if (!wechat_) throw Error(ErrorCode::NotFound, "the WeChat endpoint is not configured (docs/wechat.md)");
  return wechat_->handle(request);
}

}  // namespace medsearch::server
