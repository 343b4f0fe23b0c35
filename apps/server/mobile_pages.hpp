// Server-rendered pages for phones and WeChat's in-app browser (docs/wechat.md "Mobile
// pages"): no script, one small stylesheet (/m.css), readable at 375 px without zooming.
// Chinese interface by default; ui=en for English.
//   GET /m/search?q=…[&page=N][&ui=en] plus any search parameter of GET /api/search
//       (filters, ranking), read by the same parser: 10 results a page.
//   GET /m/doc/{pmid}[?q=…][&ui=en]: title, authors, journal, year, the abstract with the
//       query's terms marked, how a Chinese query was understood, links to PubMed and DOI.
// Errors are pages too (400 for a bad parameter, 404 for an unknown PMID).
// Pure functions of the request; thread-safe.
#pragma once

#include <string>

#include "http_types.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/searcher.hpp"

namespace medsearch::server {

inline constexpr std::size_t kMobilePageSize = 10;

// `caps`: the server's limits and time budget (engine::SearchCaps), as for /api/search.
HttpResponse mobile_search_page(const engine::Searcher& searcher, const HttpRequest& request,
                                const engine::SearchCaps& caps = {});
HttpResponse mobile_doc_page(const engine::Searcher& searcher, const HttpRequest& request, const std::string& pmid);

}  // namespace medsearch::server
