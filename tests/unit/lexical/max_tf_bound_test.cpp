// A term repeated more than 65535 times in one field: the skip entries store max_tf in 16
// bits, and the block bounds computed from them must still bound the real score, or
// pruning drops a document that belongs in the top k (issue 17; the oracle is the
// exhaustive search, top_k.hpp).
#include <gtest/gtest.h>

#include <string>

#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

constexpr std::uint32_t kCraftedTf = 200000;

std::string repeated(const std::string& word, std::uint32_t times) {
  std::string text;
  text.reserve((word.size() + 1) * times);
  for (std::uint32_t i = 0; i < times; ++i) text += word + ' ';
  return text;
}

TEST(MaxTfBound, BoundsTheScoreOfATfBeyondTheStoredCap) {
  // The skip entry of a block whose document has tf 200000 in a field of length 200000
  // (both stored capped at 65535).
  BlockSkip skip;
  skip.max_tf.fill(0);
  skip.min_length.fill(65535);
  skip.max_tf[1] = 65535;
  const std::array<std::uint32_t, kTextFieldCount> tf{0, kCraftedTf, 0, 0};
  const std::array<std::uint32_t, kTextFieldCount> lengths{0, 65535, 0, 0};
  CollectionStats stats;
  stats.doc_count = 1000;
  stats.avg_length = {10, 100, 4, 4};
  for (const RankingModel model : {RankingModel::Bm25, RankingModel::TfIdf}) {
    RankingParams params;
    params.model = model;
    params.b.fill(1.0f);
    const TermScorer scorer(params, stats, 10, 0x0f);
    EXPECT_LE(scorer.score(tf, lengths), scorer.block_bound(skip)) << "model " << static_cast<int>(model);
  }
}

TEST(MaxTfBound, PrunedTopKKeepsTheCraftedDocument) {
  // 128 short titles holding the term once fill the list's first block; the crafted
  // document alone in the second block holds it 200000 times in its abstract.
  medsearch::testing::TempDir dir;
  SegmentIndexWriter writer;
  for (int d = 0; d < 128; ++d) {
    Article a;
    a.id = std::to_string(d);
    a.title = "qkakax qlolox qmimix";
    writer.add(a);
  }
  Article crafted;
  crafted.id = "crafted";
  crafted.title = "qnunux";
  crafted.abstract.push_back({"", "", repeated("qkakax", kCraftedTf)});
  writer.add(crafted);
  writer.write(dir.file("s.lex"));
  const SegmentIndex index(dir.file("s.lex"));
  const std::vector<SegmentView> segments{{&index, 0}};
  const std::vector<QueryTerm> terms{{"qkakax"}};

  for (const RankingModel model : {RankingModel::TfIdf, RankingModel::Bm25}) {
    RankingParams params;
    params.model = model;
    params.b.fill(1.0f);
    for (const std::size_t k : {1u, 3u, 10u}) {
      const TopKResult exact = top_k_exhaustive(segments, terms, params, k, {});
      const TopKResult pruned = top_k(segments, terms, params, k, {});
      ASSERT_EQ(pruned.hits.size(), exact.hits.size());
      for (std::size_t i = 0; i < exact.hits.size(); ++i) {
        EXPECT_EQ(pruned.hits[i].doc, exact.hits[i].doc) << "model " << static_cast<int>(model) << " k " << k << " rank " << i;
        EXPECT_EQ(pruned.hits[i].score, exact.hits[i].score);
      }
      if (model == RankingModel::TfIdf) {
        // sqrt(200000 / 65535) beats the titles' 2 / sqrt(3): the crafted document is first.
        EXPECT_EQ(exact.hits.front().doc, DocId(128));
      }
    }
  }
}

}  // namespace
}  // namespace medsearch::lexical
