// Line-oriented parsing shared by the qrels and run readers (eval/qrels.hpp, eval/run.hpp).
// Internal to the eval module. Every failure is Error(InvalidArgument) with the message
// "<source>:<line>: <problem>", so a user can jump to the offending line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::eval::detail {

// Where a line came from: the file name (or any label) and its 1-based line number.
struct LineRef {
  std::string_view source;
  std::size_t line = 0;
};

[[noreturn]] void throw_format_error(const LineRef& at, const std::string& problem);

// The line without a trailing '\r' (files written on Windows).
std::string_view strip_cr(std::string_view line);

// True if the line holds only spaces and tabs.
bool is_blank(std::string_view line);

// True if the first character that is not a space or tab is '#': a comment line, as
// current trec_eval (get_qrels.c) skips lines that start with '#'.
bool is_comment(std::string_view line);

// Fields separated by runs of spaces and tabs (TREC files). Views into `line`.
std::vector<std::string_view> split_whitespace(std::string_view line);

// Fields separated by single tabs (TSV files); each field is trimmed of spaces.
std::vector<std::string_view> split_tabs(std::string_view line);

// A decimal integer (optional sign) filling the whole field; `what` names it in errors.
int parse_int_field(std::string_view field, const LineRef& at, std::string_view what);

// A finite or infinite decimal floating-point number (optional sign, exponent) filling
// the whole field; NaN is rejected because it has no place in a ranking.
double parse_score_field(std::string_view field, const LineRef& at);

}  // namespace medsearch::eval::detail
