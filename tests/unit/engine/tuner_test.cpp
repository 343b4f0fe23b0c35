#include <gtest/gtest.h>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "medsearch/engine/tune/tuner.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// For each topic word w: a relevant document with w in its title only, and a decoy with w
// three times in its abstract only. Title weight decides which ranks first.
class TunerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FixtureCitation> docs;
    const std::vector<std::string> topics = {"asthma", "eczema", "gout", "anemia", "rickets", "scurvy", "malaria", "cholera"};
    for (std::size_t i = 0; i < topics.size(); ++i) {
      const std::string w = topics[i];
      docs.push_back({std::to_string(100 + i), w + " clinical overview", 2020, "eng", "A study of patients."});
      docs.push_back({std::to_string(200 + i), "General notes", 2020, "eng", w + " and " + w + " and " + w + " mentioned."});
      queries_.push_back({"q" + std::to_string(i), w});
      qrels_["q" + std::to_string(i)][std::to_string(100 + i)] = 2;
    }
    Indexer(tmp_.file("idx"), {}).ingest({tmp_.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  }
  TempDir tmp_;
  std::vector<TuneQuery> queries_;
  eval::Qrels qrels_;
};

TEST_F(TunerTest, PicksTheSettingThatRanksJudgedDocumentsFirstAndCrossValidates) {
  IndexReader index(tmp_.file("idx"));
  Searcher searcher(index);
  TuneOptions options;
  options.folds = 4;
  lexical::RankingParams abstract_heavy, title_heavy;
  abstract_heavy.weight = {0.1f, 1.0f, 1.0f, 1.0f};
  title_heavy.weight = {5.0f, 1.0f, 1.0f, 1.0f};
  options.grid = {abstract_heavy, title_heavy};
  const TuneResult r = tune(searcher, queries_, qrels_, options);
  EXPECT_EQ(r.queries, 8u);
  EXPECT_EQ(r.best, 1u);
  EXPECT_DOUBLE_EQ(r.scores[1], 1.0);  // the relevant document first for every query
  EXPECT_LT(r.scores[0], 1.0);
  EXPECT_DOUBLE_EQ(r.cv_score, 1.0);
  ASSERT_EQ(r.fold_choice.size(), 4u);
  for (std::size_t choice : r.fold_choice) EXPECT_EQ(choice, 1u);
}

TEST_F(TunerTest, UnjudgedQueriesAreIgnoredAndNoJudgmentsIsAnError) {
  IndexReader index(tmp_.file("idx"));
  Searcher searcher(index);
  TuneOptions options;
  options.grid = {lexical::RankingParams{}};
  auto queries = queries_;
  queries.push_back({"unjudged", "asthma"});
  EXPECT_EQ(tune(searcher, queries, qrels_, options).queries, 8u);
  EXPECT_THROW(tune(searcher, {{"x", "asthma"}}, qrels_, options), Error);
  options.folds = 1;
  EXPECT_THROW(tune(searcher, queries_, qrels_, options), Error);
}

TEST_F(TunerTest, SavedConfigurationRoundTripsAndBadFilesAreCorrupt) {
  EXPECT_EQ(load_ranking_config(tmp_.file("idx")).k1, lexical::RankingParams{}.k1);  // absent: defaults
  lexical::RankingParams p;
  p.model = lexical::RankingModel::TfIdf;
  p.k1 = 0.9f;
  p.b.fill(0.4f);
  p.weight = {3, 1, 0.5f, 1};
  save_ranking_config(tmp_.file("idx"), p, "test");
  const lexical::RankingParams loaded = load_ranking_config(tmp_.file("idx"));
  EXPECT_EQ(loaded.model, lexical::RankingModel::TfIdf);
  EXPECT_EQ(loaded.k1, 0.9f);
  EXPECT_EQ(loaded.b, p.b);
  EXPECT_EQ(loaded.weight, p.weight);
  tmp_.write("idx/ranking.json", "{\"model\": \"bm99\"}");
  EXPECT_THROW(load_ranking_config(tmp_.file("idx")), Error);
}

}  // namespace
}  // namespace medsearch::engine
