// Steps 2–4 of a search (engine/search/searcher.cpp), each a function of the plan:
//   allowed_documents   the Boolean part of the query ∩ the filters − dead documents
//   retrieve_lexical    BM25F / TF-IDF top-k over the allowed documents (lexical::top_k)
//   retrieve_dense      the query's vector against the documents' (DenseIndex::search)
//   (fuse_hybrid, hybrid_fusion.hpp: both lists fused over their candidates)
//   fill_by_date        unscored matches, newest first (Boolean queries, sort=date)
// Each returns a Retrieved: a ranked list and how many documents matched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "medsearch/core/doc_set.hpp"
#include "medsearch/core/helper_threads.hpp"
#include "medsearch/core/scored_doc.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/facet_term_cache.hpp"
#include "medsearch/engine/search/facets.hpp"
#include "medsearch/engine/search/search_plan.hpp"

namespace medsearch::engine {

struct Retrieved {
  RankedList ranked;
  std::uint64_t total = 0;     // matching documents
  bool total_is_exact = true;  // false: a lower bound (pruned top-k, fusion)
};

// nullopt: no constraint (free text without filters): every live document may match.
// `helpers`: lexical::match's SegmentSplit (the match sets built on two threads).
std::optional<DocSet> allowed_documents(const SearchPlan& plan, const IndexReader& index,
                                        HelperThreads* helpers = nullptr);

// The best `k` documents by the plan's ranking terms (none when sorting by date, in dense
// mode, or without ranking terms); `total` counts the allowed documents when the match
// tree, not the ranking terms, decides what matches. `helpers`: lexical::top_k's SegmentSplit.
Retrieved retrieve_lexical(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                           std::size_t k, HelperThreads* helpers = nullptr);

// The request's query vector (SearchRequest::query_vector, checked against the model's
// dimension), else plan.dense_text embedded, or plan.typed_text (a translated query as
// typed) when the model is multilingual.
std::vector<float> query_vector(const SearchPlan& plan, const DenseIndex& dense);
// Whether query_vector embeds plan.typed_text: a translated (Chinese) query, no vector given,
// and a multilingual model (issue 15 item 4).
bool embeds_typed_text(const SearchPlan& plan, const DenseIndex& dense);
// The best `k` live documents with vectors among `allowed` for `query`. `total`: the
// documents dense search could return.
Retrieved retrieve_dense(const SearchPlan& plan, const std::optional<DocSet>& allowed, const DenseIndex& dense,
                         const std::vector<float>& query, std::size_t k);

// The facet counts of what the query matches in segment `segment` of the index, unranked:
// for free text, the documents with any of its ranking terms ∩ `allowed`; otherwise (the
// Boolean matches ∩ the filters, or dense mode, which ranks every document) `allowed`, or
// every live document when there is no constraint. The piece Searcher::search offers per
// segment to its helper threads (decision 0032); merged over every segment, the pieces give
// the query's facets. `cache` (nullptr: none) holds the facet counts of long posting lists
// (FacetTermCache); it serves free text without a constraint, for at most kMaxCachedLists
// of its terms per segment (the others are read row by row).
// With a constraint (`allowed`) whose documents in the segment, times kFacetProbeFactor
// times the query's lists there, are fewer than those lists' postings, each allowed document
// is looked up in each list with a cursor (a skip search and a block of 16 decoded with its
// tfs, ~30 times a posting's decoding) instead of decoding the lists whole.
inline constexpr std::size_t kMaxCachedLists = 4;
inline constexpr std::uint64_t kFacetProbeFactor = 32;
FacetTally segment_facets(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                          std::size_t segment, FacetTermCache* cache = nullptr);

// Whether the lexical result needs unscored documents: sorting by date, or a Boolean query
// whose ranked part found fewer than wanted (its other matches have no score).
bool needs_date_fill(const SearchPlan& plan, const Retrieved& lexical);
// Adds matching documents not yet ranked, newest first (year, month; ties by larger DocId),
// up to plan.wanted; sorting by date replaces the ranked list.
void fill_by_date(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index, Retrieved& result,
                  HelperThreads* helpers = nullptr);

}  // namespace medsearch::engine
