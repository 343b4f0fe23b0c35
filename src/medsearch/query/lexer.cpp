#include "medsearch/query/lexer.hpp"

#include <utility>

#include "medsearch/query/field_tags.hpp"
#include "medsearch/query/query_error.hpp"

namespace medsearch::query {

namespace {
bool is_syntax(char c) { return c == '(' || c == ')' || c == '"' || c == '[' || c == ']'; }
}  // namespace

std::size_t space_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  // Copy-paste and Chinese input methods produce these; they separate words like a space.
  if (c == 0xC2 && i + 1 < text.size() && byte(i + 1) == 0xA0) return 2;
  if (c == 0xE3 && i + 2 < text.size() && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) return 3;
  return 0;
}

const Token& Lexer::peek() {
  if (!peeked_) peeked_ = scan();
  return *peeked_;
}

Token Lexer::next() {
  if (peeked_) {
    Token token = std::move(*peeked_);
    peeked_.reset();
    return token;
  }
  return scan();
}

void Lexer::skip_spaces() {
  while (pos_ < query_.size()) {
    const std::size_t n = space_length(query_, pos_);
    if (n == 0) return;
    pos_ += n;
  }
}

Token Lexer::scan() {
  skip_spaces();
  Token token;
  token.position = pos_;
  if (pos_ >= query_.size()) return token;  // End
  switch (query_[pos_]) {
    case '(':
      token.kind = TokenKind::LParen;
      break;
    case ')':
      token.kind = TokenKind::RParen;
      break;
    case '"':
      return scan_phrase();
    case '[':
      return scan_tag();
    case ']':
      throw_query_error(query_, pos_, "']' without a matching '['");
    default:
      return scan_word();
  }
  token.raw = query_.substr(pos_, 1);
  ++pos_;
  return token;
}

Token Lexer::scan_phrase() {
  Token token;
  token.kind = TokenKind::Phrase;
  token.position = pos_;
  const std::size_t close = query_.find('"', pos_ + 1);
  if (close == std::string_view::npos) throw_query_error(query_, pos_, "unterminated quote");
  // Trim and collapse space runs: "il  6" and "il 6" are the same phrase, and the text
  // prints back between quotes unchanged.
  bool pending_space = false;
  for (std::size_t i = pos_ + 1; i < close;) {
    const std::size_t n = space_length(query_, i);
    if (n > 0) {
      pending_space = !token.text.empty();
      i += n;
      continue;
    }
    if (pending_space) token.text += ' ';
    pending_space = false;
    token.text += query_[i++];
  }
  if (token.text.empty()) throw_query_error(query_, pos_, "empty phrase \"\"");
  token.raw = query_.substr(pos_, close + 1 - pos_);
  pos_ = close + 1;
  return token;
}

Token Lexer::scan_tag() {
  Token token;
  token.kind = TokenKind::Tag;
  token.position = pos_;
  const std::size_t close = query_.find(']', pos_ + 1);
  if (close == std::string_view::npos) throw_query_error(query_, pos_, "unterminated field tag '['");
  token.text = std::string(query_.substr(pos_ + 1, close - pos_ - 1));
  const std::optional<Field> field = field_from_tag(token.text);
  if (!field) throw_query_error(query_, pos_, "unknown field tag [" + excerpt(token.text) + "]");
  token.field = *field;
  token.raw = query_.substr(pos_, close + 1 - pos_);
  pos_ = close + 1;
  return token;
}

Token Lexer::scan_word() {
  Token token;
  token.kind = TokenKind::Word;
  token.position = pos_;
  std::size_t end = pos_;
  while (end < query_.size() && !is_syntax(query_[end]) && space_length(query_, end) == 0) ++end;
  token.raw = query_.substr(pos_, end - pos_);
  pos_ = end;
  if (token.raw == "AND") token.kind = TokenKind::And;
  if (token.raw == "OR") token.kind = TokenKind::Or;
  if (token.raw == "NOT") token.kind = TokenKind::Not;
  if (token.kind != TokenKind::Word) return token;

  std::size_t stem_end = token.raw.size();
  while (stem_end > 0 && token.raw[stem_end - 1] == '*') --stem_end;
  const std::size_t inner_star = token.raw.find('*');
  if (inner_star < stem_end) {
    throw_query_error(query_, token.position + inner_star,
                      "'*' (truncation) is allowed only at the end of a word");
  }
  token.truncated = stem_end < token.raw.size();
  token.text = std::string(token.raw.substr(0, stem_end));
  return token;
}

}  // namespace medsearch::query
