// UnicodeNormalizer: the normalised text and its map back to the raw bytes.
#include "medsearch/text/unicode_normalizer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace medsearch::text {
namespace {

std::string normalized(std::string_view raw, bool fold_accents = true) {
  NormalizedText out;
  UnicodeNormalizer(fold_accents).normalize(raw, out);
  return out.text;
}

TEST(UnicodeNormalizer, AsciiIsLowerCasedByteForByteWithIdentityMap) {
  NormalizedText out;
  UnicodeNormalizer(true).normalize("Hello, IL-6!", out);
  EXPECT_EQ(out.text, "hello, il-6!");
  ASSERT_EQ(out.source_begin.size(), out.text.size());
  ASSERT_EQ(out.source_end.size(), out.text.size());
  for (std::uint32_t k = 0; k < out.text.size(); ++k) {
    EXPECT_EQ(out.source_begin[k], k);
    EXPECT_EQ(out.source_end[k], k + 1);
  }
}

TEST(UnicodeNormalizer, NfkcCaseFoldAndAccents) {
  EXPECT_EQ(normalized("ＡＢＣ ﬁ ² Ⅻ"), "abc fi 2 xii");
  EXPECT_EQ(normalized("Sjögren ÉCOLE ǅ"), "sjogren ecole dz");
  EXPECT_EQ(normalized("Sjögren ÉCOLE", false), "sjögren école");
  EXPECT_EQ(normalized("Straße"), "strasse");
  EXPECT_EQ(normalized("e\u0301t\u0308e\u0301"), "ete");
  EXPECT_EQ(normalized("e\u0301", false), "\u00E9");
}

TEST(UnicodeNormalizer, MarkedCharacterMapsToItsWholeSourceRange) {
  NormalizedText out;
  UnicodeNormalizer(true).normalize("xe\u0301\u0308y", out);  // e + 2 marks = 5 bytes
  EXPECT_EQ(out.text, "xey");
  EXPECT_EQ(out.source_begin[1], 1u);
  EXPECT_EQ(out.source_end[1], 6u);
  EXPECT_EQ(out.source_begin[2], 6u);
}

TEST(UnicodeNormalizer, ExpansionsShareTheirSourceRange) {
  NormalizedText out;
  UnicodeNormalizer(true).normalize("a\uFB03b", out);  // ﬃ (3 bytes) → ffi
  EXPECT_EQ(out.text, "affib");
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(out.source_begin[k], 1u);
    EXPECT_EQ(out.source_end[k], 4u);
  }
  EXPECT_EQ(out.source_begin[4], 4u);
}

TEST(UnicodeNormalizer, PunctuationBecomesSpacesAndJoinersBecomeAscii) {
  EXPECT_EQ(normalized("a\u2010b\u2011c\u2013d\u2212e\u2014f"), "a-b-c-d-e f");
  EXPECT_EQ(normalized("x\u2019s 5\u2032 \u02BC"), "x's 5' '");
  EXPECT_EQ(normalized("«a» ±b ≥c °d ©"), " a   b  c  d  ");
  EXPECT_EQ(normalized("a\u00A0b\u3000c"), "a b c");
}

TEST(UnicodeNormalizer, IgnorablesVanishAndSpecialSignsSeparate) {
  EXPECT_EQ(normalized("im\u00ADmu\u200Dno"), "immuno");
  EXPECT_EQ(normalized("a\u200Bb"), "a b");
  EXPECT_EQ(normalized("x\u2122 y\u2120"), "x  y ");
}

TEST(UnicodeNormalizer, InvalidBytesBecomeOneSpaceEach) {
  EXPECT_EQ(normalized("a\xFF\xFE" "b"), "a  b");
  EXPECT_EQ(normalized("a\xC3"), "a ");
  EXPECT_EQ(normalized("\xF4\x90\x80\x80"), "    ");  // above U+10FFFF
}

TEST(UnicodeNormalizer, GreekSymbolsAreSpelledWithPartBoundaries) {
  EXPECT_EQ(normalized("β"), "beta");
  EXPECT_EQ(normalized("TNFα"), "tnf\x1F" "alpha");
  EXPECT_EQ(normalized("β2"), "beta\x1F" "2");
  EXPECT_EQ(normalized("5α"), "5\x1F" "alpha");
  EXPECT_EQ(normalized("γδ"), "gamma\x1F" "delta");
  EXPECT_EQ(normalized("κB"), "kappa\x1F" "b");
  EXPECT_EQ(normalized("µg μM"), "mug mum");  // micro sign and mu
  EXPECT_EQ(normalized("ϐ ϑ ϕ Ω ς"), "beta theta phi omega sigma");
  EXPECT_EQ(normalized("\xF0\x9D\x9B\xBD"), "beta");  // MATHEMATICAL ITALIC SMALL BETA
}

TEST(UnicodeNormalizer, GreekWordsStayGreek) {
  EXPECT_EQ(normalized("Καρκίνος"), "καρκινοσ");
  EXPECT_EQ(normalized("αβγ"), "αβγ");
  EXPECT_EQ(normalized("ή", false), "ή");  // accented: part of Greek text, not a symbol
}

TEST(UnicodeNormalizer, GreekSpellingMapsToTheLetter) {
  NormalizedText out;
  UnicodeNormalizer(true).normalize("xβ", out);  // β is bytes [1, 3)
  EXPECT_EQ(out.text, "x\x1F" "beta");
  for (std::size_t k = 1; k < out.text.size(); ++k) {
    EXPECT_EQ(out.source_begin[k], 1u);
    EXPECT_EQ(out.source_end[k], 3u);
  }
}

TEST(UnicodeNormalizer, SharpSStartingAWordStandsForBeta) {
  EXPECT_EQ(normalized("ß-catenin"), "beta-catenin");
  EXPECT_EQ(normalized("ß2"), "beta\x1F" "2");
  EXPECT_EQ(normalized("Straße"), "strasse");
  EXPECT_EQ(normalized("Maß ß"), "mass beta");
}

TEST(UnicodeNormalizer, CjkPassesThroughAndKeepsMeaningfulMarks) {
  EXPECT_EQ(normalized("帕金森病，研究。"), "帕金森病,研究 ");
  EXPECT_EQ(normalized("か\u3099"), "が");
  EXPECT_EQ(normalized("ｶﾞｲﾄﾞ"), "ガイド");  // half-width katakana and voiced marks
  EXPECT_EQ(normalized("й"), "й");    // Cyrillic short i is a letter of its own
}

TEST(UnicodeNormalizer, OutputIsReusedAcrossCalls) {
  NormalizedText out;
  const UnicodeNormalizer normalizer(true);
  normalizer.normalize("a long first text", out);
  normalizer.normalize("B", out);
  EXPECT_EQ(out.text, "b");
  EXPECT_EQ(out.source_begin.size(), 1u);
}

}  // namespace
}  // namespace medsearch::text
