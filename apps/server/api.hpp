// The server's routes as plain functions of an HttpRequest (docs/api.md):
//   GET /api/search, /api/doc/{pmid}, /api/similar/{pmid}, /api/stats, /healthz, /metrics,
//   and the embedded web page (/, /app.js, /app.css, /favicon.svg).
// handle() routes a request, turns a medsearch::Error (or any exception) into a JSON error
// with the matching status, and records metrics. Thread-safe: one Api serves every server
// thread; it holds references to the index, which must outlive it.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "http_types.hpp"
#include "metrics.hpp"
#include "search_params.hpp"
#include "medsearch/engine/index_reader.hpp"
#include "medsearch/engine/searcher.hpp"

namespace medsearch::server {

struct ApiOptions {
  ParamLimits limits;
};

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

  Metrics& metrics_registry() const { return metrics_; }
  const engine::IndexReader& index() const { return index_; }

 private:
  DocId require_doc(const HttpRequest& request) const;

  const engine::IndexReader& index_;
  ApiOptions options_;
  engine::Searcher searcher_;
  mutable Metrics metrics_;
  mutable std::once_flag stats_once_;  // index_stats() walks every document: computed once
  mutable std::string stats_body_;
};

}  // namespace medsearch::server
