#include <gtest/gtest.h>

#include <random>
#include <set>

#include "medsearch/lexical/doc_term_stats.hpp"

namespace medsearch::lexical {
namespace {

// Oracle: every window [a, b] over the positions, the shortest that holds every non-empty list.
std::uint32_t brute_force(const std::vector<std::vector<std::uint32_t>>& lists) {
  std::vector<std::uint32_t> all;
  std::size_t nonempty = 0;
  for (const auto& l : lists) nonempty += !l.empty(), all.insert(all.end(), l.begin(), l.end());
  if (nonempty < 2) return 0;
  std::uint32_t best = UINT32_MAX;
  for (const std::uint32_t a : all) {
    for (const std::uint32_t b : all) {
      if (b < a) continue;
      bool covers = true;
      for (const auto& l : lists) {
        if (l.empty()) continue;
        bool in = false;
        for (const std::uint32_t p : l) in = in || (p >= a && p <= b);
        covers = covers && in;
      }
      if (covers) best = std::min(best, b - a + 1);
    }
  }
  return best;
}

TEST(SmallestWindow, ByHand) {
  EXPECT_EQ(smallest_window({{1, 10}, {4, 12}}), std::make_pair(3u, 2u));  // 10..12
  EXPECT_EQ(smallest_window({{1}, {}, {2}}), std::make_pair(2u, 2u));
  EXPECT_EQ(smallest_window({{5}, {}}), std::make_pair(0u, 0u));
}

TEST(SmallestWindow, MatchesBruteForceOnRandomLists) {
  std::mt19937 rng(5);
  for (int round = 0; round < 500; ++round) {
    std::vector<std::vector<std::uint32_t>> lists(1 + rng() % 4);
    for (auto& l : lists) {
      std::uint32_t p = 0;
      for (std::uint32_t n = rng() % 5; n > 0; --n) l.push_back(p += 1 + rng() % 6);
    }
    // Positions of distinct terms never coincide in one field.
    std::set<std::uint32_t> seen;
    for (auto& l : lists) std::erase_if(l, [&](std::uint32_t p) { return !seen.insert(p).second; });
    EXPECT_EQ(smallest_window(lists).first, brute_force(lists)) << round;
  }
}

}  // namespace
}  // namespace medsearch::lexical
