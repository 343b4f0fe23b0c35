// TransformerEmbedder end to end on the bert-tiny fixture: text → WordPiece ids → forward →
// pooling → normalisation, against tests/data/encoder/bert-tiny/embeddings.json (float64
// PyTorch reference, scripts/make_encoder_fixtures.py).
#include "medsearch/encoder/transformer_embedder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "encoder_fixtures.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

using medsearch::testing::TempDir;
using testing::copy_model;
using testing::fixture_dir;
using testing::kRelativeTolerance;
using testing::relative_l2;
using testing::write_text;

constexpr std::size_t kDim = 32;

struct EmbedCase {
  std::size_t text_index;
  std::string prefix;
  std::vector<std::int32_t> ids;
  std::vector<float> cls, mean;
};

struct EmbedFixture {
  std::vector<std::string> texts;
  std::vector<EmbedCase> cases;

  const EmbedCase& find(std::size_t text_index, const std::string& prefix) const {
    for (const auto& c : cases) {
      if (c.text_index == text_index && c.prefix == prefix) return c;
    }
    throw std::runtime_error("no embedder case");
  }
};

EmbedFixture load_embed_fixture() {
  const auto j = nlohmann::json::parse(medsearch::testing::read_file((fixture_dir("bert-tiny") / "embeddings.json").string()));
  EmbedFixture f;
  f.texts = j["texts"].get<std::vector<std::string>>();
  for (const auto& c : j["cases"]) {
    f.cases.push_back({c["text_index"].get<std::size_t>(), c["prefix"].get<std::string>(),
                       c["ids"].get<std::vector<std::int32_t>>(), c["cls"].get<std::vector<float>>(),
                       c["mean"].get<std::vector<float>>()});
  }
  return f;
}

std::vector<float> normalised(std::vector<float> v) {
  l2_normalise_rows(v.data(), 1, v.size());
  return v;
}

std::vector<float> embed(const TransformerEmbedder& e, const std::vector<std::string>& texts, TextRole role) {
  std::vector<float> out(texts.size() * e.dim(), std::nanf(""));
  e.embed(texts, role, out.data());
  return out;
}

// Each row of `got` against the fixture's vector for that text.
void expect_rows(const std::vector<float>& got, const EmbedFixture& f, const std::string& prefix, Pooling pooling,
                 bool normalise) {
  for (std::size_t i = 0; i < f.texts.size(); ++i) {
    const EmbedCase& c = f.find(i, prefix);
    const std::vector<float> want = normalise ? normalised(pooling == Pooling::Cls ? c.cls : c.mean)
                                              : (pooling == Pooling::Cls ? c.cls : c.mean);
    EXPECT_LT(relative_l2(got.data() + i * kDim, want.data(), kDim), kRelativeTolerance)
        << "text " << i << " prefix '" << prefix << "'";
  }
}

TEST(TransformerEmbedder, TokenizerAgreesWithFixtureIds) {
  const EmbedFixture f = load_embed_fixture();
  const TransformerEmbedder e(fixture_dir("bert-tiny"), {});
  for (const auto& c : f.cases) {
    EXPECT_EQ(e.tokenizer().encode(c.prefix + f.texts[c.text_index], e.max_tokens()), c.ids)
        << "text " << c.text_index << " prefix '" << c.prefix << "'";
  }
}

TEST(TransformerEmbedder, DefaultsAreClsAndNormalised) {
  const EmbedFixture f = load_embed_fixture();
  const TransformerEmbedder e(fixture_dir("bert-tiny"), {});
  EXPECT_EQ(e.dim(), kDim);
  EXPECT_EQ(e.pooling(), Pooling::Cls);
  EXPECT_TRUE(e.normalised());
  EXPECT_EQ(e.max_tokens(), 40u);  // min(512, max_position_embeddings 40 - offset 0)
  const auto got = embed(e, f.texts, TextRole::Passage);
  expect_rows(got, f, "", Pooling::Cls, true);
  // The repeated text gives the same vector; the long text was truncated, not rejected.
  for (std::size_t i = 0; i < kDim; ++i) EXPECT_EQ(got[1 * kDim + i], got[5 * kDim + i]);
  EXPECT_EQ(f.find(4, "").ids.size(), 40u);
}

TEST(TransformerEmbedder, MeanUnnormalisedFromOptions) {
  const EmbedFixture f = load_embed_fixture();
  TransformerEmbedderOptions options;
  options.pooling = Pooling::Mean;
  options.normalise = false;
  const TransformerEmbedder e(fixture_dir("bert-tiny"), options);
  EXPECT_FALSE(e.normalised());
  expect_rows(embed(e, f.texts, TextRole::Query), f, "", Pooling::Mean, false);
}

TEST(TransformerEmbedder, SettingsFilesAndPrefixes) {
  const EmbedFixture f = load_embed_fixture();
  TempDir tmp;
  const std::filesystem::path dir = std::filesystem::path(tmp.path()) / "tiny-e5";
  std::filesystem::create_directories(dir);
  copy_model("bert-tiny", dir);
  write_text(dir / "modules.json",
             R"([{"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                 {"path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])");
  write_text(dir / "1_Pooling" / "config.json", R"({"pooling_mode_mean_tokens": true})");
  write_text(dir / "medsearch_model.json", R"({"query_prefix": "query: "})");
  TransformerEmbedderOptions options;
  options.pooling = Pooling::Mean;  // agrees with the directory: fine
  const TransformerEmbedder e(dir, options);
  EXPECT_EQ(e.pooling(), Pooling::Mean);
  EXPECT_TRUE(e.normalised());
  EXPECT_EQ(e.query_prefix(), "query: ");
  EXPECT_EQ(e.passage_prefix(), "");
  expect_rows(embed(e, f.texts, TextRole::Query), f, "query: ", Pooling::Mean, true);
  expect_rows(embed(e, f.texts, TextRole::Passage), f, "", Pooling::Mean, true);
  EXPECT_EQ(e.model_id(),
            "tiny-e5|pooling=mean|normalise=true|max_tokens=40|query_prefix=\"query: \"|passage_prefix=\"\"");
}

// multilingual(): medsearch_model.json's "multilingual", else config.json's model_type
// "xlm-roberta" (the XLM-R family). bert-tiny is a BERT: not multilingual unless the file
// says so; the same weights declared xlm-roberta are.
TEST(TransformerEmbedder, MultilingualFromTheSettingsFileElseTheModelType) {
  EXPECT_FALSE(TransformerEmbedder(fixture_dir("bert-tiny"), {}).multilingual());
  TempDir tmp;
  const std::filesystem::path said = std::filesystem::path(tmp.path()) / "said";
  std::filesystem::create_directories(said);
  copy_model("bert-tiny", said);
  write_text(said / "medsearch_model.json", R"({"multilingual": true})");
  EXPECT_TRUE(TransformerEmbedder(said, {}).multilingual());
  const std::filesystem::path xlmr = std::filesystem::path(tmp.path()) / "xlmr";
  std::filesystem::create_directories(xlmr);
  copy_model("bert-tiny", xlmr);
  auto config = nlohmann::json::parse(medsearch::testing::read_file((xlmr / "config.json").string()));
  config["model_type"] = "xlm-roberta";
  write_text(xlmr / "config.json", config.dump());
  EXPECT_TRUE(TransformerEmbedder(xlmr, {}).multilingual());
  write_text(xlmr / "medsearch_model.json", R"({"multilingual": false})");
  EXPECT_FALSE(TransformerEmbedder(xlmr, {}).multilingual());
}

TEST(TransformerEmbedder, OptionContradictingTheDirectoryIsAnError) {
  TempDir tmp;
  copy_model("bert-tiny", tmp.path());
  write_text(std::filesystem::path(tmp.path()) / "medsearch_model.json", R"({"pooling": "mean"})");
  TransformerEmbedderOptions options;
  options.pooling = Pooling::Cls;
  try {
    TransformerEmbedder e(tmp.path(), options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("pooling = cls contradicts"), std::string::npos) << e.what();
  }
}

TEST(TransformerEmbedder, MaxTokens) {
  TempDir tmp;
  copy_model("bert-tiny", tmp.path());
  TransformerEmbedderOptions options;
  for (std::size_t bad : {1, 41}) {
    options.max_tokens = bad;
    EXPECT_THROW(TransformerEmbedder(tmp.path(), options), Error) << bad;
  }
  options.max_tokens = 8;
  EXPECT_EQ(TransformerEmbedder(tmp.path(), options).max_tokens(), 8u);
  write_text(std::filesystem::path(tmp.path()) / "sentence_bert_config.json", R"({"max_seq_length": 16})");
  const TransformerEmbedder e(tmp.path(), {});
  EXPECT_EQ(e.max_tokens(), 16u);
  EXPECT_NE(e.model_id().find("max_tokens=16"), std::string::npos);
  // A long text is cut to its first 14 pieces plus [CLS] and [SEP].
  const EmbedFixture f = load_embed_fixture();
  const auto& full = f.find(4, "").ids;
  std::vector<std::int32_t> want(full.begin(), full.begin() + 15);
  want.push_back(full.back());
  EXPECT_EQ(e.tokenizer().encode(f.texts[4], e.max_tokens()), want);
}

TEST(TransformerEmbedder, BatchingAndThreadsDoNotChangeVectors) {
  const EmbedFixture f = load_embed_fixture();
  TransformerEmbedderOptions options;
  options.pooling = Pooling::Mean;
  options.batch_size = 1;
  options.threads = 1;
  const auto alone = embed(TransformerEmbedder(fixture_dir("bert-tiny"), options), f.texts, TextRole::Passage);
  for (std::size_t batch_size : {2, 3, 32}) {
    options.batch_size = batch_size;
    options.threads = 2;
    const auto got = embed(TransformerEmbedder(fixture_dir("bert-tiny"), options), f.texts, TextRole::Passage);
    for (std::size_t i = 0; i < f.texts.size(); ++i) {
      EXPECT_LT(relative_l2(got.data() + i * kDim, alone.data() + i * kDim, kDim), kRelativeTolerance)
          << "batch_size " << batch_size << " text " << i;
    }
  }
}

TEST(TransformerEmbedder, ConcurrentCallsAndEmptyInput) {
  const EmbedFixture f = load_embed_fixture();
  const TransformerEmbedder e(fixture_dir("bert-tiny"), {});
  e.embed({}, TextRole::Query, nullptr);
  const auto serial = embed(e, f.texts, TextRole::Passage);
  std::vector<float> a, b;
  std::thread t1([&] { a = embed(e, f.texts, TextRole::Passage); });
  std::thread t2([&] { b = embed(e, f.texts, TextRole::Passage); });
  t1.join();
  t2.join();
  for (std::size_t i = 0; i < serial.size(); ++i) {
    ASSERT_NEAR(a[i], serial[i], 1e-5f);
    ASSERT_NEAR(b[i], serial[i], 1e-5f);
  }
}

}  // namespace
}  // namespace medsearch::encoder
