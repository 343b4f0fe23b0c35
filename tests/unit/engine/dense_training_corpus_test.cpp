// The default model's training corpus under a token budget (engine/dense/training_corpus.hpp):
// below the budget every live document, as without one; above it an evenly spread,
// deterministic sample of at most the budget's tokens; and what embed reports of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/dense/training_corpus.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "unit/engine/dense_test_index.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;

// `count` documents whose lengths grow along the DocIds (a 2-word title and 8 + i / 25 + i % 13
// abstract words: 10 tokens first, about 120 at i = 2,500), as PubMed's abstracts grow over
// the years.
std::vector<FixtureCitation> growing_corpus(int count) {
  std::vector<FixtureCitation> docs;
  for (int i = 0; i < count; ++i) {
    std::string abstract = "study";
    for (int w = 1; w < 8 + i / 25 + i % 13; ++w) abstract += w % 2 ? " heart" : " brain";
    FixtureCitation doc;
    doc.pmid = std::to_string(1 + i);
    doc.title = "title words";
    doc.abstract = abstract;
    docs.push_back(doc);
  }
  return docs;
}

class DenseTrainingCorpusTest : public medsearch::testing::DenseTestIndex {
 protected:
  struct Written {
    TrainingCorpusStats stats;
    std::string text;
    std::vector<DocId> chosen;
  };
  Written write(std::uint64_t token_budget) {
    const IndexReader reader(dir_);
    std::ostringstream out;
    Written w;
    w.stats = write_training_corpus(reader, out, token_budget, &w.chosen);
    w.text = out.str();
    return w;
  }
};

TEST_F(DenseTrainingCorpusTest, WithinTheBudgetEveryLiveDocumentIsWrittenAsWithoutOne) {
  ingest("a.xml", growing_corpus(300), {});
  ingest("b.xml", {}, {"5", "150", "299"});
  const Written all = write(0);
  EXPECT_FALSE(all.stats.sampled);
  EXPECT_EQ(all.stats.documents, 297u);
  EXPECT_EQ(all.stats.live_documents, 297u);
  EXPECT_EQ(std::count(all.text.begin(), all.text.end(), '\n'), 297);
  std::istringstream words(all.text);
  std::uint64_t tokens = 0;
  for (std::string word; words >> word;) ++tokens;
  EXPECT_EQ(all.stats.tokens, tokens);
  for (const std::uint64_t budget : {all.stats.tokens, std::uint64_t{1'000'000'000}}) {
    const Written within = write(budget);  // the pilot reads all 297 documents: the total is exact
    EXPECT_FALSE(within.stats.sampled) << budget;
    EXPECT_EQ(within.text, all.text) << budget;
    EXPECT_EQ(within.chosen, all.chosen) << budget;
  }
  EXPECT_TRUE(write(all.stats.tokens - 1).stats.sampled);
}

TEST_F(DenseTrainingCorpusTest, ATinyBudgetSamplesAboutItsTokensEvenlyOverTheWholeDocIdRange) {
  constexpr int kDocs = 2500;  // more than the pilot's 1,000: the total is estimated
  ingest("a.xml", growing_corpus(kDocs), {});
  const std::uint64_t total = write(0).stats.tokens;
  const std::uint64_t budget = total / 20;
  const Written sample = write(budget);
  EXPECT_TRUE(sample.stats.sampled);
  EXPECT_EQ(sample.stats.live_documents, std::uint64_t{kDocs});
  EXPECT_LE(sample.stats.tokens, budget);
  EXPECT_GE(sample.stats.tokens, budget * 95 / 100) << "the stride adapts so that the budget is used";
  ASSERT_EQ(sample.chosen.size(), sample.stats.documents);
  EXPECT_EQ(std::count(sample.text.begin(), sample.text.end(), '\n'), std::int64_t(sample.stats.documents));
  EXPECT_TRUE(std::is_sorted(sample.chosen.begin(), sample.chosen.end()));
  // Spread over the whole range, evenly by documents though later ones are longer: each tenth
  // of the DocIds holds about a tenth of the sample.
  std::vector<int> per_tenth(10, 0);
  for (const DocId doc : sample.chosen) ++per_tenth[doc.value * 10 / kDocs];
  const double tenth = double(sample.stats.documents) / 10;
  for (int t = 0; t < 10; ++t) {
    EXPECT_GE(per_tenth[t], 0.8 * tenth) << "tenth " << t;
    EXPECT_LE(per_tenth[t], 1.2 * tenth) << "tenth " << t;
  }
  EXPECT_LT(sample.chosen.front().value, std::uint32_t{kDocs / 50});
  EXPECT_GT(sample.chosen.back().value, std::uint32_t{kDocs - kDocs / 50});
  const Written again = write(budget);
  EXPECT_EQ(again.text, sample.text) << "deterministic";
  EXPECT_EQ(again.chosen, sample.chosen);
}

TEST_F(DenseTrainingCorpusTest, EmbedTrainsOnTheSampleAndReportsIt) {
  ingest("a.xml", medsearch::testing::two_topic_corpus(1, 120, 1));  // 46 tokens a document
  EmbedOptions options = medsearch::testing::small_sif_model();
  options.train_token_budget = 1000;
  const EmbedSummary s = embed_index(dir_, options);
  EXPECT_TRUE(s.trained);
  EXPECT_LE(s.training_tokens, 1000u);
  EXPECT_GE(s.training_tokens, 1000u - 2 * 46);
  EXPECT_EQ(s.training_tokens, s.training_documents * 46);
  EXPECT_EQ(s.documents_encoded, 120u) << "every document is encoded, whatever the model trained on";
  EXPECT_EQ(s.vectors_indexed, 120u);
}

}  // namespace
}  // namespace medsearch::engine
