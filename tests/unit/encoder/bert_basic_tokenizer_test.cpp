// BertBasicTokenizer: cleaning, CJK isolation, accent stripping, lower-casing and
// punctuation splitting as Hugging Face's BertNormalizer + BertPreTokenizer do them.
#include "medsearch/encoder/bert_basic_tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace medsearch::encoder {
namespace {

using Words = std::vector<std::string>;

Words split(std::string_view text, BertBasicOptions options = {}) {
  BertWords words;
  BertBasicTokenizer(options).split(text, words);
  Words out;
  for (std::size_t i = 0; i < words.size(); ++i) out.emplace_back(words.word(i));
  return out;
}

constexpr BertBasicOptions kCased{.lower_case = false, .strip_accents = false, .split_cjk = true};

TEST(BertBasicTokenizer, DropsControlCharactersWithoutSplitting) {
  EXPECT_EQ(split(std::string("a\0b\x01" "c", 5)), (Words{"abc"}));
  EXPECT_EQ(split("a\u200bb"), (Words{"ab"}));      // ZERO WIDTH SPACE is Cf
  EXPECT_EQ(split("a\uFFFDb"), (Words{"ab"}));      // REPLACEMENT CHARACTER
  EXPECT_EQ(split("a\xff" "b\xc3"), (Words{"ab"}));  // invalid UTF-8 reads as U+FFFD
  EXPECT_EQ(split("a\vb\fc\u0085d"), (Words{"abcd"}));  // Cc, dropped before the whitespace map
  EXPECT_EQ(split("a\x7f" "b"), (Words{"ab"}));
  EXPECT_EQ(split("a\uE000b"), (Words{"ab"}));  // private use (Co) is dropped too
}

TEST(BertBasicTokenizer, KeepsUnassignedCodePointsAsTheRustTokenizerDoes) {
  // U+0378 is unassigned (Cn): Python's BasicTokenizer would drop it, HF's Rust one keeps
  // it, which makes the word [UNK].
  EXPECT_EQ(split("a\xCD\xB8" "b"), (Words{"a\xCD\xB8" "b"}));
}

TEST(BertBasicTokenizer, SplitsOnWhitespace) {
  EXPECT_EQ(split(" \t a\nb\r\nc\u00a0d\u3000e\u2028f  "), (Words{"a", "b", "c", "d", "e", "f"}));
  EXPECT_TRUE(split("").empty());
  EXPECT_TRUE(split(" \n\t ").empty());
}

TEST(BertBasicTokenizer, PunctuationIsAWordOfItsOwn) {
  EXPECT_EQ(split("a-b,c$5"), (Words{"a", "-", "b", ",", "c", "$", "5"}));  // ASCII symbols count
  EXPECT_EQ(split("wait…¿what"), (Words{"wait", "…", "¿", "what"}));          // Unicode Po
  EXPECT_EQ(split("€5 ©x"), (Words{"€5", "©x"}));                            // Sc, So are not P*
  EXPECT_EQ(split("..."), (Words{".", ".", "."}));
}

TEST(BertBasicTokenizer, IsolatesCjkIdeographsOnly) {
  EXPECT_EQ(split("ab你好cd"), (Words{"ab", "你", "好", "cd"}));
  EXPECT_EQ(split("ひらがなカタ"), (Words{"ひらかなカタ"}));  // kana are not split; NFD strips the dakuten
  EXPECT_EQ(split("ひらがな", kCased), (Words{"ひらがな"}));
  EXPECT_EQ(split("ab你好", {.lower_case = true, .strip_accents = true, .split_cjk = false}), (Words{"ab你好"}));
}

TEST(BertBasicTokenizer, LowerCasesAndStripsAccents) {
  EXPECT_EQ(split("Äpfel NAÏVE"), (Words{"apfel", "naive"}));
  EXPECT_EQ(split("Äpfel NAÏVE", kCased), (Words{"Äpfel", "NAÏVE"}));
  EXPECT_EQ(split("Äpfel", {.lower_case = false, .strip_accents = true}), (Words{"Apfel"}));
  EXPECT_EQ(split("Äpfel", {.lower_case = true, .strip_accents = false}), (Words{"äpfel"}));
  EXPECT_EQ(split("ΟΔΟΣ"), (Words{"οδοσ"}));  // per-character lower case, as the Rust tokenizer
  EXPECT_EQ(split("İ", {.lower_case = true, .strip_accents = false}), (Words{"i\u0307"}));
  EXPECT_EQ(split("İ"), (Words{"i"}));
  EXPECT_EQ(split("한"), (Words{"\u1112\u1161\u11ab"}));  // NFD decomposes Hangul syllables
}

TEST(BertBasicTokenizer, CanonicalOrderingOfMarksThatSurviveStripping) {
  // U+1D16D (ccc 226) before U+1D165 (ccc 216): NFD swaps them; both are Mc, so kept.
  EXPECT_EQ(split("a\U0001D16D\U0001D165"), (Words{"a\U0001D165\U0001D16D"}));
  EXPECT_EQ(split("a\U0001D16D\U0001D165", kCased), (Words{"a\U0001D16D\U0001D165"}));
}

TEST(BertBasicTokenizer, AppendsToExistingWords) {
  BertWords words;
  const BertBasicTokenizer tokenizer({});
  tokenizer.split("one two", words);
  tokenizer.split("three", words);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words.word(2), "three");
}

}  // namespace
}  // namespace medsearch::encoder
