// The tokens the parser sees.
#include <gtest/gtest.h>

#include <vector>

#include "medsearch/query/lexer.hpp"

namespace medsearch::query {
namespace {

std::vector<Token> lex(std::string_view query) {
  Lexer lexer(query);
  std::vector<Token> tokens;
  while (lexer.peek().kind != TokenKind::End) tokens.push_back(lexer.next());
  return tokens;
}

TEST(Lexer, TokenKindsTextAndPositions) {
  const std::vector<Token> tokens = lex("(bact* OR \"il  6\") AND smith [AU]");
  ASSERT_EQ(tokens.size(), 8U);
  EXPECT_EQ(tokens[0].kind, TokenKind::LParen);
  EXPECT_EQ(tokens[1].kind, TokenKind::Word);
  EXPECT_EQ(tokens[1].text, "bact");
  EXPECT_EQ(tokens[1].raw, "bact*");
  EXPECT_TRUE(tokens[1].truncated);
  EXPECT_EQ(tokens[2].kind, TokenKind::Or);
  EXPECT_EQ(tokens[3].kind, TokenKind::Phrase);
  EXPECT_EQ(tokens[3].text, "il 6");
  EXPECT_EQ(tokens[3].position, 10U);
  EXPECT_EQ(tokens[4].kind, TokenKind::RParen);
  EXPECT_EQ(tokens[5].kind, TokenKind::And);
  EXPECT_EQ(tokens[6].kind, TokenKind::Word);
  EXPECT_FALSE(tokens[6].truncated);
  EXPECT_EQ(tokens[7].kind, TokenKind::Tag);
  EXPECT_EQ(tokens[7].field, Field::Author);
  EXPECT_EQ(tokens[7].position, 29U);
}

TEST(Lexer, SpacesIncludeIdeographicAndNoBreakSpace) {
  EXPECT_EQ(space_length("a b", 1), 1U);
  EXPECT_EQ(space_length("\u00a0", 0), 2U);
  EXPECT_EQ(space_length("\u3000", 0), 3U);
  EXPECT_EQ(space_length("\xe3\x80", 0), 0U);  // truncated sequence: part of a word
  EXPECT_EQ(space_length("哮", 0), 0U);
}

TEST(Lexer, PeekDoesNotConsume) {
  Lexer lexer("a b");
  EXPECT_EQ(lexer.peek().text, "a");
  EXPECT_EQ(lexer.peek().text, "a");
  EXPECT_EQ(lexer.next().text, "a");
  EXPECT_EQ(lexer.next().text, "b");
  EXPECT_EQ(lexer.next().kind, TokenKind::End);
  EXPECT_EQ(lexer.next().kind, TokenKind::End);
}

}  // namespace
}  // namespace medsearch::query
