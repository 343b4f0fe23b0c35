// load_tokenizer: picks WordPiece or SentencePiece from the files of a model directory;
// errors name the directory or file at fault.
#include "medsearch/encoder/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/sentencepiece_tokenizer.hpp"
#include "medsearch/encoder/wordpiece_tokenizer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

void expect_error(const std::string& dir, ErrorCode code, const std::string& named) {
  try {
    load_tokenizer(dir);
    FAIL() << "expected Error for " << dir;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(named), std::string::npos) << e.what();
  }
}

TEST(TokenizerLoad, MissingDirectoryIsNotFound) {
  testing::TempDir dir;
  expect_error(dir.file("no-such-model"), ErrorCode::NotFound, dir.file("no-such-model"));
}

TEST(TokenizerLoad, DirectoryWithoutTokenizerFilesIsNotFound) {
  testing::TempDir dir;
  dir.write("config.json", "{}");
  expect_error(dir.path(), ErrorCode::NotFound, dir.path());
}

TEST(TokenizerLoad, EmptyVocabularyIsCorrupt) {
  testing::TempDir dir;
  const std::string vocab = dir.write("vocab.txt", "");
  expect_error(dir.path(), ErrorCode::Corrupt, vocab);
}

TEST(TokenizerLoad, UnreadableSentencePieceModelIsCorrupt) {
  testing::TempDir dir;
  const std::string model = dir.write("sentencepiece.bpe.model", "garbage");
  expect_error(dir.path(), ErrorCode::Corrupt, model);
}

TEST(TokenizerLoad, VocabTxtMeansWordPiece) {
  testing::TempDir dir;
  dir.write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_NE(dynamic_cast<const WordPieceTokenizer*>(tokenizer.get()), nullptr);
  EXPECT_EQ(tokenizer->encode("Hello", 16), (std::vector<std::int32_t>{2, 4, 3}));
  EXPECT_EQ(tokenizer->vocab_size(), 5u);
}

}  // namespace
}  // namespace medsearch::encoder
