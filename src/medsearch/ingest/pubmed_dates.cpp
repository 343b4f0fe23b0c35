#include "medsearch/ingest/pubmed_dates.hpp"

#include <array>

namespace medsearch::ingest {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// A word is a month if it is a prefix of at least three letters of a month's English name
// ("Jan", "Sept", "December"). NLM writes three-letter abbreviations (MEDLINE element
// descriptions, "Month"); full names occur in older and publisher-supplied records.
std::uint8_t month_from_word(std::string_view word) {
  if (word.size() < 3) return 0;
  for (std::size_t m = 0; m < kMonthNames.size(); ++m) {
    const std::string_view name = kMonthNames[m];
    if (word.size() > name.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < word.size() && match; ++i) match = lower(word[i]) == name[i];
    if (match) return static_cast<std::uint8_t>(m + 1);
  }
  return 0;
}

// Parses a whole string of 1..2 digits; -1 if it is not one.
int small_number(std::string_view s) {
  if (s.empty() || s.size() > 2) return -1;
  int value = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Position of the first standalone 4-digit year in 1000..2999, or npos.
std::size_t find_year_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j - i == 4 && (text[i] == '1' || text[i] == '2')) return i;
    i = j;
  }
  return std::string_view::npos;
}

void append_two_digits(std::string& out, int value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

std::uint8_t parse_month(std::string_view text) {
  text = trim(text);
  const int number = small_number(text);
  if (number >= 1 && number <= 12) return static_cast<std::uint8_t>(number);
  if (number >= 0) return 0;
  for (char c : text) {
    if (!is_alpha(c)) return 0;
  }
  return month_from_word(text);
}

std::uint16_t find_year(std::string_view text) {
  const std::size_t at = find_year_at(text);
  if (at == std::string_view::npos) return 0;
  int value = 0;
  for (std::size_t i = at; i < at + 4; ++i) value = value * 10 + (text[i] - '0');
  return static_cast<std::uint16_t>(value);
}

YearMonth parse_medline_date(std::string_view text) {
  YearMonth result;
  const std::size_t at = find_year_at(text);
  if (at == std::string_view::npos) return result;
  result.year = find_year(text);
  // The first alphabetic word after the year.
  std::size_t i = at + 4;
  while (i < text.size() && !is_alpha(text[i])) ++i;
  if (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && is_alpha(text[j])) ++j;
    result.month = month_from_word(text.substr(i, j - i));
    return result;
  }
  // No word after the year: a month written before it ("Mar-Apr 2001").
  std::size_t k = 0;
  while (k < at && !is_alpha(text[k])) ++k;
  std::size_t j = k;
  while (j < at && is_alpha(text[j])) ++j;
  if (j > k) result.month = month_from_word(text.substr(k, j - k));
  return result;
}

std::string format_iso_date(std::string_view year, std::string_view month, std::string_view day) {
  const std::uint16_t y = find_year(trim(year));
  if (y == 0) return {};
  std::string out = std::to_string(y);
  const std::uint8_t m = parse_month(month);
  if (m == 0) return out;
  out.push_back('-');
  append_two_digits(out, m);
  const int d = small_number(trim(day));
  if (d < 1 || d > 31) return out;
  out.push_back('-');
  append_two_digits(out, d);
  return out;
}

}  // namespace medsearch::ingest
