// Text helpers shared by autocomplete and spelling: the lookup key of a phrase, and the
// clauses and words of a title as the vocabulary builder reads them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "medsearch/text/analyzer.hpp"

namespace medsearch::engine::suggest {

// The key autocomplete matches: each whitespace-separated word through
// Analyzer::normalize_word (case and accent folding, Greek letters spelled out, a
// compound's parts joined: "Beta-Blockers" → "betablockers", "α" → "alpha"), joined by one
// space. With `keep_trailing_space`, a text ending in whitespace keeps one trailing space, so
// the prefix "breast " completes only phrases with a word after "breast".
std::string normalize_phrase(const text::Analyzer& analyzer, std::string_view text, bool keep_trailing_space = false);

// One word of a title: as written (ASCII letters lower-cased) and its normalize_word key.
struct TitleWord {
  std::string shown;
  std::string key;
};

// A title cut into clauses at punctuation that ends a phrase (, . ; : ? ! brackets, quotes,
// " - "), each clause a list of words; words whose key is empty are dropped.
std::vector<std::vector<TitleWord>> title_clauses(const text::Analyzer& analyzer, std::string_view title);

// True for a key made only of ASCII lower-case letters.
bool is_plain_word(std::string_view key);

// ASCII lower-casing (other bytes unchanged).
std::string ascii_lower(std::string_view text);

}  // namespace medsearch::engine::suggest
