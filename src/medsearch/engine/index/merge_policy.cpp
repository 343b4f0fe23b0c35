#include "medsearch/engine/index/merge_policy.hpp"

#include <algorithm>

namespace medsearch::engine {
namespace {

std::uint32_t level_of(std::uint32_t docs, const MergePolicy& policy) {
  std::uint64_t bound = static_cast<std::uint64_t>(policy.min_segment_docs) * policy.merge_factor;
  std::uint32_t level = 0;
  while (docs >= bound) {
    ++level;
    bound *= policy.merge_factor;
  }
  return level;
}

}  // namespace

std::optional<MergeRun> choose_merge(const std::vector<std::uint32_t>& sizes, const std::vector<int>& merge_group,
                                     const MergePolicy& policy) {
  const std::size_t f = policy.merge_factor;
  if (f < 2 || sizes.size() < f) return std::nullopt;
  std::vector<std::uint32_t> levels(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) levels[i] = level_of(sizes[i], policy);
  const std::uint32_t top = *std::max_element(levels.begin(), levels.end());
  for (std::uint32_t level = 0; level <= top; ++level) {
    // The newest window of f adjacent mergeable segments on this level or below whose
    // merge stays within max_merged_docs, and that is either all on this level or
    // balanced: its largest segment at most half of the merged one. The balance rule lets
    // a small segment stranded between larger ones merge, without rewriting a large
    // segment for a few small ones again and again: a segment is rewritten only when the
    // result is at least twice its size, so at most log2(N) times.
    for (std::size_t first = sizes.size() - f + 1; first-- > 0;) {
      std::uint64_t docs = 0;
      std::uint32_t largest = 0;
      bool ok = true, one_level = true;
      for (std::size_t i = first; i < first + f && ok; ++i) {
        ok = merge_group[i] >= 0 && merge_group[i] == merge_group[first] && levels[i] <= level;
        one_level = one_level && levels[i] == level;
        docs += sizes[i];
        largest = std::max(largest, sizes[i]);
      }
      const bool balanced = 2 * static_cast<std::uint64_t>(largest) <= docs;
      if (ok && (one_level || balanced) && docs <= policy.max_merged_docs) return MergeRun{first, f};
    }
  }
  return std::nullopt;
}

}  // namespace medsearch::engine
