// Query parameters of /api/search and /api/similar → engine::SearchRequest, and the
// SearchResponse → JSON view both return (docs/api.md). Pure functions; thread-safe.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "http_types.hpp"
#include "medsearch/engine/index_reader.hpp"
#include "medsearch/engine/searcher.hpp"

namespace medsearch::server {

struct ParamLimits {
  std::size_t max_query_bytes = 4096;  // longest accepted `q`
};

// Reads q (when `with_query`), mode, syntax, k|limit, offset, sort, year_from, year_to,
// journal, pt, lang, mesh (repeatable), has_abstract. Throws Error(InvalidArgument) naming
// the parameter for a missing, malformed, repeated or out-of-range value, or an unknown
// parameter. `highlight` and `allowed_extra` names are accepted without being read.
engine::SearchRequest parse_search_params(const HttpRequest& request, const ParamLimits& limits, bool with_query);

// highlight=0|1 (default 1): whether snippets carry <mark> HTML or plain text.
bool parse_highlight(const HttpRequest& request);

// {query_understood, total, total_is_exact, took_ms, offset, limit, hits:[{id, title,
// journal, year, authors, score, snippet, doi?, pubmed_url}]}. Reads each hit's article
// for its DOI.
nlohmann::ordered_json search_response_to_json(const engine::SearchResponse& response, const engine::SearchRequest& request,
                                               const engine::IndexReader& index, bool highlight);

std::string pubmed_url(const std::string& pmid);

}  // namespace medsearch::server
