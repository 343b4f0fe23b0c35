// A Chinese query's dense side (issue 15 item 4): a multilingual model embeds the query as
// typed, any other model the English translation, while the lexical side always searches
// the translation. The bert-tiny fixture stands in for both kinds: its medsearch_model.json
// says whether it is multilingual (TextEmbedder::multilingual). Skips when the Chinese
// dictionaries are not installed (scripts/install-deps.sh).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// A copy of the bert-tiny fixture whose medsearch_model.json sets "multilingual".
std::string tiny_model(const TempDir& tmp, bool multilingual) {
  const fs::path dir = fs::path(tmp.path()) / (multilingual ? "multilingual" : "english");
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(fs::path(MEDSEARCH_TESTS_DIR) / "data/encoder/bert-tiny")) {
    if (entry.is_regular_file()) fs::copy_file(entry.path(), dir / entry.path().filename());
  }
  std::ofstream(dir / "medsearch_model.json")
      << (multilingual ? R"({"multilingual": true})" : R"({"multilingual": false})");
  return dir.string();
}

std::vector<std::pair<std::string, float>> ranking(const SearchResponse& response) {
  std::vector<std::pair<std::string, float>> out;
  for (const SearchHit& hit : response.hits) out.emplace_back(hit.id, hit.score);
  return out;
}

TEST(DenseChineseQuery, AMultilingualModelReadsTheQueryAsTypedOthersTheTranslation) {
  TempDir tmp;
  const std::vector<FixtureCitation> docs = {
      {"1", "Myocardial infarction in older adults", 2015, "eng", "Acute myocardial infarction outcomes."},
      {"2", "Asthma in children", 2020, "eng", "Pediatric asthma and inhaled steroids."},
      {"3", "Heart attack and statins", 2018, "eng", "Statin therapy after infarction of the heart."},
      {"4", "Epilepsy surgery", 2012, "eng", "Seizure freedom after temporal lobectomy."},
  };
  const std::string xml = tmp.write("a.xml", pubmed_xml(docs));
  const std::string chinese = "心肌梗死";
  for (const bool multilingual : {false, true}) {
    SCOPED_TRACE(multilingual ? "multilingual" : "not multilingual");
    const std::string dir = tmp.file(multilingual ? "idx-m" : "idx-e");
    Indexer(dir, {}).ingest({xml}, nullptr, nullptr);
    EmbedOptions embed;
    embed.model_dir = tiny_model(tmp, multilingual);
    embed.factory = "Flat";
    embed.device = "cpu";
    embed_index(dir, embed);
    const IndexReader index(dir);
    const Searcher searcher(index);
    SearchRequest request;
    request.query = chinese;
    request.mode = RetrievalMode::Dense;
    request.limit = 4;
    const SearchResponse response = searcher.search(request);
    ASSERT_TRUE(response.translation.has_value());
    if (!response.translation->note.empty()) GTEST_SKIP() << response.translation->note;
    ASSERT_FALSE(response.translation->searched.empty());
    EXPECT_EQ(response.translation->dense_as_typed, multilingual);

    // The ranking is that of the vector of the text the model was meant to read: the
    // Chinese as typed, or the English translation (asked for directly, in English).
    const DenseIndex dense(index, 1);
    SearchRequest typed = request;
    typed.query_vector = dense.embed_query(chinese);
    SearchRequest english = request;
    english.query = response.translation->searched;
    const auto as_typed = ranking(searcher.search(typed));
    const auto translated = ranking(searcher.search(english));
    ASSERT_NE(as_typed, translated);  // else this test could not tell the two apart
    EXPECT_EQ(ranking(response), multilingual ? as_typed : translated);

    // Hybrid reports it too; the lexical side searches the translation either way.
    request.mode = RetrievalMode::Hybrid;
    EXPECT_EQ(searcher.search(request).translation->dense_as_typed, multilingual);
    request.mode = RetrievalMode::Lexical;
    const SearchResponse lexical = searcher.search(request);
    EXPECT_FALSE(lexical.translation->dense_as_typed);
    english.mode = RetrievalMode::Lexical;
    EXPECT_EQ(ranking(lexical), ranking(searcher.search(english)));
    EXPECT_FALSE(lexical.hits.empty());
  }
}

}  // namespace
}  // namespace medsearch::engine
