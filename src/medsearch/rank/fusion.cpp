#include "medsearch/rank/fusion.hpp"

#include <algorithm>
#include <unordered_map>

namespace medsearch::rank {

std::size_t CandidateTable::add(DocId doc) {
  docs_.push_back(doc);
  scores_.resize(scores_.size() + lists_, 0.0f);
  ranks_.resize(ranks_.size() + lists_, 0);
  return docs_.size() - 1;
}

CandidateTable union_of(std::span<const std::span<const ScoredDoc>> lists) {
  CandidateTable table(lists.size());
  std::unordered_map<DocId, std::size_t> row_of;
  for (std::size_t l = 0; l < lists.size(); ++l) {
    for (std::size_t i = 0; i < lists[l].size(); ++i) {
      const ScoredDoc& d = lists[l][i];
      auto [it, added] = row_of.try_emplace(d.doc, 0);
      if (added) it->second = table.add(d.doc);
      table.set_score(it->second, l, d.score);
      table.set_rank(it->second, l, static_cast<std::uint32_t>(i + 1));
    }
  }
  return table;
}

RankedList fuse(const CandidateTable& table, std::span<const float> weights, FusionMethod method, float rrf_k,
                std::size_t reference_rows) {
  const std::size_t reference = std::min(reference_rows, table.size());
  std::vector<double> sums(table.size(), 0.0);
  for (std::size_t l = 0; l < table.lists(); ++l) {
    if (method == FusionMethod::Rrf) {
      for (std::size_t i = 0; i < table.size(); ++i) {
        if (const std::uint32_t r = table.rank(i, l)) sums[i] += weights[l] / (double(rrf_k) + r);
      }
      continue;
    }
    if (reference == 0) break;
    double lo = table.score(0, l), hi = lo;
    for (std::size_t i = 1; i < reference; ++i) lo = std::min<double>(lo, table.score(i, l)), hi = std::max<double>(hi, table.score(i, l));
    const double range = hi - lo;
    for (std::size_t i = 0; i < table.size(); ++i) {
      sums[i] += weights[l] * (range > 0 ? (table.score(i, l) - lo) / range : 1.0);
    }
  }
  RankedList fused;
  fused.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) fused.push_back({table.doc(i), float(sums[i])});
  std::sort(fused.begin(), fused.end(), ranks_before);
  return fused;
}

}  // namespace medsearch::rank
