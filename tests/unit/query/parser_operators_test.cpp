// Boolean operators, precedence (left to right), implicit AND, parentheses, flattening.
#include <gtest/gtest.h>

#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::canon;

TEST(ParserOperators, BinaryOperators) {
  EXPECT_EQ(canon("asthma AND copd"), "(asthma[all] AND copd[all])");
  EXPECT_EQ(canon("asthma OR copd"), "(asthma[all] OR copd[all])");
  EXPECT_EQ(canon("asthma NOT copd"), "(asthma[all] NOT copd[all])");
}

TEST(ParserOperators, NotIsBinaryWithTwoChildren) {
  const ParsedQuery q = parse("asthma NOT copd");
  ASSERT_EQ(q.root.kind, NodeKind::Not);
  ASSERT_EQ(q.root.children.size(), 2U);
  EXPECT_EQ(q.root.children[0].text, "asthma");
  EXPECT_EQ(q.root.children[1].text, "copd");
  EXPECT_EQ(q.root.children[1].position, 11U);
}

TEST(ParserOperators, SameOperatorChainsAreFlattened) {
  const ParsedQuery q = parse("a AND b AND c");
  EXPECT_EQ(q.root.kind, NodeKind::And);
  EXPECT_EQ(q.root.children.size(), 3U);
  EXPECT_EQ(canon("a OR b OR c OR d"), "(a[all] OR b[all] OR c[all] OR d[all])");
  EXPECT_EQ(canon("(a AND b) AND (c AND d)"), "(a[all] AND b[all] AND c[all] AND d[all])");
  EXPECT_EQ(canon("a OR (b OR c)"), "(a[all] OR b[all] OR c[all])");
  EXPECT_EQ(canon("a b AND c"), "(a[all] AND b[all] AND c[all])");
  EXPECT_EQ(canon("a AND (b c)"), "(a[all] AND b[all] AND c[all])");
}

TEST(ParserOperators, NotChainsAreNotFlattened) {
  EXPECT_EQ(canon("a NOT b NOT c"), "((a[all] NOT b[all]) NOT c[all])");
  EXPECT_EQ(canon("a NOT (b NOT c)"), "(a[all] NOT (b[all] NOT c[all]))");
}

TEST(ParserOperators, OperatorsApplyLeftToRight) {
  // PubMed: "PubMed processes Boolean connectors in a left-to-right sequence".
  EXPECT_EQ(canon("a OR b AND c"), "((a[all] OR b[all]) AND c[all])");
  EXPECT_EQ(canon("a AND b OR c"), "((a[all] AND b[all]) OR c[all])");
  EXPECT_EQ(canon("a NOT b OR c"), "((a[all] NOT b[all]) OR c[all])");
  EXPECT_EQ(canon("a OR b NOT c"), "((a[all] OR b[all]) NOT c[all])");
  EXPECT_EQ(canon("a AND b OR c AND d"), "(((a[all] AND b[all]) OR c[all]) AND d[all])");
  EXPECT_EQ(canon("a OR b AND c OR d"), "(((a[all] OR b[all]) AND c[all]) OR d[all])");
}

TEST(ParserOperators, ParenthesesChangeTheOrder) {
  EXPECT_EQ(canon("a OR (b AND c)"), "(a[all] OR (b[all] AND c[all]))");
  EXPECT_EQ(canon("a NOT (b OR c)"), "(a[all] NOT (b[all] OR c[all]))");
  EXPECT_EQ(canon("(a OR b) AND (c OR d)"), "((a[all] OR b[all]) AND (c[all] OR d[all]))");
  EXPECT_EQ(canon("((((asthma))))"), "asthma[all]");
  EXPECT_EQ(canon("(a)"), "a[all]");
}

// Decision: adjacent operands (implicit AND) bind before the explicit operators, as in
// PubMed, which takes the words on each side of an operator as one unit.
TEST(ParserOperators, ImplicitAndBindsBeforeExplicitOperators) {
  EXPECT_EQ(canon("a b OR c"), "((a[all] AND b[all]) OR c[all])");
  EXPECT_EQ(canon("a OR b c"), "(a[all] OR (b[all] AND c[all]))");
  EXPECT_EQ(canon("a NOT b c"), "(a[all] NOT (b[all] AND c[all]))");
  EXPECT_EQ(canon("heart failure OR cardiac failure"),
            "((heart[all] AND failure[all]) OR (cardiac[all] AND failure[all]))");
  EXPECT_EQ(canon("\"heart failure\" OR chf therapy"),
            "(\"heart failure\"[all] OR (chf[all] AND therapy[all]))");
}

TEST(ParserOperators, GroupsJoinAdjacentOperandsByAnd) {
  EXPECT_EQ(canon("(a OR b) c"), "((a[all] OR b[all]) AND c[all])");
  EXPECT_EQ(canon("c (a OR b)"), "(c[all] AND (a[all] OR b[all]))");
  EXPECT_EQ(canon("(a OR b)(c OR d)"), "((a[all] OR b[all]) AND (c[all] OR d[all]))");
  EXPECT_EQ(canon("asthma(child OR infant)"), "(asthma[all] AND (child[all] OR infant[all]))");
  EXPECT_EQ(canon("\"a b\"(c)"), "(\"a b\"[all] AND c[all])");
}

TEST(ParserOperators, OperatorsNeedNoSpacesAroundSyntaxCharacters) {
  EXPECT_EQ(canon("(a)AND(b)"), "(a[all] AND b[all])");
  EXPECT_EQ(canon("\"a b\"OR\"c d\""), "(\"a b\"[all] OR \"c d\"[all])");
  EXPECT_EQ(canon("a[ti]NOT b"), "(a[title] NOT b[all])");
}

TEST(ParserOperators, OperatorNodesStartAtTheirLeftmostLeaf) {
  const ParsedQuery q = parse("  (a OR b) AND c");
  EXPECT_EQ(q.root.position, 3U);
  EXPECT_EQ(q.root.children[0].position, 3U);
  EXPECT_EQ(q.root.children[1].position, 15U);
}

TEST(ParserOperators, RealisticQuery) {
  EXPECT_EQ(canon("(asthma[mh] OR wheez*[tiab]) AND (child* OR pediatric) NOT \"case reports\"[pt] AND "
                  "2015:2020[dp]"),
            "((((asthma[mesh] OR wheez*[title/abstract]) AND (child*[all] OR pediatric[all])) NOT "
            "\"case reports\"[publication type]) AND 2015:2020[publication date])");
}

}  // namespace
}  // namespace medsearch::query
