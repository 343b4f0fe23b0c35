// Which adjacent segments to merge next, so that the number of segments stays bounded
// as an index grows batch by batch (docs/decisions/0010-segment-merges.md).
//
// Segments are grouped in levels by size, each level `merge_factor` times larger than the
// one below (the logarithmic levels of Lucene's LogMergePolicy; see also O'Neil et al.,
// "The log-structured merge-tree", Acta Informatica 1996): a segment of n documents is on
// level floor(log_F(max(n, min_segment_docs) / min_segment_docs)). A merge takes
// `merge_factor` adjacent mergeable segments (adjacent, so that their DocIds stay one
// contiguous range), all of one level, or of that level and below when the largest is at
// most half of the result; it is chosen lowest level first, newest first. When batches make
// segments of about one size, each document is rewritten about once per level,
// log_F(N / min_segment_docs) times, and an index holds fewer than merge_factor segments
// per level plus those that reached max_merged_docs; with uneven sizes the balance rule
// bounds the rewrites of a document by log2(N).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace medsearch::engine {

struct MergePolicy {
  std::uint32_t merge_factor = 10;            // segments per merge, and size ratio between levels; < 2 disables merging
  std::uint32_t min_segment_docs = 10'000;     // smaller segments count as this size
  std::uint32_t max_merged_docs = 4'000'000;   // no merge makes a larger segment (bounds merge memory)
};

// The run [first, first + count) of segments to merge.
struct MergeRun {
  std::size_t first = 0;
  std::size_t count = 0;
  bool operator==(const MergeRun&) const = default;
};

// `sizes`: the segments' document counts in manifest order; `merge_group[i]`: segments merge
// only with segments of the same group (the indexer's groups: without vectors, with
// complete vectors of the index's model), and not at all when it is negative (half-written
// vectors). nullopt when no run qualifies.
std::optional<MergeRun> choose_merge(const std::vector<std::uint32_t>& sizes, const std::vector<int>& merge_group,
                                     const MergePolicy& policy);

}  // namespace medsearch::engine
