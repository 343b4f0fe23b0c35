// tokenize(): words and parts on normalised text.
#include "medsearch/text/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace medsearch::text {
namespace {

// Words separated by " | ", parts by "+"; a part is marked '#' when numeric and '~'
// when neither numeric nor alphabetic: "il+6#", "her2~+neu".
std::string words(std::string_view normalized) {
  TokenizedText out;
  tokenize(normalized, out);
  std::string s;
  for (const Word& w : out.words) {
    if (!s.empty()) s += " | ";
    if (w.cjk) s += "cjk:";
    for (std::uint32_t k = 0; k < w.part_count; ++k) {
      const Part& p = out.parts[w.first_part + k];
      if (k > 0) s += '+';
      s += std::string(normalized.substr(p.begin, p.end - p.begin));
      if (p.numeric) s += '#';
      if (!p.alphabetic && !p.numeric) s += '~';
    }
  }
  return s;
}

TEST(Tokenizer, SimpleWordsAndSeparators) {
  EXPECT_EQ(words("hello, world! p53"), "hello | world | p53~");
  EXPECT_EQ(words(""), "");
  EXPECT_EQ(words("  ;; "), "");
}

TEST(Tokenizer, JoinersMakeParts) {
  EXPECT_EQ(words("il-6"), "il+6#");
  EXPECT_EQ(words("her2/neu"), "her2~+neu");
  EXPECT_EQ(words("tnf\x1F" "alpha"), "tnf+alpha");
  EXPECT_EQ(words("o'brien"), "o+brien");
}

TEST(Tokenizer, JoinerWithoutFollowingWordCharacterSeparates) {
  EXPECT_EQ(words("anti- x"), "anti | x");
  EXPECT_EQ(words("a--b"), "a | b");
  EXPECT_EQ(words("a-/b"), "a | b");
  EXPECT_EQ(words("-a"), "a");
}

TEST(Tokenizer, SuffixesAreDroppedWithoutEndingTheWord) {
  EXPECT_EQ(words("na+/k+-atpase"), "na+k+atpase");
  EXPECT_EQ(words("cd4+ cells"), "cd4~ | cells");
  EXPECT_EQ(words("crohn's disease"), "crohn | disease");
  EXPECT_EQ(words("crohn's-like"), "crohn+like");
  EXPECT_EQ(words("5'-utr"), "5#+utr");
  EXPECT_EQ(words("it's"), "it");
  EXPECT_EQ(words("a+b"), "a | b");
}

TEST(Tokenizer, PeriodsStayOnlyBetweenDigits) {
  EXPECT_EQ(words("3.5 0.05. 1.2.3"), "3.5# | 0.05# | 1.2.3#");
  EXPECT_EQ(words("e.g. v1.2"), "e | g | v1.2~");
  EXPECT_EQ(words(".5 5."), "5# | 5#");
}

TEST(Tokenizer, NonAsciiLettersAreWordCharacters) {
  EXPECT_EQ(words("sjögren καρκινοσ"), "sjögren~ | καρκινοσ~");
}

TEST(Tokenizer, CjkRunsAreSeparateWordsOfOneCharacterParts) {
  EXPECT_EQ(words("brca基因"), "brca | cjk:基~+因~");
  EXPECT_EQ(words("基因brca"), "cjk:基~+因~ | brca");
  EXPECT_EQ(words("il-基因"), "il | cjk:基~+因~");
  EXPECT_EQ(words("a型b"), "a | cjk:型~ | b");
}

TEST(Tokenizer, CombiningMarksStayWithTheirCharacterOrAreSkipped) {
  EXPECT_EQ(words("\u0301ab"), "ab");
  EXPECT_EQ(words("x \u0301"), "x");
  EXPECT_EQ(words("a\u0301b"), "a\u0301b~");
  EXPECT_EQ(words("基\u0301因"), "cjk:基\u0301~+因~");
  EXPECT_EQ(words("a-\u0301b"), "a | b");
}

TEST(Tokenizer, PartsIndexIntoTheText) {
  TokenizedText out;
  tokenize("x il-6", out);
  ASSERT_EQ(out.words.size(), 2u);
  ASSERT_EQ(out.parts.size(), 3u);
  EXPECT_EQ(out.words[1].first_part, 1u);
  EXPECT_EQ(out.words[1].part_count, 2u);
  EXPECT_EQ(out.parts[1].begin, 2u);
  EXPECT_EQ(out.parts[1].end, 4u);
  EXPECT_EQ(out.parts[2].begin, 5u);
  EXPECT_EQ(out.parts[2].end, 6u);
}

}  // namespace
}  // namespace medsearch::text
