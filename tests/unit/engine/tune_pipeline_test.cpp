// `tune --grid pipeline` (tuner.hpp: request settings instead of lexical parameters) and the
// re-ranker ablation (`train-ranker --drop-features`: a dropped group's columns are zero in
// the training data).
#include <gtest/gtest.h>

#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/rerank_features.hpp"
#include "medsearch/engine/tune/ranker_training.hpp"
#include "medsearch/engine/tune/tuner.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

TEST(TunePipeline, GridCoversStagesPrfAndRerankingOnce) {
  const std::vector<TuneSetting> lexical = pipeline_grid(false, false);
  ASSERT_EQ(lexical.size(), 9u);  // PRF off + 2 × 2 × 2
  EXPECT_EQ(lexical.front().label, "bm25 prf=off");
  EXPECT_FALSE(lexical.front().request.prf.on.value());
  for (const TuneSetting& s : lexical) EXPECT_EQ(s.request.mode, RetrievalMode::Lexical) << s.label;
  const std::vector<TuneSetting> all = pipeline_grid(true, true);
  ASSERT_EQ(all.size(), 126u);  // (1 + 3 α × 2 depths) × 9 PRF × 2 re-ranking
  std::set<std::string> labels;
  std::size_t hybrid = 0, rerank = 0;
  for (const TuneSetting& s : all) {
    labels.insert(s.label);
    hybrid += s.request.mode == RetrievalMode::Hybrid;
    rerank += s.request.rerank.on.value();
    ASSERT_TRUE(s.request.prf.on.has_value()) << "every setting says whether PRF is on: " << s.label;
  }
  EXPECT_EQ(labels.size(), all.size()) << "labels are distinct";
  EXPECT_EQ(hybrid, 108u);
  EXPECT_EQ(rerank, 63u);
  EXPECT_TRUE(labels.contains("hybrid alpha=0.4 depth=100 prf=10/20/0.5 rerank=on"));
}

class TinyCollection : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FixtureCitation> docs;
    const std::vector<std::string> topics = {"asthma", "eczema", "gout", "anemia", "rickets", "scurvy"};
    for (std::size_t i = 0; i < topics.size(); ++i) {
      const std::string w = topics[i];
      docs.push_back({std::to_string(100 + i), w + " clinical overview", 2020, "eng", "Inhaler trial in " + w + " patients."});
      docs.push_back({std::to_string(200 + i), "General notes", 2020, "eng", "Inhaler trial results reported here."});
      queries_.push_back({"q" + std::to_string(i), w});
      qrels_["q" + std::to_string(i)][std::to_string(100 + i)] = 2;
      qrels_["q" + std::to_string(i)][std::to_string(200 + i)] = 1;
    }
    Indexer(tmp_.file("idx"), {}).ingest({tmp_.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  }
  TempDir tmp_;
  std::vector<TuneQuery> queries_;
  eval::Qrels qrels_;
};

TEST_F(TinyCollection, TuneScoresRequestSettingsAndPrfWithWeightOneEqualsOff) {
  const IndexReader index(tmp_.file("idx"));
  const Searcher searcher(index);
  TuneOptions options;
  options.folds = 3;
  options.depth = 10;
  TuneSetting off{"off", SearchRequest{}}, same{"lambda 1", SearchRequest{}}, on{"on", SearchRequest{}};
  off.request.prf.on = false;
  // No df cut: "inhaler", the word PRF should add, is in every document of this collection.
  same.request.prf = PrfRequest::all({true, 2, 5, 1.0f, 1.0f});
  on.request.prf = PrfRequest::all({true, 1, 5, 0.5f, 1.0f});
  options.pipeline = {off, same, on};
  const TuneResult r = tune(searcher, queries_, qrels_, options);
  EXPECT_TRUE(r.settings.empty()) << "no lexical grid";
  EXPECT_EQ(r.labels, (std::vector<std::string>{"off", "lambda 1", "on"}));
  ASSERT_EQ(r.scores.size(), 3u);
  EXPECT_DOUBLE_EQ(r.scores[0], r.scores[1]) << "λ = 1 ranks as without PRF";
  // PRF from each query's best document adds its other words ("inhaler" among them), which
  // reach judged decoys that lack the query word: nDCG@10 goes up.
  EXPECT_GT(r.scores[2], r.scores[0]);
  EXPECT_EQ(r.fold_choice.size(), 3u);
}

TEST_F(TinyCollection, DroppedFeatureGroupsAreZeroInTheTrainingData) {
  const IndexReader index(tmp_.file("idx"));
  const Searcher searcher(index);
  RankerTrainingOptions options;
  options.first_stage.syntax = QuerySyntax::Plain;
  // Both documents are candidates: "inhaler" (in every document, so no df cut) is added.
  options.first_stage.prf = PrfRequest::all({true, 1, 5, 0.5f, 1.0f});
  const RankerTrainingSet full = collect_training_set(searcher, queries_, qrels_, options);
  options.dropped_groups = {"bm25", "coverage"};
  const RankerTrainingSet dropped = collect_training_set(searcher, queries_, qrels_, options);
  ASSERT_EQ(full.data.features.size(), dropped.data.features.size());
  ASSERT_GT(full.data.labels.size(), queries_.size());
  std::set<std::size_t> zeroed;
  for (const RerankFeatureGroup& g : rerank_feature_groups()) {
    if (g.name == "bm25" || g.name == "coverage") zeroed.insert(g.columns.begin(), g.columns.end());
  }
  EXPECT_EQ(zeroed, (std::set<std::size_t>{2, 3, 4, 5, 6, 9, 11, 12}));
  bool some_bm25 = false;
  for (std::size_t i = 0; i < full.data.features.size(); ++i) {
    const std::size_t column = i % kRerankFeatureCount;
    if (zeroed.contains(column)) {
      EXPECT_EQ(dropped.data.features[i], 0.0f) << "column " << column;
      some_bm25 = some_bm25 || full.data.features[i] != 0.0f;
    } else {
      EXPECT_EQ(dropped.data.features[i], full.data.features[i]) << "column " << column;
    }
  }
  EXPECT_TRUE(some_bm25) << "the dropped columns had values to drop";
  // Every column belongs to exactly one group.
  std::vector<int> owners(kRerankFeatureCount, 0);
  for (const RerankFeatureGroup& g : rerank_feature_groups()) {
    for (std::size_t c : g.columns) ++owners.at(c);
  }
  for (std::size_t c = 0; c < kRerankFeatureCount; ++c) EXPECT_EQ(owners[c], 1) << kRerankFeatures[c];
  options.dropped_groups = {"colour"};
  try {
    collect_training_set(searcher, queries_, qrels_, options);
    ADD_FAILURE() << "unknown group accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("colour"), std::string::npos);
  }
}

}  // namespace
}  // namespace medsearch::engine
