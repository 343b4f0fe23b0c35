// Size caps on model directory files (model_file_limits.hpp): a file over its cap is
// refused before it is read, with an error naming the file and the byte where the cap is
// passed; a file at the cap is read (and judged on its content). Oversized files are
// sparse, so the tests write almost nothing.
#include "medsearch/encoder/model_file_limits.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_dir_settings.hpp"
#include "medsearch/encoder/sentencepiece_tokenizer.hpp"
#include "medsearch/encoder/transformer_config.hpp"
#include "medsearch/encoder/wordpiece_tokenizer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

using medsearch::testing::TempDir;

std::string sparse(const TempDir& dir, const std::string& name, std::uintmax_t size) {
  const std::string p = dir.write(name, "");
  std::filesystem::resize_file(p, size);
  return p;
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(error_code_name(e.code())) + ": " + e.what();
  }
  return "no error";
}

TEST(ModelFileLimits, AtTheCapPassesOneByteOverIsRefusedNamingFileAndByte) {
  TempDir dir;
  const std::string at = sparse(dir, "at", 1000);
  const std::string over = sparse(dir, "over", 1001);
  EXPECT_NO_THROW(check_model_file_size(at, 1000, "vocabulary"));
  const std::string message = error_of([&] { check_model_file_size(over, 1000, "vocabulary"); });
  EXPECT_NE(message.find("Corrupt: " + over + ": vocabulary of 1001 bytes is over the maximum of 1000 bytes"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("passed at byte 1000"), std::string::npos) << message;
  EXPECT_NO_THROW(check_model_file_size(dir.file("missing"), 1, "vocabulary")) << "the caller's open reports it";
}

TEST(ModelFileLimits, EveryLoaderRefusesAnOversizedFile) {
  {
    TempDir dir;
    const std::string vocab = sparse(dir, "vocab.txt", kMaxTokenizerFileBytes + 1);
    const std::string message = error_of([&] { WordPieceTokenizer::load(dir.path()); });
    EXPECT_NE(message.find(vocab + ": vocabulary of"), std::string::npos) << message;
  }
  {
    TempDir dir;
    dir.write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
    const std::string config = sparse(dir, "tokenizer_config.json", kMaxModelJsonBytes + 1);
    const std::string message = error_of([&] { WordPieceTokenizer::load(dir.path()); });
    EXPECT_NE(message.find(config + ": tokenizer configuration of"), std::string::npos) << message;
  }
  {
    TempDir dir;
    const std::string model = sparse(dir, "sentencepiece.bpe.model", kMaxTokenizerFileBytes + 1);
    const std::string message = error_of([&] { SentencePieceTokenizer tokenizer(model); });
    EXPECT_NE(message.find(model + ": SentencePiece model of"), std::string::npos) << message;
  }
  {
    TempDir dir;
    const std::string config = sparse(dir, "config.json", kMaxModelJsonBytes + 1);
    const std::string message = error_of([&] { load_transformer_config(config); });
    EXPECT_NE(message.find(config + ": model config of"), std::string::npos) << message;
  }
  {
    TempDir dir;
    const std::string settings = sparse(dir, "medsearch_model.json", kMaxModelJsonBytes + 1);
    const std::string message = error_of([&] { read_model_dir_settings(dir.path()); });
    EXPECT_NE(message.find(settings + ": model settings file of"), std::string::npos) << message;
  }
}

TEST(ModelFileLimits, AConfigAtTheCapIsReadAndJudgedOnItsContent) {
  TempDir dir;
  const std::string config = sparse(dir, "config.json", kMaxModelJsonBytes);  // NUL bytes: not JSON
  const std::string message = error_of([&] { load_transformer_config(config); });
  EXPECT_EQ(message.find("over the maximum"), std::string::npos) << message;
  EXPECT_NE(message.find("Corrupt"), std::string::npos) << message;
}

}  // namespace
}  // namespace medsearch::encoder
