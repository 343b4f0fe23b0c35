#include "medsearch/rank/fusion.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace medsearch::rank {
namespace {

TEST(Fusion, RrfSumsReciprocalRanks) {
  const std::vector<ScoredDoc> lexical = {{DocId(7), 12.0f}, {DocId(3), 9.0f}, {DocId(5), 1.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(3), 0.9f}, {DocId(8), 0.8f}};
  const WeightedList lists[] = {{lexical, 1}, {dense, 1}};
  const auto fused = fuse(lists, FusionMethod::Rrf);
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].doc, DocId(3));  // 1/62 + 1/61
  EXPECT_NEAR(fused[0].score, 1.0 / 62 + 1.0 / 61, 1e-7);
  EXPECT_EQ(fused[1].doc, DocId(7));  // 1/61
  EXPECT_EQ(fused[2].doc, DocId(8));  // 1/62
  EXPECT_EQ(fused[3].doc, DocId(5));
}

TEST(Fusion, WeightedSumNormalisesEachListToUnitRange) {
  const std::vector<ScoredDoc> lexical = {{DocId(1), 20.0f}, {DocId(2), 15.0f}, {DocId(3), 10.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(3), 0.9f}, {DocId(4), 0.5f}};
  const WeightedList lists[] = {{lexical, 0.6f}, {dense, 0.4f}};
  const auto fused = fuse(lists, FusionMethod::WeightedSum);
  std::map<DocId, float> score;
  for (const auto& d : fused) score[d.doc] = d.score;
  EXPECT_NEAR(score[DocId(1)], 0.6, 1e-6);
  EXPECT_NEAR(score[DocId(2)], 0.3, 1e-6);
  EXPECT_NEAR(score[DocId(3)], 0.4, 1e-6);  // 0 on the lexical side (its minimum), 1 on the dense
  EXPECT_NEAR(score[DocId(4)], 0.0, 1e-6);
  EXPECT_EQ(fused[0].doc, DocId(1));
  EXPECT_EQ(fused[1].doc, DocId(3));
}

TEST(Fusion, ListWithEqualScoresMapsToOne) {
  const std::vector<ScoredDoc> only = {{DocId(4), 2.0f}, {DocId(9), 2.0f}};
  const WeightedList lists[] = {{only, 0.5f}};
  const auto fused = fuse(lists, FusionMethod::WeightedSum);
  ASSERT_EQ(fused.size(), 2u);
  EXPECT_EQ(fused[0].doc, DocId(4));  // tie broken by smaller DocId
  EXPECT_FLOAT_EQ(fused[0].score, 0.5f);
}

// Oracle: RRF computed by a direct double loop over random lists.
TEST(Fusion, RrfMatchesDirectComputationOnRandomLists) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::vector<ScoredDoc>> lists(1 + rng() % 3);
    for (auto& list : lists) {
      std::vector<std::uint32_t> docs(50);
      for (std::uint32_t i = 0; i < docs.size(); ++i) docs[i] = i;
      std::shuffle(docs.begin(), docs.end(), rng);
      docs.resize(rng() % 30);
      for (std::size_t i = 0; i < docs.size(); ++i) list.push_back({DocId(docs[i]), float(100 - i)});
    }
    std::vector<WeightedList> views;
    for (const auto& list : lists) views.push_back({list, 1});
    const auto fused = fuse(views, FusionMethod::Rrf);
    std::map<DocId, double> expected;
    for (const auto& list : lists)
      for (std::size_t i = 0; i < list.size(); ++i) expected[list[i].doc] += 1.0 / (60.0 + i + 1);
    ASSERT_EQ(fused.size(), expected.size());
    for (std::size_t i = 0; i < fused.size(); ++i) {
      EXPECT_NEAR(fused[i].score, expected[fused[i].doc], 1e-6);
      if (i > 0) {
        EXPECT_GE(fused[i - 1].score, fused[i].score);
      }
    }
  }
}

}  // namespace
}  // namespace medsearch::rank
