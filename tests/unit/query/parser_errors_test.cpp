// Syntax errors: each is Error(InvalidArgument) naming the problem and its 1-based
// character position.
#include <gtest/gtest.h>

#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::error_of;

TEST(ParserErrors, EmptyQuery) {
  EXPECT_EQ(error_of(""), "query: empty query at position 1");
  EXPECT_EQ(error_of("   \t\n"), "query: empty query at position 1");
  EXPECT_EQ(error_of("\u3000"), "query: empty query at position 1");
}

TEST(ParserErrors, OnlyOperators) {
  EXPECT_EQ(error_of("AND"), "query: AND has no left operand at position 1");
  EXPECT_EQ(error_of("  OR"), "query: OR has no left operand at position 3");
  EXPECT_EQ(error_of("NOT NOT"), "query: NOT has no left operand at position 1");
}

TEST(ParserErrors, OperatorWithAMissingOperand) {
  EXPECT_EQ(error_of("AND asthma"), "query: AND has no left operand at position 1");
  EXPECT_EQ(error_of("asthma OR"), "query: OR has no right operand at position 8");
  EXPECT_EQ(error_of("asthma AND OR copd"), "query: AND has no right operand at position 8");
  EXPECT_EQ(error_of("asthma AND NOT copd"), "query: AND has no right operand at position 8");
  EXPECT_EQ(error_of("(AND asthma)"), "query: AND has no left operand at position 2");
  EXPECT_EQ(error_of("(asthma NOT) copd"), "query: NOT has no right operand at position 9");
  EXPECT_EQ(error_of("asthma (OR copd)"), "query: OR has no left operand at position 9");
}

TEST(ParserErrors, EmptyParentheses) {
  EXPECT_EQ(error_of("()"), "query: empty parentheses at position 1");
  EXPECT_EQ(error_of("asthma AND ( )"), "query: empty parentheses at position 12");
  EXPECT_EQ(error_of("((asthma) ())"), "query: empty parentheses at position 11");
}

TEST(ParserErrors, UnbalancedParentheses) {
  EXPECT_EQ(error_of("(asthma"), "query: unbalanced '(' at position 1");
  EXPECT_EQ(error_of("asthma AND (copd OR (bronchitis)"), "query: unbalanced '(' at position 12");
  EXPECT_EQ(error_of("asthma)"), "query: unbalanced ')' at position 7");
  EXPECT_EQ(error_of("(a))(b"), "query: unbalanced ')' at position 4");
  EXPECT_EQ(error_of(")("), "query: unbalanced ')' at position 1");
}

TEST(ParserErrors, Quotes) {
  EXPECT_EQ(error_of("asthma \"heart failure"), "query: unterminated quote at position 8");
  EXPECT_EQ(error_of("\"a\" \""), "query: unterminated quote at position 5");
  EXPECT_EQ(error_of("\"\""), "query: empty phrase \"\" at position 1");
  EXPECT_EQ(error_of("asthma \"  \""), "query: empty phrase \"\" at position 8");
}

TEST(ParserErrors, PositionsCountCharactersNotBytes) {
  // "哮喘 " is 3 characters (7 bytes): the quote is character 4.
  EXPECT_EQ(error_of("哮喘 \"治疗"), "query: unterminated quote at position 4");
  EXPECT_EQ(error_of("β-blocker)"), "query: unbalanced ')' at position 10");
  EXPECT_EQ(error_of("哮喘[xyz]"), "query: unknown field tag [xyz] at position 3");
}

TEST(ParserErrors, TheFirstProblemInTheTextIsReported) {
  EXPECT_EQ(error_of(") [bogus]"), "query: unbalanced ')' at position 1");
  EXPECT_EQ(error_of("AND \"open"), "query: AND has no left operand at position 1");
}

TEST(ParserErrors, LongUserTextIsShortenedInMessages) {
  const std::string tag(100, 'x');
  EXPECT_EQ(error_of("a[" + tag + "]"), "query: unknown field tag [" + std::string(40, 'x') + "...] at position 2");
}

TEST(ParserErrors, OnlyInvalidArgumentIsThrown) {
  try {
    (void)parse("(");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
}

}  // namespace
}  // namespace medsearch::query
