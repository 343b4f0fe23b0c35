// What a re-ranker needs to know about a few given documents and a query's terms: per
// document its field lengths, each term's tf per field, and how close the terms occur
// (the smallest window of positions that holds them). One pass over the terms' posting
// lists, advancing to the given documents only (cost ∝ terms × documents × log of skips).
// Used to compute features (engine/search/rerank_features.hpp), never to select documents.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "medsearch/core/ids.hpp"
#include "medsearch/lexical/dead_documents.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/top_k.hpp"

namespace medsearch::lexical {

struct DocTermStats {
  DocId doc;
  std::array<std::uint32_t, kTextFieldCount> lengths{};
  std::vector<std::array<std::uint32_t, kTextFieldCount>> tf;  // per query term, in the query's order
  // The smallest span (last − first + 1 token positions) inside one field holding every
  // distinct query term that field has, over the fields with at least two such terms;
  // window_terms: how many terms that window holds (0 and span 0 when no field has two).
  std::uint32_t window_span = 0;
  std::uint32_t window_terms = 0;
};

struct TermStatsResult {
  std::vector<DocTermStats> docs;        // in the order of the `docs` argument
  std::vector<std::uint64_t> doc_freq;   // per query term, live documents
  CollectionStats collection;            // the live collection (as ranking sees it)
};

// `docs` in any order, no duplicates, all < the collection's DocId count.
TermStatsResult doc_term_stats(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                               const std::vector<DocId>& docs, const DeadDocuments* dead);

// The smallest window (span, terms) over per-term ascending position lists: the span of the
// shortest stretch holding one position of every non-empty list (Clarke, Cormack &
// Tudhope's cover-density ranking, 2000, uses the same covers). {0, 0} with fewer than two
// non-empty lists.
std::pair<std::uint32_t, std::uint32_t> smallest_window(const std::vector<std::vector<std::uint32_t>>& positions);

}  // namespace medsearch::lexical
