// The block bound from a block's exact reference maximum (BlockSkip::max_reference_tf,
// TermScorer::reference_factor) bounds every document of the block under any parameters
// and collection averages, and is tight under the reference ones. Random blocks against
// scores computed one by one (the oracle: TermScorer::score).
#include <gtest/gtest.h>

#include <random>

#include "medsearch/lexical/ranking.hpp"
#include "medsearch/lexical/reference_norm.hpp"

namespace medsearch::lexical {
namespace {

struct Posting {
  std::array<std::uint32_t, kTextFieldCount> tf{};
  std::array<std::uint32_t, kTextFieldCount> lengths{};
};

std::vector<Posting> random_block(std::mt19937& rng) {
  std::vector<Posting> block(1 + rng() % 128);
  for (Posting& p : block) {
    bool any = false;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      p.lengths[f] = rng() % 4 == 0 ? 0 : 1 + rng() % (f == 1 ? 400 : 20);
      if (p.lengths[f] > 0 && rng() % 2 == 0)
        p.tf[f] = 1 + rng() % std::min<std::uint32_t>(p.lengths[f], 9), any = true;
    }
    if (!any) p.lengths[0] = std::max<std::uint32_t>(p.lengths[0], 1), p.tf[0] = 1;
  }
  return block;
}

// The skip entry the writers produce for `block` in a segment with `reference`.
BlockSkip skip_of(const std::vector<Posting>& block, const ReferenceNorm& reference) {
  BlockSkip skip;
  skip.min_length.fill(65535);
  skip.max_reference_tf = 0;
  for (const Posting& p : block) {
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if (p.tf[f] == 0) continue;
      skip.max_tf[f] = std::max<std::uint16_t>(skip.max_tf[f], static_cast<std::uint16_t>(p.tf[f]));
      skip.min_length[f] = std::min<std::uint16_t>(skip.min_length[f], static_cast<std::uint16_t>(p.lengths[f]));
    }
    skip.max_reference_tf = std::max(skip.max_reference_tf, float_at_least(reference.tf_tilde(p.tf, p.lengths)));
  }
  return skip;
}

TEST(ReferenceBound, BoundsEveryDocumentUnderRandomParametersAndAverages) {
  std::mt19937 rng(20261206);
  std::size_t tighter = 0, checked = 0;
  for (int round = 0; round < 3'000; ++round) {
    const std::array<std::uint64_t, kTextFieldCount> sums{rng() % 20'000, rng() % 300'000, rng() % 5'000, 1'000},
        docs{1'000, rng() % 1'001, rng() % 1'001, 1'000};
    const ReferenceNorm reference = ReferenceNorm::of(sums, docs);
    const std::vector<Posting> block = random_block(rng);
    const BlockSkip skip = skip_of(block, reference);
    RankingParams params;
    if (round % 2 != 0) {
      params.k1 = 0.1f + static_cast<float>(rng() % 30) / 10.0f;
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        params.b[f] = static_cast<float>(rng() % 11) / 10.0f;
        params.weight[f] = static_cast<float>(rng() % 9) / 2.0f;
      }
    }
    CollectionStats stats;
    stats.doc_count = 1'000'000;
    // The collection's averages: near the segment's own (the usual case: within 25%) in
    // two rounds of three, anything (or none) otherwise.
    const bool near = round % 3 != 0;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      const double own = docs[f] > 0 && sums[f] > 0 ? static_cast<double>(sums[f]) / docs[f] : 1.0;
      stats.avg_length[f] =
          near ? own * (0.8 + 0.45 * (rng() % 101) / 100.0) : (rng() % 6 == 0 ? 0 : 0.5 + rng() % 300);
    }
    const auto scope = static_cast<std::uint8_t>(rng() % 3 == 0 ? 1 + rng() % 15 : 0x0f);
    const TermScorer scorer(params, stats, 1 + rng() % 100'000, scope, 0.5f + static_cast<float>(rng() % 4));
    const float with_reference = scorer.block_bound(skip, scorer.reference_factor(reference));
    EXPECT_LE(with_reference, scorer.block_bound(skip)) << "round " << round;
    tighter += with_reference < scorer.block_bound(skip);
    for (const Posting& p : block) {
      ASSERT_LE(scorer.score(p.tf, p.lengths), with_reference) << "round " << round;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100'000u);
  EXPECT_GT(tighter, 500u) << "the reference maximum rarely helps: the test would not notice it being ignored";
}

// With the default parameters and the segment's own averages as the collection's, the
// bound is the block's largest score (up to the bounds' rounding slack).
TEST(ReferenceBound, EqualsTheBlockMaximumUnderTheReferenceParameters) {
  std::mt19937 rng(3);
  for (int round = 0; round < 500; ++round) {
    const std::array<std::uint64_t, kTextFieldCount> sums{12'000, 150'000, 3'000, 9'000}, docs{1'000, 800, 300, 1'000};
    const ReferenceNorm reference = ReferenceNorm::of(sums, docs);
    CollectionStats stats;
    stats.doc_count = 1'000;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) stats.avg_length[f] = static_cast<double>(sums[f]) / docs[f];
    const std::vector<Posting> block = random_block(rng);
    const TermScorer scorer(RankingParams{}, stats, 50, 0x0f);
    float best = 0;
    for (const Posting& p : block) best = std::max(best, scorer.score(p.tf, p.lengths));
    const BlockSkip skip = skip_of(block, reference);
    const float bound = scorer.block_bound(skip, scorer.reference_factor(reference));
    EXPECT_GE(bound, best);
    EXPECT_LE(bound, best * 1.0001f) << "round " << round;
  }
}

// A version 1 skip entry (no reference maximum) and TF-IDF fall back to the skip maxima.
TEST(ReferenceBound, AbsentOrInapplicableFallsBackToTheSkipMaxima) {
  std::mt19937 rng(5);
  const ReferenceNorm reference = ReferenceNorm::of({10'000, 100'000, 1'000, 4'000}, {1'000, 900, 200, 1'000});
  const std::vector<Posting> block = random_block(rng);
  BlockSkip skip = skip_of(block, reference);
  CollectionStats stats;
  stats.doc_count = 1'000;
  stats.avg_length = {10, 110, 5, 4};
  const TermScorer bm25(RankingParams{}, stats, 50, 0x0f);
  skip.max_reference_tf = kNoReferenceTf;
  EXPECT_EQ(bm25.block_bound(skip, bm25.reference_factor(reference)), bm25.block_bound(skip));
  RankingParams tfidf;
  tfidf.model = RankingModel::TfIdf;
  const TermScorer other(tfidf, stats, 50, 0x0f);
  EXPECT_EQ(other.reference_factor(reference), kNoReferenceTf);
}

}  // namespace
}  // namespace medsearch::lexical
