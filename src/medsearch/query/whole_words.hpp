// query: whole-word lookups in short English texts (CC-CEDICT senses). Pure functions;
// thread-safe.
#pragma once

#include <string_view>
#include <unordered_set>

namespace medsearch::query {

// True when `text` holds one of `words` as a whole word: a maximal run of ASCII letters
// ([A-Za-z], std::isalpha in the "C" locale) equal to it. Each of `words` must consist of
// ASCII letters only; then this equals asking, for every word, whether it occurs in `text`
// with no letter directly before or after it, in one pass over `text` (O(|text|) set
// lookups) instead of one substring search per word.
bool contains_any_word(std::string_view text, const std::unordered_set<std::string_view>& words);

}  // namespace medsearch::query
