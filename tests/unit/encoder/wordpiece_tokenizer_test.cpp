// WordPieceTokenizer on small vocabularies the tests write themselves: cased and uncased
// configuration, the greedy longest match, [UNK] rules, specials and truncation.
#include "medsearch/encoder/wordpiece_tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

using Ids = std::vector<std::int32_t>;

// ids:                          0       1       2       3       4        5        6        7
const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Hello", "hello", "wor",
                                         // 8     9     10    11      12     13    14     15     16
                                         "##ld", "!", ",", "Café", "cafe", "a", "##a", "##s", "wo",
                                         // 17    18      19     20
                                         "##r", "##ld!", "豈", "é"};

std::string vocab_file(const std::vector<std::string>& tokens, const char* newline = "\n") {
  std::string text;
  for (const auto& token : tokens) text += token + newline;
  return text;
}

TEST(WordPieceTokenizer, CasedConfigurationKeepsCaseAndAccents) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  dir.write("tokenizer_config.json", R"({"do_lower_case": false, "strip_accents": null})");
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_FALSE(tokenizer->options().lower_case);
  EXPECT_FALSE(tokenizer->options().strip_accents);  // null follows do_lower_case
  EXPECT_EQ(tokenizer->token_ids("Hello world!"), (Ids{5, 7, 8, 9}));
  EXPECT_EQ(tokenizer->token_ids("hello"), (Ids{6}));
  EXPECT_EQ(tokenizer->token_ids("Café, cafe"), (Ids{11, 10, 12}));
  EXPECT_EQ(tokenizer->token_ids("HELLO"), (Ids{1}));
}

TEST(WordPieceTokenizer, UncasedByDefaultLowerCasesAndStripsAccents) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_TRUE(tokenizer->options().lower_case);
  EXPECT_TRUE(tokenizer->options().strip_accents);
  EXPECT_EQ(tokenizer->token_ids("HELLO Café"), (Ids{6, 12}));
  EXPECT_EQ(tokenizer->token_ids("CAFE\xCC\x81"), (Ids{12}));  // combining acute, decomposed input
  EXPECT_EQ(tokenizer->token_ids("\xEF\xA4\x80"), (Ids{19}));  // U+F900 decomposes to U+8C48
}

TEST(WordPieceTokenizer, StripAccentsWithoutLowerCasing) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  dir.write("tokenizer_config.json", R"({"do_lower_case": false, "strip_accents": true})");
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->token_ids("Hello é"), (Ids{5, 1}));  // "e" is not in the vocabulary
}

TEST(WordPieceTokenizer, GreedyLongestMatchFirst) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  // "world" = "wor" + "##ld" (longest first piece), not "wo" + "##r" + "##ld".
  EXPECT_EQ(tokenizer->token_ids("world"), (Ids{7, 8}));
  EXPECT_EQ(tokenizer->token_ids("aaa"), (Ids{13, 14, 14}));
  EXPECT_EQ(tokenizer->token_ids("as"), (Ids{13, 15}));
  // "!" is punctuation, so "##ld!" can never match.
  EXPECT_EQ(tokenizer->token_ids("world!"), (Ids{7, 8, 9}));
}

TEST(WordPieceTokenizer, WordThatCannotBeCoveredIsOneUnk) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->token_ids("worx hello"), (Ids{1, 6}));  // not "wor" [UNK]
  EXPECT_EQ(tokenizer->token_ids("x"), (Ids{1}));
}

TEST(WordPieceTokenizer, WordOverOneHundredCharactersIsOneUnk) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->token_ids(std::string(100, 'a')).size(), 100u);
  EXPECT_EQ(tokenizer->token_ids(std::string(101, 'a') + " hello"), (Ids{1, 6}));
}

TEST(WordPieceTokenizer, WordLengthLimitCountsCodePointsNotBytes) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "é", "##é"}));
  dir.write("tokenizer_config.json", R"({"do_lower_case": false})");
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  std::string word;
  for (int i = 0; i < 100; ++i) word += "é";  // 200 bytes
  Ids want(100, 5);
  want[0] = 4;
  EXPECT_EQ(tokenizer->token_ids(word), want);
  EXPECT_EQ(tokenizer->token_ids(word + "é"), (Ids{1}));
}

TEST(WordPieceTokenizer, SpecialTokensInTextAreKeptWhole) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->token_ids("hello[SEP]hello [MASK]"), (Ids{6, 3, 6, 4}));
  EXPECT_EQ(tokenizer->token_ids("[CLS][PAD][UNK]"), (Ids{2, 0, 1}));
  EXPECT_EQ(tokenizer->token_ids("[SEP"), (Ids{1, 1}));  // "[" and "sep" are not in this vocabulary
}

TEST(WordPieceTokenizer, EncodeAddsClsAndSepAndTruncates) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->encode("hello world", 512), (Ids{2, 6, 7, 8, 3}));
  EXPECT_EQ(tokenizer->encode("hello world", 5), (Ids{2, 6, 7, 8, 3}));
  EXPECT_EQ(tokenizer->encode("hello world", 4), (Ids{2, 6, 7, 3}));  // cuts inside a word, as HF
  EXPECT_EQ(tokenizer->encode("hello world", 2), (Ids{2, 3}));
  EXPECT_EQ(tokenizer->encode("", 2), (Ids{2, 3}));
  EXPECT_THROW(tokenizer->encode("hello", 1), Error);
  EXPECT_EQ(tokenizer->pad_id(), 0);
  EXPECT_EQ(tokenizer->cls_id(), 2);
  EXPECT_EQ(tokenizer->sep_id(), 3);
  EXPECT_EQ(tokenizer->unk_id(), 1);
  EXPECT_EQ(tokenizer->vocab_size(), kVocab.size());
}

TEST(WordPieceTokenizer, ReadsCrLfVocabularyAndRepeatedTokensKeepTheLastId) {
  testing::TempDir dir;
  std::vector<std::string> tokens = kVocab;
  tokens.push_back("hello");  // id 21
  dir.write("vocab.txt", vocab_file(tokens, "\r\n"));
  const auto tokenizer = WordPieceTokenizer::load(dir.path());
  EXPECT_EQ(tokenizer->token_ids("hello world"), (Ids{21, 7, 8}));
  EXPECT_EQ(tokenizer->vocab_size(), 22u);
}

TEST(WordPieceTokenizer, MissingSpecialTokenIsCorrupt) {
  testing::TempDir dir;
  const std::string path = dir.write("vocab.txt", vocab_file({"[PAD]", "[CLS]", "[SEP]", "hello"}));
  try {
    WordPieceTokenizer::load(dir.path());
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[UNK]"), std::string::npos) << e.what();
  }
}

TEST(WordPieceTokenizer, BadConfigurationIsCorrupt) {
  testing::TempDir dir;
  dir.write("vocab.txt", vocab_file(kVocab));
  for (const char* config : {"{not json", R"({"do_lower_case": "yes"})"}) {
    const std::string path = dir.write("tokenizer_config.json", config);
    try {
      WordPieceTokenizer::load(dir.path());
      FAIL() << "expected Error for " << config;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Corrupt);
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace medsearch::encoder
