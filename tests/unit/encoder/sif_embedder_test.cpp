#include "medsearch/encoder/sif_embedder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "medsearch/core/error.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

double dot(const float* a, const float* b, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += double(a[i]) * b[i];
  return s;
}

// Two topics with disjoint vocabularies plus shared filler words: a word model trained on
// it must put texts of one topic closer to each other than to the other topic.
std::string write_corpus(const std::string& dir) {
  const std::vector<std::string> cardio = {"heart", "cardiac", "myocardial", "infarction", "artery", "coronary", "angina", "ventricular"};
  const std::vector<std::string> neuro = {"brain", "neuron", "cortex", "seizure", "epilepsy", "dementia", "cognitive", "synaptic"};
  const std::vector<std::string> filler = {"the", "of", "patients", "study", "and", "in", "results", "with"};
  std::mt19937 rng(3);
  const std::string path = dir + "/corpus.txt";
  std::ofstream out(path);
  for (int line = 0; line < 600; ++line) {
    const auto& topic = line % 2 == 0 ? cardio : neuro;
    for (int w = 0; w < 20; ++w) {
      const auto& pool = rng() % 3 == 0 ? filler : topic;
      out << pool[rng() % pool.size()] << ' ';
    }
    out << '\n';
  }
  return path;
}

SifTrainOptions small_options() {
  SifTrainOptions o;
  o.dim = 16;
  o.epochs = 10;
  o.min_count = 1;
  o.buckets = 2000;
  o.threads = 1;
  return o;
}

TEST(SifTraining, EpochsAndMinCountFollowCorpusSize) {
  EXPECT_EQ(auto_epochs(700'000), 25);     // NFCorpus-sized
  EXPECT_EQ(auto_epochs(2'000'000), 10);
  EXPECT_EQ(auto_epochs(200'000'000), 5);  // a million abstracts
  // Small corpora: 5 epochs plus a share of the 20 extra in proportion to the corpus.
  EXPECT_EQ(auto_epochs(0), 5);
  EXPECT_EQ(auto_epochs(150'000), 11);  // the demo's 799 PubMed samples
  EXPECT_EQ(auto_epochs(kSifFullEpochsTokens - 1), 24);
  EXPECT_EQ(auto_epochs(kSifFullEpochsTokens), 25);
}

TEST(SifTraining, TrainingWorkGrowsWithTheCorpusAndIsBounded) {
  // Epochs × tokens never falls as the corpus grows past a bucket edge by more than one
  // epoch's rounding, and never exceeds max(20M, 5 × tokens).
  std::uint64_t previous_work = 0;
  for (std::uint64_t tokens = 1000; tokens <= 50'000'000; tokens += tokens / 7 + 1) {
    const std::uint64_t work = std::uint64_t(auto_epochs(tokens)) * tokens;
    EXPECT_LE(work, std::max<std::uint64_t>(20'000'000, 5 * tokens)) << tokens;
    EXPECT_GE(work + tokens, previous_work) << tokens;
    previous_work = work;
  }
  EXPECT_EQ(auto_min_count(700'000), 2);
  EXPECT_EQ(auto_min_count(200'000'000), 5);
}

TEST(SifTraining, TheDefaultTokenBudgetBoundsTheWorkAndLeavesSmallCorporaWhole) {
  // At most the budget's tokens are trained on (engine/dense/training_corpus.hpp), so the work
  // is at most 5 epochs × 50M tokens whatever the index's size.
  EXPECT_EQ(auto_epochs(kSifTrainTokenBudget), 5);
  EXPECT_LE(std::uint64_t(auto_epochs(kSifTrainTokenBudget)) * kSifTrainTokenBudget, 250'000'000u);
  EXPECT_GE(kSifTrainTokenBudget, 50u * 700'000u) << "NFCorpus (0.7M tokens) trains on every document";
}

TEST(SifWords, LowercasesAndSplitsAtPunctuation) {
  EXPECT_EQ(sif_words("IL-6 receptor's α-Helix"), (std::vector<std::string>{"il", "6", "receptor", "s", "α", "helix"}));
  EXPECT_TRUE(sif_words(" ,.; ").empty());
}

TEST(SifEmbedder, TrainsAModelThatSeparatesTopics) {
  testing::TempDir dir;
  const std::string corpus = write_corpus(dir.path());
  double last_progress = -1;
  SifEmbedder::train(corpus, dir.path() + "/model", small_options(), [&](double f) { last_progress = f; });
  EXPECT_GE(last_progress, 0.0);
  const SifEmbedder model(dir.path() + "/model");
  ASSERT_EQ(model.dim(), 16u);
  const std::vector<std::string> texts = {"myocardial infarction of the coronary artery", "angina and cardiac ventricular patients",
                                          "epilepsy seizure in the cortex", "dementia cognitive neuron study"};
  std::vector<float> v(texts.size() * model.dim());
  model.embed(texts, TextRole::Passage, v.data());
  for (std::size_t t = 0; t < texts.size(); ++t) EXPECT_NEAR(dot(&v[t * 16], &v[t * 16], 16), 1.0, 1e-5);
  const float* heart1 = &v[0];
  const float* heart2 = &v[16];
  const float* brain1 = &v[32];
  const float* brain2 = &v[48];
  EXPECT_GT(dot(heart1, heart2, 16), dot(heart1, brain1, 16));
  EXPECT_GT(dot(heart1, heart2, 16), dot(heart2, brain2, 16));
  EXPECT_GT(dot(brain1, brain2, 16), dot(brain1, heart2, 16));
}

TEST(SifEmbedder, RemovesTheCommonComponentAndIsDeterministic) {
  testing::TempDir dir;
  SifEmbedder::train(write_corpus(dir.path()), dir.path() + "/model", small_options());
  const SifEmbedder a(dir.path() + "/model");
  const SifEmbedder b(dir.path() + "/model");
  std::ifstream params_file(dir.path() + "/model.json");
  const std::string params((std::istreambuf_iterator<char>(params_file)), {});
  ASSERT_NE(params.find("\"component\""), std::string::npos);
  const std::vector<std::string> texts = {"heart brain patients", "unseenword cardiomyopathy"};
  std::vector<float> va(2 * 16), vb(2 * 16);
  a.embed(texts, TextRole::Query, va.data());
  b.embed(texts, TextRole::Passage, vb.data());
  EXPECT_EQ(va, vb);
  EXPECT_EQ(a.model_id(), b.model_id());
  // u is a unit vector and every text vector is orthogonal to it.
  const std::vector<float> u = nlohmann::json::parse(params).at("component").get<std::vector<float>>();
  ASSERT_EQ(u.size(), 16u);
  EXPECT_NEAR(dot(u.data(), u.data(), 16), 1.0, 1e-5);
  EXPECT_NEAR(dot(&va[0], u.data(), 16), 0.0, 1e-5);
  EXPECT_NEAR(dot(&va[16], u.data(), 16), 0.0, 1e-5);
  // An empty text has no words: a zero vector, not NaN.
  std::vector<float> empty(16, 1.0f);
  const std::vector<std::string> none = {""};
  a.embed(none, TextRole::Query, empty.data());
  for (float x : empty) EXPECT_EQ(x, 0.0f);
}

// The precomputed vectors of the most frequent words (word_cache_bytes) are the ones
// fastText computes per occurrence: no table, a table of half the words and of all of them
// embed the same texts, with known and unseen words, to the same floats.
TEST(SifEmbedder, PrecomputedWordVectorsEmbedExactlyAsFastTextDoes) {
  testing::TempDir dir;
  SifEmbedder::train(write_corpus(dir.path()), dir.path() + "/model", small_options());
  const SifEmbedder none(dir.path() + "/model", 0);
  const SifEmbedder all(dir.path() + "/model");
  const std::size_t words = all.cached_words();
  ASSERT_GE(words, 24u);  // the corpus's 24 words (fastText may add its end-of-line token)
  const SifEmbedder half(dir.path() + "/model", words / 2 * 16 * sizeof(float));
  EXPECT_EQ(none.cached_words(), 0u);
  EXPECT_EQ(half.cached_words(), words / 2);
  const std::vector<std::string> texts = {"myocardial infarction of the coronary artery",
                                          "dementia cognitive neuron study", "the heart and the brain",
                                          "unseenword cardiomyopathy neurons", ""};
  std::vector<float> v_none(texts.size() * 16), v_half(texts.size() * 16), v_all(texts.size() * 16);
  none.embed(texts, TextRole::Passage, v_none.data());
  half.embed(texts, TextRole::Passage, v_half.data());
  all.embed(texts, TextRole::Passage, v_all.data());
  EXPECT_EQ(v_half, v_none);
  EXPECT_EQ(v_all, v_none);
}

// Threads share a call's texts out (64 or more per thread); each row is computed alone, so
// the rows are the same floats whatever the thread count.
TEST(SifEmbedder, ThreadsDoNotChangeTheVectors) {
  testing::TempDir dir;
  SifEmbedder::train(write_corpus(dir.path()), dir.path() + "/model", small_options());
  const std::vector<std::string> words = {"heart",  "brain",      "the",   "cortex",
                                          "artery", "unseenword", "study", "seizure"};
  std::vector<std::string> texts;
  std::mt19937 rng(5);
  for (int t = 0; t < 301; ++t) {
    std::string text;
    for (unsigned w = 0; w < rng() % 12; ++w) text += words[rng() % words.size()] + " ";
    texts.push_back(text);
  }
  const SifEmbedder one(dir.path() + "/model", kSifWordVectorCacheBytes, 1);
  const SifEmbedder three(dir.path() + "/model", kSifWordVectorCacheBytes, 3);
  std::vector<float> v_one(texts.size() * 16), v_three(texts.size() * 16);
  one.embed(texts, TextRole::Passage, v_one.data());
  three.embed(texts, TextRole::Passage, v_three.data());
  EXPECT_EQ(v_three, v_one);
}

TEST(SifEmbedder, MissingOrCorruptModelIsAnErrorNamingTheFile) {
  testing::TempDir dir;
  try {
    SifEmbedder missing(dir.path() + "/nothing");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_NE(std::string(e.what()).find("nothing.json"), std::string::npos);
  }
  std::ofstream(dir.path() + "/bad.json") << "{\"a\": 0.001, \"component\": [1, 2]}";
  std::ofstream(dir.path() + "/bad.bin") << "not a fasttext model";
  try {
    SifEmbedder bad(dir.path() + "/bad");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find("bad.bin"), std::string::npos);
  }
}

}  // namespace
}  // namespace medsearch::encoder
