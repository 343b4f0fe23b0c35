// rank::fuse: one ranked list from several (lexical and dense), by reciprocal rank fusion
// or by a weighted sum of min-max normalised scores.
//
// RRF: score(d) = sum over lists of 1 / (k + rank_l(d)), rank from 1, k = 60
// (Cormack, Clarke & Buettcher, "Reciprocal Rank Fusion outperforms Condorcet and
// individual Rank Learning Methods", SIGIR 2009).
// Weighted sum: each list's scores are mapped to [0, 1] by (s - min) / (max - min) over
// that list (a list whose scores are all equal maps to 1); a document absent from a list
// gets 0 there; score(d) = sum of weight_l * normalised_l(d)
// (Fox & Shaw, "Combination of Multiple Searches", TREC-2 1994, CombSUM over normalised scores).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "medsearch/core/scored_doc.hpp"

namespace medsearch::rank {

// A ranked list (best first) with the weight it carries in a weighted fusion.
struct WeightedList {
  std::span<const ScoredDoc> docs;
  float weight = 1;
};

inline constexpr float kRrfK = 60;

enum class FusionMethod : std::uint8_t { Rrf, WeightedSum };

// Fuses `lists` (each best first, no doc twice in one list) into one list best first:
// score descending, ties by smaller DocId. Every document of any list appears once.
RankedList fuse(std::span<const WeightedList> lists, FusionMethod method, float rrf_k = kRrfK);

}  // namespace medsearch::rank
