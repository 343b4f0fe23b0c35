#include "medsearch/rank/fusion.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>

namespace medsearch::rank {
namespace {

using Lists = std::array<std::span<const ScoredDoc>, 2>;

TEST(Fusion, UnionKeepsRanksAndListedScores) {
  const std::vector<ScoredDoc> lexical = {{DocId(7), 12.0f}, {DocId(3), 9.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(3), 0.9f}, {DocId(8), 0.8f}};
  const CandidateTable t = union_of(Lists{lexical, dense});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.doc(0), DocId(7));
  EXPECT_EQ(t.rank(0, 0), 1u);
  EXPECT_EQ(t.rank(0, 1), 0u);  // not in the dense list
  EXPECT_EQ(t.doc(1), DocId(3));
  EXPECT_EQ(t.rank(1, 1), 1u);
  EXPECT_FLOAT_EQ(t.score(1, 1), 0.9f);
  EXPECT_EQ(t.doc(2), DocId(8));
  EXPECT_EQ(t.rank(2, 0), 0u);
}

TEST(Fusion, RrfWeightsEachListAndSkipsListsACandidateIsNotIn) {
  const std::vector<ScoredDoc> lexical = {{DocId(7), 12.0f}, {DocId(3), 9.0f}, {DocId(5), 1.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(3), 0.9f}, {DocId(8), 0.8f}};
  const CandidateTable t = union_of(Lists{lexical, dense});
  const std::array<float, 2> equal{1, 1};
  const RankedList fused = fuse(t, equal, FusionMethod::Rrf);
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].doc, DocId(3));
  EXPECT_NEAR(fused[0].score, 1.0 / 62 + 1.0 / 61, 1e-7);
  EXPECT_EQ(fused[1].doc, DocId(7));
  EXPECT_EQ(fused[2].doc, DocId(8));
  EXPECT_EQ(fused[3].doc, DocId(5));
  // Weights (1.8, 0.2): 5 (1.8/63) now beats 8 (0.2/62).
  const std::array<float, 2> lexical_heavy{1.8f, 0.2f};
  const RankedList weighted = fuse(t, lexical_heavy, FusionMethod::Rrf);
  ASSERT_EQ(weighted.size(), 4u);
  EXPECT_EQ(weighted[0].doc, DocId(3));
  EXPECT_NEAR(weighted[0].score, 1.8 / 62 + 0.2 / 61, 1e-6);
  EXPECT_EQ(weighted[1].doc, DocId(7));
  EXPECT_NEAR(weighted[1].score, 1.8 / 61, 1e-6);
  EXPECT_EQ(weighted[2].doc, DocId(5));
  EXPECT_NEAR(weighted[2].score, 1.8 / 63, 1e-6);
  EXPECT_EQ(weighted[3].doc, DocId(8));
  EXPECT_NEAR(weighted[3].score, 0.2 / 62, 1e-6);
}

// The weighted sum over real scores, by hand: a candidate a list did not return keeps its
// real score there, and min-max runs over every candidate's real score.
TEST(Fusion, WeightedSumNormalisesRealScoresOverTheCandidates) {
  const std::vector<ScoredDoc> lexical = {{DocId(1), 20.0f}, {DocId(2), 15.0f}, {DocId(3), 10.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(3), 0.9f}, {DocId(4), 0.5f}};
  CandidateTable t = union_of(Lists{lexical, dense});
  // Real scores of the missing cells: doc 4's BM25 is 5 (below the lexical list's last, 10),
  // docs 1 and 2 have cosines 0.1 and 0.7.
  t.set_score(3, 0, 5.0f);
  t.set_score(0, 1, 0.1f);
  t.set_score(1, 1, 0.7f);
  const std::array<float, 2> w{0.6f, 0.4f};
  const RankedList fused = fuse(t, w, FusionMethod::WeightedSum);
  std::map<DocId, float> score;
  for (const auto& d : fused) score[d.doc] = d.score;
  // Lexical over 5..20, dense over 0.1..0.9.
  EXPECT_NEAR(score[DocId(1)], 0.6 * 1.0 + 0.4 * 0.0, 1e-6);
  EXPECT_NEAR(score[DocId(2)], 0.6 * (10.0 / 15) + 0.4 * (0.6 / 0.8), 1e-6);
  EXPECT_NEAR(score[DocId(3)], 0.6 * (5.0 / 15) + 0.4 * 1.0, 1e-6);  // the lexical list's last is not 0
  EXPECT_NEAR(score[DocId(4)], 0.6 * 0.0 + 0.4 * (0.4 / 0.8), 1e-6);
  EXPECT_EQ(fused[0].doc, DocId(2));
}

TEST(Fusion, RowsAppendedPastTheReferenceKeepTheConstants) {
  const std::vector<ScoredDoc> lexical = {{DocId(1), 20.0f}, {DocId(2), 10.0f}};
  const std::vector<ScoredDoc> dense = {{DocId(2), 0.8f}, {DocId(1), 0.4f}};
  CandidateTable t = union_of(Lists{lexical, dense});
  const std::array<float, 2> w{0.5f, 0.5f};
  const RankedList before = fuse(t, w, FusionMethod::WeightedSum);
  const std::size_t reference = t.size();
  const std::size_t r = t.add(DocId(9));
  t.set_score(r, 0, 5.0f);  // below every reference score: normalised below 0
  t.set_score(r, 1, 0.2f);
  const RankedList after = fuse(t, w, FusionMethod::WeightedSum, kRrfK, reference);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].doc, before[0].doc);
  EXPECT_FLOAT_EQ(after[0].score, before[0].score);
  EXPECT_FLOAT_EQ(after[1].score, before[1].score);
  EXPECT_NEAR(after[2].score, 0.5 * (-5.0 / 10) + 0.5 * (-0.2 / 0.4), 1e-6);
}

TEST(Fusion, ListWithEqualScoresMapsToOne) {
  const std::vector<ScoredDoc> only = {{DocId(4), 2.0f}, {DocId(9), 2.0f}};
  const std::array<std::span<const ScoredDoc>, 1> lists{only};
  const std::array<float, 1> w{0.5f};
  const auto fused = fuse(union_of(lists), w, FusionMethod::WeightedSum);
  ASSERT_EQ(fused.size(), 2u);
  EXPECT_EQ(fused[0].doc, DocId(4));  // tie broken by smaller DocId
  EXPECT_FLOAT_EQ(fused[0].score, 0.5f);
}

// Oracle: RRF computed by a direct double loop over random lists.
TEST(Fusion, RrfMatchesDirectComputationOnRandomLists) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::vector<ScoredDoc>> lists(1 + rng() % 3);
    std::vector<float> weights;
    for (auto& list : lists) {
      std::vector<std::uint32_t> docs(50);
      for (std::uint32_t i = 0; i < docs.size(); ++i) docs[i] = i;
      std::shuffle(docs.begin(), docs.end(), rng);
      docs.resize(rng() % 30);
      for (std::size_t i = 0; i < docs.size(); ++i) list.push_back({DocId(docs[i]), float(100 - i)});
      weights.push_back(float(rng() % 10) / 5.0f);
    }
    std::vector<std::span<const ScoredDoc>> views(lists.begin(), lists.end());
    const auto fused = fuse(union_of(views), weights, FusionMethod::Rrf);
    std::map<DocId, double> expected;
    for (std::size_t l = 0; l < lists.size(); ++l)
      for (std::size_t i = 0; i < lists[l].size(); ++i) expected[lists[l][i].doc] += weights[l] / (60.0 + i + 1);
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
