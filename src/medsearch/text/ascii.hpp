// ASCII character tests shared by the normaliser and the tokenizer (internal to text/).
// Locale-free, unlike <cctype>.
#pragma once

namespace medsearch::text::ascii {

inline bool is_digit(unsigned char c) { return static_cast<unsigned>(c - '0') < 10u; }
inline bool is_letter(unsigned char c) { return static_cast<unsigned>((c | 0x20) - 'a') < 26u; }
inline bool is_alnum(unsigned char c) { return is_digit(c) || is_letter(c); }
inline char to_lower(unsigned char c) {
  return static_cast<char>(static_cast<unsigned>(c - 'A') < 26u ? (c | 0x20) : c);
}

}  // namespace medsearch::text::ascii
