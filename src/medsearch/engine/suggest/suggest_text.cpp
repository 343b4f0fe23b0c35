#include "medsearch/engine/suggest/suggest_text.hpp"

#include <algorithm>

namespace medsearch::engine::suggest {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Characters that end a phrase inside a title. A hyphen or slash does not (it joins the
// parts of a compound), nor does an apostrophe (Parkinson's).
bool ends_clause(char c) {
  switch (c) {
    case ',': case '.': case ';': case ':': case '?': case '!': case '(': case ')': case '[': case ']':
    case '{': case '}': case '"': case '<': case '>': case '=':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_plain_word(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string normalize_phrase(const text::Analyzer& analyzer, std::string_view text, bool keep_trailing_space) {
  std::string key;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !is_space(text[j])) ++j;
    if (j > i) {
      const std::string word = analyzer.normalize_word(text.substr(i, j - i));
      if (!word.empty()) {
        if (!key.empty()) key += ' ';
        key += word;
      }
    }
    i = j;
  }
  if (keep_trailing_space && !key.empty() && !text.empty() && is_space(text.back())) key += ' ';
  return key;
}

std::vector<std::vector<TitleWord>> title_clauses(const text::Analyzer& analyzer, std::string_view title) {
  std::vector<std::vector<TitleWord>> clauses(1);
  std::size_t i = 0;
  while (i < title.size()) {
    const char c = title[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (ends_clause(c)) {
      if (!clauses.back().empty()) clauses.emplace_back();
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < title.size() && !is_space(title[j]) && !ends_clause(title[j])) ++j;
    std::string_view raw = title.substr(i, j - i);
    // A lone dash between spaces separates two clauses ("Asthma - a review").
    if (raw == "-" || raw == "--") {
      if (!clauses.back().empty()) clauses.emplace_back();
    } else {
      while (!raw.empty() && (raw.front() == '\'' || raw.front() == '-')) raw.remove_prefix(1);
      while (!raw.empty() && (raw.back() == '\'' || raw.back() == '-')) raw.remove_suffix(1);
      std::string key = raw.empty() ? std::string() : analyzer.normalize_word(raw);
      if (!key.empty()) clauses.back().push_back({ascii_lower(raw), std::move(key)});
    }
    i = j;
  }
  if (clauses.back().empty()) clauses.pop_back();
  return clauses;
}

}  // namespace medsearch::engine::suggest
