// Step 4 of a hybrid search: the lexical and dense lists fused over their candidate union
// with real scores (rank/fusion.hpp; docs/decisions/0015-fusion-over-real-scores.md).
//
// Candidates: the lexical list's first `depth` ∪ the dense list's first `depth` (depth =
// the request's hybrid.depth, never the page). Every candidate gets its real BM25F score
// (lexical::top_k restricted to the candidates the lexical list did not reach; 0 when it
// holds no query term) and its real inner product with the query vector (from its stored
// vector; candidates without one get the lowest candidate's). Both normalisations are over
// these candidates, so they do not change with offset or limit. A page past the candidates
// continues with the lexical list's next documents in BM25 order, scored by the same
// formula with the same constants.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "medsearch/core/doc_set.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/search_plan.hpp"

namespace medsearch::engine {

// `lexical`: at least plan.wanted and at least hybrid.depth documents when that many match
// (retrieve_lexical with k = max(wanted, depth)); `dense`: the dense list's first depth
// for `query_vector`. Returns the fused list cut to `wanted` (plan.wanted, or more for a
// re-ranker).
Retrieved fuse_hybrid(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                      const DenseIndex& dense_index, const std::vector<float>& query_vector, Retrieved lexical,
                      const Retrieved& dense, std::size_t wanted);

}  // namespace medsearch::engine
