// The one JSON shape of a search response, written by `medsearch search --format json`, the
// HTTP API's /api/search and /api/similar (docs/api.md "Search response"):
//   {query_understood, translation: {searched, shown, note} | null, total, total_is_exact,
//    took_ms, offset, limit, hits: [{id, title, journal, year | null, authors, score,
//    snippet, doi | null, pubmed_url}]}
// Built from the response alone: hydration (engine::Searcher) already read each article once.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "medsearch/engine/search/search_request.hpp"

namespace medsearch::engine {

// highlight: snippets with <mark> HTML (escaped text) or as plain text.
nlohmann::ordered_json to_json(const SearchResponse& response, const SearchRequest& request, bool highlight);

// "https://pubmed.ncbi.nlm.nih.gov/PMID/": the record on PubMed, for links.
std::string pubmed_url(const std::string& pmid);

}  // namespace medsearch::engine
