// Errors of the query parser (parser.hpp). Every one is Error(InvalidArgument) with the
// message "query: <problem> at position N", N the 1-based *character* (UTF-8 code point)
// position of the byte the problem starts at, so a user counting characters in what they
// typed, Chinese included, finds the spot.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace medsearch::query {

// 1-based code-point position of byte `byte_offset` (counts the UTF-8 lead bytes before it;
// malformed UTF-8 counts byte by byte).
std::size_t char_position(std::string_view query, std::size_t byte_offset);

// Throws Error(InvalidArgument, "query: <problem> at position <char_position(...)>").
[[noreturn]] void throw_query_error(std::string_view query, std::size_t byte_offset,
                                    std::string_view problem);

// `text` shortened to at most 40 bytes on a code-point boundary ("..." appended when cut),
// for quoting user input inside a message.
std::string excerpt(std::string_view text);

}  // namespace medsearch::query
