#include "medsearch/engine/search/export_selection.hpp"

#include <algorithm>
#include <unordered_set>

#include "medsearch/core/error.hpp"

namespace medsearch::engine {

std::vector<Article> articles_by_id(const IndexReader& index, const std::vector<std::string>& ids) {
  if (ids.size() > kMaxExportIds) {
    throw Error(ErrorCode::InvalidArgument, "at most " + std::to_string(kMaxExportIds) + " PMIDs per export, got " +
                                                std::to_string(ids.size()));
  }
  std::vector<Article> out;
  std::unordered_set<std::string> seen;
  for (const std::string& id : ids) {
    if (id.empty() || id.size() > 64) throw Error(ErrorCode::InvalidArgument, "a PMID must be 1..64 characters");
    if (!seen.insert(id).second) continue;
    const auto doc = index.find(id);
    if (!doc) throw Error(ErrorCode::NotFound, "no document with PMID '" + id + "'");
    out.push_back(index.article(*doc));
  }
  return out;
}

std::vector<Article> articles_for_query(const IndexReader& index, const Searcher& searcher, SearchRequest request,
                                        std::size_t max_results) {
  if (max_results == 0 || max_results > kMaxExportResults) {
    throw Error(ErrorCode::InvalidArgument, "max must be in 1.." + std::to_string(kMaxExportResults) + ", got " +
                                                std::to_string(max_results));
  }
  request.snippets = false;
  request.fetch_documents = false;
  request.facets = false;
  std::vector<DocId> docs;
  // kMaxOffset (10000) + kMaxLimit covers kMaxExportResults, so every page is a valid request.
  for (request.offset = 0; docs.size() < max_results; request.offset += kMaxLimit) {
    request.limit = std::min(kMaxLimit, max_results - docs.size());
    const SearchResponse page = searcher.search(request);
    for (const SearchHit& hit : page.hits) docs.push_back(hit.doc);
    if (page.hits.size() < request.limit) break;
  }
  std::vector<Article> out;
  out.reserve(docs.size());
  for (DocId doc : docs) out.push_back(index.article(doc));
  return out;
}

}  // namespace medsearch::engine
