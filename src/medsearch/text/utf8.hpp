// Minimal UTF-8 helpers for the analysis pipeline's hot loops (internal to text/).
//
// decode_valid() trusts its input: use it only on text this module produced itself
// (the normaliser's output), never on raw input. Raw input is validated by
// utf8proc_iterate in the normaliser (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "medsearch/core/utf8.hpp"

namespace medsearch::text::utf8 {

// Length in bytes of the sequence that starts with `lead`, for a valid lead byte.
inline std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// Decodes the code point at `text[i]` of already valid UTF-8; sets `length`.
inline char32_t decode_valid(std::string_view text, std::size_t i, std::size_t& length) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + i;
  const unsigned char lead = p[0];
  if (lead < 0x80) {
    length = 1;
    return lead;
  }
  if (lead < 0xE0) {
    length = 2;
    return (char32_t(lead & 0x1F) << 6) | (p[1] & 0x3F);
  }
  if (lead < 0xF0) {
    length = 3;
    return (char32_t(lead & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  }
  length = 4;
  return (char32_t(lead & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12) | (char32_t(p[2] & 0x3F) << 6) |
         (p[3] & 0x3F);
}

// Writes the UTF-8 encoding of a valid scalar value into `out` (1-4 bytes); returns
// the number of bytes.
inline std::size_t encode(char32_t cp, char out[4]) { return encode_utf8(cp, out); }

}  // namespace medsearch::text::utf8
