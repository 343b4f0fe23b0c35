#include "medsearch/query/date_value.hpp"

#include "medsearch/query/query_error.hpp"

namespace medsearch::query {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Reads 1..max_digits digits at s[pos], advancing pos; -1 when there are none.
int read_number(std::string_view s, std::size_t& pos, std::size_t max_digits) {
  int value = 0;
  std::size_t digits = 0;
  while (pos < s.size() && is_digit(s[pos]) && digits < max_digits) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits == 0 ? -1 : value;
}

// Year of "YYYY", "YYYY/M[M]" or "YYYY/M[M]/D[D]"; -1 when malformed, -2 for a bad month
// or day.
int parse_date(std::string_view s) {
  std::size_t pos = 0;
  if (s.size() < 4) return -1;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!is_digit(s[i])) return -1;
  }
  const int year = read_number(s, pos, 4);
  const int limits[2] = {12, 31};  // month, day
  for (const int limit : limits) {
    if (pos == s.size()) return year;
    if (s[pos] != '/') return -1;
    ++pos;
    const int part = read_number(s, pos, 2);
    if (part < 0) return -1;
    if (part < 1 || part > limit) return -2;
  }
  return pos == s.size() ? year : -1;
}

}  // namespace

std::optional<YearRange> parse_year_range(std::string_view value, std::string& problem) {
  const std::string expected = "invalid publication date '" + excerpt(value) +
                               "' (expected YYYY, YYYY/MM, YYYY/MM/DD or FROM:TO)";
  const std::size_t colon = value.find(':');
  const bool is_range = colon != std::string_view::npos;
  if (is_range && value.find(':', colon + 1) != std::string_view::npos) {
    problem = expected;
    return std::nullopt;
  }
  const std::string_view from_text = trim(is_range ? value.substr(0, colon) : value);
  const std::string_view to_text = is_range ? trim(value.substr(colon + 1)) : from_text;
  const int from = parse_date(from_text);
  const int to = parse_date(to_text);
  if (from == -2 || to == -2) {
    problem = "invalid month or day in publication date '" + excerpt(value) + "'";
    return std::nullopt;
  }
  if (from < 0 || to < 0) {
    problem = expected;
    return std::nullopt;
  }
  for (const int year : {from, to}) {
    if (year < kMinYear || year > kMaxYear) {
      problem = "publication year " + std::to_string(year) + " is outside " +
                std::to_string(kMinYear) + ".." + std::to_string(kMaxYear);
      return std::nullopt;
    }
  }
  if (from > to) {
    problem = "publication date range '" + excerpt(value) + "' ends before it starts";
    return std::nullopt;
  }
  return YearRange{static_cast<std::uint16_t>(from), static_cast<std::uint16_t>(to)};
}

}  // namespace medsearch::query
