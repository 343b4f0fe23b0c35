// SentencePieceTokenizer with the XLM-R SentencePiece model from ../shared: fairseq id
// mapping (HF XLMRobertaTokenizer), specials and truncation.
#include "medsearch/encoder/sentencepiece_tokenizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

namespace fs = std::filesystem;
using Ids = std::vector<std::int32_t>;

const fs::path kModel =
    fs::path(MEDSEARCH_SHARED_DIR) / "models/xlm-roberta-sentencepiece/xlmr_sentencepiece_reconstructed.model";

// A model directory as Hugging Face lays it out, holding a link to the shared model;
// loaded once for the suite (250,000 pieces take a while to load under the sanitizers).
class SentencePieceTokenizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kModel)) return;
    dir_ = std::make_unique<testing::TempDir>();
    fs::create_symlink(kModel, dir_->file("sentencepiece.bpe.model"));
    tokenizer_ = load_tokenizer(dir_->path());
  }
  static void TearDownTestSuite() {
    tokenizer_.reset();
    dir_.reset();
  }
  void SetUp() override {
    if (tokenizer_ == nullptr) GTEST_SKIP() << "XLM-R SentencePiece model not found at " << kModel;
  }
  static inline std::unique_ptr<testing::TempDir> dir_;
  static inline std::unique_ptr<Tokenizer> tokenizer_;
};

TEST_F(SentencePieceTokenizerTest, HelloWorldMatchesHuggingFace) {
  EXPECT_EQ(tokenizer_->encode("Hello world", 512), (Ids{0, 35378, 8999, 2}));
  EXPECT_EQ(tokenizer_->token_ids("Hello world"), (Ids{35378, 8999}));
  // SentencePiece's nmt_nfkc normaliser and whitespace folding give the same pieces.
  EXPECT_EQ(tokenizer_->token_ids("  Hello \t  world  "), (Ids{35378, 8999}));
}

TEST_F(SentencePieceTokenizerTest, SizesAndSpecialIds) {
  EXPECT_EQ(tokenizer_->vocab_size(), 250002u);  // HF XLMRobertaTokenizer.vocab_size
  EXPECT_EQ(tokenizer_->pad_id(), 1);
  const auto* sp = dynamic_cast<const SentencePieceTokenizer*>(tokenizer_.get());
  ASSERT_NE(sp, nullptr);
  EXPECT_EQ(sp->mask_id(), 250001);
}

TEST_F(SentencePieceTokenizerTest, OrdinaryPiecesNeverUseSpecialIds) {
  const std::string text = "Le patient présente une fièvre. 患者发烧。 Пациент, 42 года — ok!";
  const Ids ids = tokenizer_->token_ids(text);
  ASSERT_FALSE(ids.empty());
  for (const auto id : ids) {
    EXPECT_GE(id, 4) << "in " << text;
    EXPECT_LT(id, 250001) << "in " << text;
  }
}

TEST_F(SentencePieceTokenizerTest, UnknownCharacterIsFairseqUnk) {
  // SentencePiece's <unk> is id 0; HF maps it to fairseq's <unk>, 3 (not 0 + 1). An
  // Egyptian hieroglyph is not among XLM-R's pieces; "▁" is spm 5, fairseq 6; a run of
  // unknown characters is one <unk>.
  EXPECT_EQ(tokenizer_->token_ids("\U00013000"), (Ids{6, 3}));
  EXPECT_EQ(tokenizer_->token_ids("a \U00013000\U00013001 b"), (Ids{10, 6, 3, 876}));
  // fairseq's dictionary starts <s> <pad> </s> <unk> , . ▁
  EXPECT_EQ(tokenizer_->token_ids(","), (Ids{6, 4}));
  EXPECT_EQ(tokenizer_->token_ids("."), (Ids{6, 5}));
}

TEST_F(SentencePieceTokenizerTest, EncodeTruncatesBetweenBosAndEos) {
  const std::string text = "Aspirin reduces the risk of myocardial infarction in patients with diabetes.";
  const Ids pieces = tokenizer_->token_ids(text);
  ASSERT_GT(pieces.size(), 6u);
  const Ids six = tokenizer_->encode(text, 6);
  ASSERT_EQ(six.size(), 6u);
  EXPECT_EQ(six.front(), 0);
  EXPECT_EQ(six.back(), 2);
  EXPECT_TRUE(std::equal(six.begin() + 1, six.end() - 1, pieces.begin()));
  EXPECT_EQ(tokenizer_->encode(text, 2), (Ids{0, 2}));
  EXPECT_EQ(tokenizer_->encode("", 8), (Ids{0, 2}));
  EXPECT_TRUE(tokenizer_->token_ids("").empty());
  EXPECT_THROW(tokenizer_->encode(text, 1), Error);
}

TEST(SentencePieceTokenizer, NotAModelIsCorruptNamingTheFile) {
  testing::TempDir dir;
  const std::string path = dir.write("sentencepiece.bpe.model", "this is not a protobuf");
  try {
    SentencePieceTokenizer tokenizer(path);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace medsearch::encoder
