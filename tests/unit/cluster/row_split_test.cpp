// cluster::split_rows_by_size: a segment cut into row ranges when whole segments cannot
// balance the ranks. Checked against a simple exact assignment (row p of the rows laid end
// to end goes to rank floor(p * ranks / total)), and on random lists for the contract:
// every row once, cuts on the granule, never less balanced than whole shares, within one
// granule of total/ranks.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "medsearch/cluster/share_plan.hpp"

namespace medsearch::cluster {
namespace {

// owner[i][row] for every row of every share, or -1 for a row no range covers; a row
// covered twice fails the test.
std::vector<std::vector<int>> owners(const std::vector<std::uint64_t>& sizes, const std::vector<RowRange>& ranges) {
  std::vector<std::vector<int>> owner;
  for (const std::uint64_t size : sizes) owner.emplace_back(size, -1);
  for (const RowRange& r : ranges) {
    EXPECT_LT(r.begin, r.end) << "no empty range";
    for (std::uint64_t row = r.begin; row < r.end; ++row) {
      EXPECT_EQ(owner.at(r.share).at(row), -1) << "share " << r.share << " row " << row << " given twice";
      owner[r.share][row] = r.rank;
    }
  }
  return owner;
}

// The simple exact assignment: each row by its position in the shares laid end to end.
std::vector<std::vector<int>> exact_split(const std::vector<std::uint64_t>& sizes, int ranks) {
  const std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  std::vector<std::vector<int>> owner;
  std::uint64_t position = 0;
  for (const std::uint64_t size : sizes) {
    owner.emplace_back();
    for (std::uint64_t row = 0; row < size; ++row) owner.back().push_back(static_cast<int>(position++ * ranks / total));
  }
  return owner;
}

TEST(RowSplit, OneBigSegmentIsCutIntoBalancedRangesOverTwoAndThreeRanks) {
  for (const int ranks : {2, 3}) {
    for (const std::uint64_t rows : {1000u, 1001u, 7u}) {
      const std::vector<RowRange> ranges = split_rows_by_size({rows}, ranks, 1);
      EXPECT_EQ(owners({rows}, ranges), exact_split({rows}, ranks)) << ranks << " ranks, " << rows << " rows";
      EXPECT_EQ(busiest_rank_rows(ranges, ranks), (rows + ranks - 1) / ranks);
    }
  }
  EXPECT_EQ(split_rows_by_size({1000}, 2, 1), (std::vector<RowRange>{{0, 0, 500, 0}, {0, 500, 1000, 1}}));
  EXPECT_EQ(split_rows_by_size({1000}, 3, 1), (std::vector<RowRange>{{0, 0, 334, 0}, {0, 334, 667, 1}, {0, 667, 1000, 2}}));
  // Cuts on multiples of 64 rows (an encoder chunk): the nearest to 333.3 and 666.7.
  EXPECT_EQ(split_rows_by_size({1000}, 3, 64), (std::vector<RowRange>{{0, 0, 320, 0}, {0, 320, 640, 1}, {0, 640, 1000, 2}}));
}

TEST(RowSplit, BalancedWholeSegmentsAreNotCut) {
  EXPECT_EQ(split_rows_by_size({4, 4, 4, 4}, 2, 1),
            (std::vector<RowRange>{{0, 0, 4, 0}, {1, 0, 4, 1}, {2, 0, 4, 0}, {3, 0, 4, 1}}));
  // A segment smaller than the granule cannot be cut: whole segments, as assign_by_size.
  EXPECT_EQ(split_rows_by_size({300}, 2, 4096), (std::vector<RowRange>{{0, 0, 300, 0}}));
  EXPECT_EQ(split_rows_by_size({}, 3, 1), std::vector<RowRange>{});
  EXPECT_EQ(split_rows_by_size({0, 5}, 1, 1), (std::vector<RowRange>{{1, 0, 5, 0}}));
  EXPECT_EQ(split_rows_by_size({9, 0, 3}, 1, 2), (std::vector<RowRange>{{0, 0, 9, 0}, {2, 0, 3, 0}}));
}

TEST(RowSplit, RandomListsKeepTheContract) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 500; ++trial) {
    const int ranks = 1 + static_cast<int>(rng() % 5);
    const std::uint64_t granule = trial % 3 == 0 ? 1 : 1 + rng() % 40;
    std::vector<std::uint64_t> sizes(1 + rng() % 6);
    for (auto& s : sizes) s = rng() % 4 == 0 ? rng() % 3 : rng() % 400;
    const std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
    const std::vector<RowRange> ranges = split_rows_by_size(sizes, ranks, granule);
    const auto owner = owners(sizes, ranges);
    for (const auto& rows : owner) {
      for (const int o : rows) ASSERT_TRUE(o >= 0 && o < ranks) << "trial " << trial << ": a row without a rank";
    }
    for (const RowRange& r : ranges) EXPECT_EQ(r.begin % granule, 0u) << "trial " << trial;
    EXPECT_TRUE(std::is_sorted(ranges.begin(), ranges.end(), [](const RowRange& a, const RowRange& b) {
      return a.share != b.share ? a.share < b.share : a.begin < b.begin;
    }));
    // Never worse than whole shares, and within one granule of the even split.
    const std::vector<int> whole = assign_by_size(sizes, ranks);
    std::vector<std::uint64_t> load(static_cast<std::size_t>(ranks), 0);
    for (std::size_t i = 0; i < sizes.size(); ++i) load[static_cast<std::size_t>(whole[i])] += sizes[i];
    const std::uint64_t busiest = busiest_rank_rows(ranges, ranks);
    EXPECT_LE(busiest, *std::max_element(load.begin(), load.end())) << "trial " << trial;
    EXPECT_LE(busiest, (total + ranks - 1) / ranks + granule) << "trial " << trial;
    // With cuts at any row, the result is the best possible: ceil(total / ranks).
    if (granule == 1) {
      EXPECT_EQ(busiest, (total + ranks - 1) / ranks) << "trial " << trial;
    }
    EXPECT_EQ(split_rows_by_size(sizes, ranks, granule), ranges) << "the same plan on every rank";
  }
}

}  // namespace
}  // namespace medsearch::cluster
