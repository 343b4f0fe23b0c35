// Edit distance for spelling suggestions: the optimal string alignment (OSA) distance, i.e.
// Damerau–Levenshtein restricted so that no substring is edited twice: insertions,
// deletions, substitutions and transpositions of two adjacent characters each cost 1
// (Damerau 1964; the "restricted edit distance" of Boytsov 2011, §2). It is what a
// dynamic-programming row per trie node computes (edit_distance_trie.hpp), and what the
// brute-force oracle of the tests uses. Works on any sequence of characters: bytes
// (std::string, ASCII words) or code points (std::u32string, Chinese).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace medsearch::engine::suggest {

template <typename Char>
std::size_t osa_distance(std::basic_string_view<Char> a, std::basic_string_view<Char> b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows of the (n+1) x (m+1) table: i-2, i-1, i.
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

inline std::size_t osa_distance(std::string_view a, std::string_view b) { return osa_distance<char>(a, b); }

}  // namespace medsearch::engine::suggest
