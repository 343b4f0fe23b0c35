// The vocabulary of ranked results, shared by every module that ranks documents
// (lexical top-k, vector search, fusion, the engine's pipeline): a document with a score,
// and a ranked list of them, best first. Ids are DocIds (core/ids.hpp); external ids
// (PMIDs) appear only when results are hydrated or written as TREC runs (eval/run.hpp).
#pragma once

#include <algorithm>
#include <vector>

#include "medsearch/core/ids.hpp"

namespace medsearch {

struct ScoredDoc {
  DocId doc;
  float score = 0;
  bool operator==(const ScoredDoc&) const = default;
};

// Best first; no DocId twice.
using RankedList = std::vector<ScoredDoc>;

// The one order of ranked results: score descending, ties by smaller DocId.
inline bool ranks_before(const ScoredDoc& a, const ScoredDoc& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

inline void sort_best_first(RankedList& list) { std::sort(list.begin(), list.end(), ranks_before); }

}  // namespace medsearch
