// Splits a query into tokens for parser.cpp (docs/query-syntax.md, "Words and phrases").
//   Word    a run of characters other than spaces and ( ) " [ ]; inner punctuation and any
//           UTF-8 stay (IL-6, Na+/K+, β-blocker, 哮喘). Trailing '*'s mark truncation; a '*'
//           anywhere else in a word is an error.
//   Phrase  "..." — the text between the quotes, trimmed, inner space runs collapsed to one
//           space; unterminated or empty is an error.
//   Tag     [...] — its Field is looked up here; unknown or unterminated is an error.
//   And/Or/Not  the words AND, OR, NOT in upper case only (PubMed's rule).
//   LParen/RParen, End.
// Spaces are ASCII white space, U+00A0 (no-break space) and U+3000 (ideographic space).
// Tokens are produced on demand, so the first error in the text is the one reported.
// Errors are Error(InvalidArgument) (query_error.hpp). Not thread-safe; one per parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "medsearch/query/query_tree.hpp"

namespace medsearch::query {

enum class TokenKind : std::uint8_t { End, Word, Phrase, Tag, And, Or, Not, LParen, RParen };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;           // Word: without trailing '*'; Phrase: normalised content; Tag: as typed
  std::string_view raw;       // the token as typed (Word: with its '*'s)
  bool truncated = false;     // Word that ended in '*'
  Field field = Field::All;   // Tag
  std::size_t position = 0;   // byte offset of the first character (the '"' or '[' included)
};

class Lexer {
 public:
  explicit Lexer(std::string_view query) : query_(query) {}

  const Token& peek();
  Token next();

 private:
  Token scan();
  void skip_spaces();
  Token scan_phrase();
  Token scan_tag();
  Token scan_word();

  std::string_view query_;
  std::size_t pos_ = 0;
  std::optional<Token> peeked_;
};

// Bytes of white space starting at text[i] (see above), 0 when none.
std::size_t space_length(std::string_view text, std::size_t i);

}  // namespace medsearch::query
