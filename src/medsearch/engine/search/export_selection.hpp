// The articles a citation export writes (GET /api/export, `medsearch export`): given
// PMIDs, or a query's results in ranked order up to a limit. Formatting is cite/'s.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/searcher.hpp"

namespace medsearch::engine {

// Limits: PMIDs named in one export, and results of one query export (PubMed's own
// "Save → All results" stops at 10,000).
inline constexpr std::size_t kMaxExportIds = 1000;
inline constexpr std::size_t kMaxExportResults = 10000;
inline constexpr std::size_t kDefaultExportResults = 1000;

// The live articles with these ids, in the given order, each once. Throws
// Error(InvalidArgument) for more than kMaxExportIds ids or an empty one,
// Error(NotFound) naming the first id the index does not hold.
std::vector<Article> articles_by_id(const IndexReader& index, const std::vector<std::string>& ids);

// The first `max_results` (1..kMaxExportResults) results of `request` (its query, filters,
// mode and sort; its offset and limit are replaced), in result order. Pages of kMaxLimit
// are searched in turn, so the order is the one the result pages show.
std::vector<Article> articles_for_query(const IndexReader& index, const Searcher& searcher, SearchRequest request,
                                        std::size_t max_results);

}  // namespace medsearch::engine
