// The learned re-ranker end to end on a tiny synthetic case: for every query word, document
// A holds it twice in the title (BM25 puts A first) and document B once, but B is a Review
// and the judgments say B is the relevant one. Trained on 30 such queries, the model must
// put B first on held-out query words; rerank=off keeps BM25's order.
#include <gtest/gtest.h>

#include <filesystem>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/ranker_model.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/engine/tune/ranker_training.hpp"
#include "medsearch/store/file_footer.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;
using medsearch::testing::word;

std::vector<std::string> top_ids(const Searcher& searcher, const std::string& q, std::optional<bool> rerank) {
  SearchRequest r;
  r.query = q;
  r.syntax = QuerySyntax::Plain;
  r.rerank.on = rerank;
  std::vector<std::string> ids;
  for (const SearchHit& h : searcher.search(r).hits) ids.push_back(h.id);
  return ids;
}

TEST(Rerank, TrainedModelMovesWhatTheJudgmentsPreferedUp) {
  TempDir tmp;
  std::vector<FixtureCitation> docs;
  eval::Qrels qrels;
  std::vector<TuneQuery> queries;
  for (int i = 0; i < 40; ++i) {
    FixtureCitation a{std::to_string(1000 + i), word(i) + " " + word(i) + " study", 2010, "eng", "Methods and results."};
    FixtureCitation b{std::to_string(2000 + i), word(i) + " outcomes in adults", 2010, "eng", "Methods and results of trials."};
    b.publication_type = "Review";
    docs.push_back(a);
    docs.push_back(b);
    if (i < 30) {
      queries.push_back({"q" + std::to_string(i), word(i)});
      qrels["q" + std::to_string(i)][b.pmid] = 2;
    }
  }
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml(docs))}, nullptr, nullptr);
  {
    const IndexReader index(dir);
    const Searcher searcher(index);
    EXPECT_EQ(searcher.ranker(), nullptr);
    EXPECT_EQ(top_ids(searcher, word(35), std::nullopt).front(), "1035") << "BM25 prefers the double occurrence";
    EXPECT_THROW(top_ids(searcher, word(35), true), Error) << "rerank=on without a model says so";
    RankerTrainingOptions options;
    options.first_stage.syntax = QuerySyntax::Plain;
    options.params.rounds = 20;
    const RankerTrainingSet set = collect_training_set(searcher, queries, qrels, options);
    EXPECT_EQ(set.used_queries, 30u);
    EXPECT_EQ(set.data.labels.size(), 60u);
    save_ranker(dir, training_description(options, set), rerank::LambdaMart::train(set.data, options.params));
  }
  const IndexReader index(dir);
  const Searcher searcher(index);
  ASSERT_NE(searcher.ranker(), nullptr);
  for (int i = 30; i < 40; ++i) {
    EXPECT_EQ(top_ids(searcher, word(i), std::nullopt).front(), std::to_string(2000 + i)) << "held-out query " << word(i);
    EXPECT_EQ(top_ids(searcher, word(i), false).front(), std::to_string(1000 + i)) << "rerank=off: first-stage order";
  }
  // The features search() re-ranks with are the ones training read (no train/serve skew).
  SearchRequest r;
  r.query = word(3);
  r.syntax = QuerySyntax::Plain;
  const RerankCandidates c = searcher.candidates(r, 100);
  ASSERT_EQ(c.ranked.size(), 2u);
  const std::vector<float> scores = searcher.ranker()->model.predict(c.features.data(), 2);
  r.rerank.on = true;
  const SearchResponse reranked = searcher.search(r);
  ASSERT_EQ(reranked.hits.size(), 2u);
  EXPECT_FLOAT_EQ(reranked.hits[0].score, std::max(scores[0], scores[1]));
}

TEST(Rerank, ModelOfOtherFeaturesIsAVersionMismatchSayingToRetrain) {
  TempDir tmp;
  const std::string dir = tmp.file("idx");
  Indexer(dir, {}).ingest({tmp.write("a.xml", pubmed_xml({{"1", "Zebra", 2020}}))}, nullptr, nullptr);
  store::write_file(dir + "/" + kRankerFileName, 0x314b4e5248434d53ULL, 1, std::string("\x0e\0\0\0{\"features\":1}", 18));
  const IndexReader index(dir);
  try {
    Searcher searcher(index);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::VersionMismatch);
    EXPECT_NE(std::string(e.what()).find("train-ranker"), std::string::npos);
  }
}

}  // namespace
}  // namespace medsearch::engine
