// Words, phrases, truncation, implicit AND and free text.
#include <gtest/gtest.h>

#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::canon;
using testing::error_of;

TEST(ParserWords, SingleWordIsATermOfAllFields) {
  const ParsedQuery q = parse("asthma");
  EXPECT_EQ(q.root.kind, NodeKind::Term);
  EXPECT_EQ(q.root.field, Field::All);
  EXPECT_EQ(q.root.text, "asthma");
  EXPECT_EQ(q.root.position, 0U);
  EXPECT_TRUE(q.free_text);
}

TEST(ParserWords, InnerPunctuationStaysInTheWord) {
  EXPECT_EQ(canon("IL-6"), "IL-6[all]");
  EXPECT_EQ(canon("COVID-19"), "COVID-19[all]");
  EXPECT_EQ(canon("Na+/K+"), "Na+/K+[all]");
  EXPECT_EQ(canon("5-HT2A"), "5-HT2A[all]");
  EXPECT_EQ(canon("O'Brien"), "O'Brien[all]");
  EXPECT_EQ(canon("p<0.05"), "p<0.05[all]");
  EXPECT_EQ(canon("a:b"), "a:b[all]");
}

TEST(ParserWords, Utf8PassesThroughUntouched) {
  EXPECT_EQ(canon("β-blocker"), "β-blocker[all]");
  EXPECT_EQ(canon("哮喘 治疗"), "(哮喘[all] AND 治疗[all])");
  EXPECT_EQ(canon("Müller"), "Müller[all]");
  EXPECT_EQ(canon("\"乳腺癌 筛查\""), "\"乳腺癌 筛查\"[all]");
}

TEST(ParserWords, IdeographicAndNoBreakSpacesSeparateWords) {
  EXPECT_EQ(canon("哮喘\u3000治疗"), "(哮喘[all] AND 治疗[all])");
  EXPECT_EQ(canon("heart\u00a0failure"), "(heart[all] AND failure[all])");
  EXPECT_EQ(canon(" \t asthma \n "), "asthma[all]");
}

TEST(ParserWords, AdjacentWordsAreJoinedByAnd) {
  const ParsedQuery q = parse("heart failure  therapy");
  EXPECT_EQ(to_string(q.root), "(heart[all] AND failure[all] AND therapy[all])");
  ASSERT_EQ(q.root.children.size(), 3U);
  EXPECT_EQ(q.root.position, 0U);
  EXPECT_EQ(q.root.children[1].position, 6U);
  EXPECT_EQ(q.root.children[2].position, 15U);
  EXPECT_TRUE(q.free_text);
}

TEST(ParserWords, LowerCaseOperatorsAreWords) {
  EXPECT_EQ(canon("wit and humor"), "(wit[all] AND and[all] AND humor[all])");
  EXPECT_EQ(canon("or not"), "(or[all] AND not[all])");
  EXPECT_EQ(canon("And Or Not"), "(And[all] AND Or[all] AND Not[all])");
  EXPECT_TRUE(parse("wit and humor").free_text);
  // Only the exact upper-case words are operators.
  EXPECT_EQ(canon("ANDROGEN"), "ANDROGEN[all]");
  EXPECT_EQ(canon("NOTCH1"), "NOTCH1[all]");
}

TEST(ParserWords, QuotedPhrase) {
  const ParsedQuery q = parse("\"heart  failure\"");
  EXPECT_EQ(q.root.kind, NodeKind::Phrase);
  EXPECT_EQ(q.root.text, "heart failure");  // trimmed, inner spaces collapsed
  EXPECT_EQ(q.root.position, 0U);
  EXPECT_TRUE(q.free_text);
  EXPECT_EQ(canon("\"  il 6 \""), "\"il 6\"[all]");
  EXPECT_EQ(canon("\"asthma\""), "\"asthma\"[all]");  // one quoted word stays a phrase
}

TEST(ParserWords, PhraseKeepsSyntaxCharactersAndOperatorWords) {
  EXPECT_EQ(canon("\"a (b) [c] AND d*\""), "\"a (b) [c] AND d*\"[all]");
}

TEST(ParserWords, PhrasesAndWordsMix) {
  const ParsedQuery q = parse("\"heart failure\" therapy \"beta blocker\"");
  EXPECT_EQ(to_string(q.root), "(\"heart failure\"[all] AND therapy[all] AND \"beta blocker\"[all])");
  EXPECT_TRUE(q.free_text);
  EXPECT_EQ(canon("a\"b c\"d"), "(a[all] AND \"b c\"[all] AND d[all])");
}

TEST(ParserWords, TrailingStarIsTruncation) {
  const ParsedQuery q = parse("bacter*");
  EXPECT_EQ(q.root.kind, NodeKind::Prefix);
  EXPECT_EQ(q.root.text, "bacter");
  EXPECT_TRUE(q.free_text);
  EXPECT_EQ(canon("bacter** infect*"), "(bacter*[all] AND infect*[all])");
  EXPECT_EQ(canon("哮喘病*"), "哮喘病*[all]");  // min_prefix counts characters, not bytes
}

TEST(ParserWords, TruncationShorterThanMinPrefixIsAnError) {
  EXPECT_EQ(error_of("ab*"), "query: truncated word 'ab*' is shorter than 3 characters before '*' at position 1");
  EXPECT_EQ(error_of("asthma 哮喘*"),
            "query: truncated word '哮喘*' is shorter than 3 characters before '*' at position 8");
  ParseOptions options;
  options.min_prefix = 4;
  EXPECT_EQ(error_of("abc*", options), "query: truncated word 'abc*' is shorter than 4 characters before '*' at position 1");
  options.min_prefix = 0;  // still at least one character
  EXPECT_EQ(canon("a*", options), "a*[all]");
  EXPECT_EQ(error_of("*", options), "query: truncated word '*' is shorter than 1 characters before '*' at position 1");
}

TEST(ParserWords, StarInsideAWordIsAnError) {
  EXPECT_EQ(error_of("ab*cd"), "query: '*' (truncation) is allowed only at the end of a word at position 3");
  EXPECT_EQ(error_of("x *abc"), "query: '*' (truncation) is allowed only at the end of a word at position 3");
}

TEST(ParserWords, FreeTextOnlyWithoutOperatorsParenthesesOrTags) {
  EXPECT_TRUE(parse("asthma \"inhaled steroids\" child*").free_text);
  EXPECT_FALSE(parse("asthma AND child").free_text);
  EXPECT_FALSE(parse("asthma OR child").free_text);
  EXPECT_FALSE(parse("asthma NOT child").free_text);
  EXPECT_FALSE(parse("(asthma)").free_text);
  EXPECT_FALSE(parse("asthma[ti]").free_text);
  EXPECT_FALSE(parse("asthma[all]").free_text);
  EXPECT_FALSE(parse("\"asthma\"[tiab] child").free_text);
}

}  // namespace
}  // namespace medsearch::query
