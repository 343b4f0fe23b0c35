#include "medsearch/query/query_error.hpp"

#include "medsearch/core/error.hpp"

namespace medsearch::query {

namespace {
constexpr std::size_t kExcerptBytes = 40;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }
}  // namespace

std::size_t char_position(std::string_view query, std::size_t byte_offset) {
  std::size_t chars = 0;
  const std::size_t end = byte_offset < query.size() ? byte_offset : query.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (!is_continuation(query[i])) ++chars;
  }
  // Past the end (e.g. "no right operand" at the end of the text) still counts one per byte.
  if (byte_offset > query.size()) chars += byte_offset - query.size();
  return chars + 1;
}

void throw_query_error(std::string_view query, std::size_t byte_offset, std::string_view problem) {
  throw Error(ErrorCode::InvalidArgument, "query: " + std::string(problem) + " at position " +
                                              std::to_string(char_position(query, byte_offset)));
}

std::string excerpt(std::string_view text) {
  if (text.size() <= kExcerptBytes) return std::string(text);
  std::size_t cut = kExcerptBytes;
  while (cut > 0 && is_continuation(text[cut])) --cut;  // do not split a code point
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace medsearch::query
