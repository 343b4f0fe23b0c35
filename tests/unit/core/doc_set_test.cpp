// DocSet's range queries (count_in, for_each_in, next_from), counts and empty() against a
// scan of contains().
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "medsearch/core/doc_set.hpp"

namespace medsearch {
namespace {

TEST(DocSet, RangeQueriesEqualAScanOfTheMembers) {
  std::mt19937 rng(3);
  for (const std::uint32_t universe : {0u, 1u, 63u, 64u, 65u, 1000u, 4097u, 70001u}) {
    DocSet set(universe);
    EXPECT_TRUE(set.empty());
    // Dense for the small universes, a few members far apart for the large one (so that
    // ranges without a member are common).
    const std::uint32_t one_in = universe > 10000 ? 700 : 3;
    for (std::uint32_t d = 0; d < universe; ++d) {
      if (rng() % one_in == 0) set.insert(DocId(d));
    }
    EXPECT_EQ(set.empty(), set.count() == 0);
    for (int trial = 0; trial < 200; ++trial) {
      std::uint32_t begin = rng() % (universe + 70), end = rng() % (universe + 70);
      if (trial % 2 == 1) end = begin + rng() % 300;  // short ranges: often without a member
      if (trial == 0) begin = 0, end = universe;
      std::vector<std::uint32_t> want;
      for (std::uint32_t d = begin; d < end && d < universe; ++d) {
        if (set.contains(DocId(d))) want.push_back(d);
      }
      std::vector<std::uint32_t> got;
      set.for_each_in(begin, end, [&](DocId d) { got.push_back(d.value); });
      EXPECT_EQ(got, want) << universe << " [" << begin << ", " << end << ")";
      EXPECT_EQ(set.count_in(begin, end), want.size());
      EXPECT_EQ(set.any_in(begin, end), !want.empty());
      // next_from(begin): the first member at or after begin, universe() if none.
      std::uint32_t next = universe;
      for (std::uint32_t d = begin; d < universe; ++d) {
        if (set.contains(DocId(d))) {
          next = d;
          break;
        }
      }
      EXPECT_EQ(set.next_from(begin), next) << universe << " from " << begin;
    }
  }
}

// count() and count_common() (POPCNT where the CPU has it) against counting by contains().
TEST(DocSet, CountsEqualCountingTheMembers) {
  std::mt19937 rng(11);
  for (const std::uint32_t universe : {0u, 5u, 64u, 130u, 10007u}) {
    DocSet a(universe), b(universe + 100);
    for (std::uint32_t d = 0; d < universe; ++d) {
      if (rng() % 3 == 0) a.insert(DocId(d));
      if (rng() % 2 == 0) b.insert(DocId(d));
    }
    b.insert_range(universe, universe + 100);  // beyond a's universe: not common
    std::uint64_t in_a = 0, in_both = 0;
    for (std::uint32_t d = 0; d < universe; ++d) {
      in_a += a.contains(DocId(d)) ? 1 : 0;
      in_both += a.contains(DocId(d)) && b.contains(DocId(d)) ? 1 : 0;
    }
    EXPECT_EQ(a.count(), in_a);
    EXPECT_EQ(a.count_common(b), in_both);
    EXPECT_EQ(b.count_common(a), in_both);
    EXPECT_EQ(b.count(), b.count_common(b));
  }
}

}  // namespace
}  // namespace medsearch
