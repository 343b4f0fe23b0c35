#include "medsearch/rank/fusion.hpp"

#include <algorithm>
#include <unordered_map>

namespace medsearch::rank {
namespace {

void add_rrf(const WeightedList& list, float rrf_k, std::unordered_map<DocId, double>& sums) {
  for (std::size_t i = 0; i < list.docs.size(); ++i) sums[list.docs[i].doc] += 1.0 / (rrf_k + double(i + 1));
}

void add_weighted(const WeightedList& list, std::unordered_map<DocId, double>& sums) {
  if (list.docs.empty()) return;
  auto [lo, hi] = std::minmax_element(list.docs.begin(), list.docs.end(),
                                      [](const ScoredDoc& a, const ScoredDoc& b) { return a.score < b.score; });
  const double min = lo->score, range = double(hi->score) - min;
  for (const ScoredDoc& d : list.docs) {
    const double normalised = range > 0 ? (d.score - min) / range : 1.0;
    sums[d.doc] += list.weight * normalised;
  }
}

}  // namespace

RankedList fuse(std::span<const WeightedList> lists, FusionMethod method, float rrf_k) {
  std::unordered_map<DocId, double> sums;
  for (const WeightedList& list : lists) {
    // A document absent from a list contributes nothing there, but must still appear.
    for (const ScoredDoc& d : list.docs) sums.try_emplace(d.doc, 0.0);
    if (method == FusionMethod::Rrf) add_rrf(list, rrf_k, sums);
    else add_weighted(list, sums);
  }
  RankedList fused;
  fused.reserve(sums.size());
  for (const auto& [doc, score] : sums) fused.push_back({doc, float(score)});
  std::sort(fused.begin(), fused.end(), ranks_before);
  return fused;
}

}  // namespace medsearch::rank
