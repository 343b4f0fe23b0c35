// Who does which share of a job: a pure function of the shares' sizes and the rank count,
// so every rank computes the same plan from the same list without talking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace medsearch::cluster {

// Assigns each share to a rank, largest first to the rank with the least work so far (the
// "longest processing time first" rule: at most 4/3 of the optimal makespan, Graham 1969);
// ties go to the earlier share and the lower rank. Returns owner[i] for share i.
std::vector<int> assign_by_size(const std::vector<std::uint64_t>& sizes, int ranks);

// Rows [begin, end) of share `share`, encoded by `rank`.
struct RowRange {
  std::size_t share = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  int rank = 0;
  bool operator==(const RowRange&) const = default;
};

// Splits shares of sizes[i] rows between the ranks, cutting a share into row ranges when
// that balances the ranks better than whole shares do:
//  - whole shares by assign_by_size, one range per non-empty share, when no rank then
//    carries more rows than under the cut plan below (so a balanced list is never cut);
//  - otherwise the cut plan (McNaughton's wrap-around rule, 1959): the shares laid end to
//    end in order and cut at rows ceil(r * total / ranks), r = 1..ranks-1, rank r taking the
//    rows between its two cuts. A cut is moved to the nearest multiple of `granule` rows
//    from the start of the share it falls in (its end counts as one; ties go down), so
//    every rank carries total/ranks rows within one granule and every range begins at a
//    multiple of `granule` from its share's start (granule 0 counts as 1).
// Every row of every share is in exactly one range; empty shares get none. Ranges come in
// share order, then row order. With granule 1 the cut plan gives row p of the shares laid
// end to end to rank floor(p * ranks / total).
std::vector<RowRange> split_rows_by_size(const std::vector<std::uint64_t>& sizes, int ranks, std::uint64_t granule);

// The most rows any rank carries under `ranges`.
std::uint64_t busiest_rank_rows(const std::vector<RowRange>& ranges, int ranks);

}  // namespace medsearch::cluster
