#include "medsearch/eval/text_fields.hpp"

#include <charconv>
#include <cmath>

#include "medsearch/core/error.hpp"

namespace medsearch::eval::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Quotes a field for an error message, shortened so a binary file cannot flood the terminal.
std::string quoted(std::string_view field) {
  constexpr std::size_t kMaxShown = 40;
  std::string out = "'" + std::string(field.substr(0, kMaxShown));
  if (field.size() > kMaxShown) out += "...";
  return out + "'";
}

}  // namespace

void throw_format_error(const LineRef& at, const std::string& problem) {
  throw Error(ErrorCode::InvalidArgument, std::string(at.source) + ":" + std::to_string(at.line) + ": " + problem);
}

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (!is_space(c)) return false;
  }
  return true;
}

bool is_comment(std::string_view line) {
  for (char c : line) {
    if (!is_space(c)) return c == '#';
  }
  return false;
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(trim_spaces(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

int parse_int_field(std::string_view field, const LineRef& at, std::string_view what) {
  std::string_view digits = field;
  if (digits.size() > 1 && digits.front() == '+') digits.remove_prefix(1);  // from_chars takes no '+'
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    throw_format_error(at, std::string(what) + " " + quoted(field) + " is not an integer");
  }
  return value;
}

double parse_score_field(std::string_view field, const LineRef& at) {
  std::string_view text = field;
  if (text.size() > 1 && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Out-of-range values (1e999) would become inf or 0 with trec_eval's atof, a silent
  // change of rank; here they are errors.
  if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
    throw_format_error(at, "score " + quoted(field) + " is out of the range of a double");
  }
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw_format_error(at, "score " + quoted(field) + " is not a number");
  }
  if (std::isnan(value)) throw_format_error(at, "score " + quoted(field) + " is NaN");
  return value;
}

}  // namespace medsearch::eval::detail
