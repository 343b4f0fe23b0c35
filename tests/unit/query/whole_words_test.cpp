// contains_any_word (query/whole_words.hpp) against its definition: for every word of the
// set, a substring search for an occurrence with no ASCII letter directly before or after
// it. Random texts built from the words themselves, their prefixes, extensions and
// separators (spaces, hyphens, digits, parentheses, UTF-8 letters such as "é"), so that
// matches at the edges, inside longer words and across separators all occur.
#include "medsearch/query/whole_words.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

namespace medsearch::query {
namespace {

// The definition, one substring search per word.
bool contains_any_word_by_search(std::string_view text, const std::unordered_set<std::string_view>& words) {
  const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (const std::string_view word : words) {
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
      const std::size_t end = at + word.size();
      if ((at == 0 || !letter(text[at - 1])) && (end == text.size() || !letter(text[end]))) return true;
    }
  }
  return false;
}

TEST(ContainsAnyWord, EqualsOneSearchPerWordOnRandomTexts) {
  const std::unordered_set<std::string_view> words = {"fat", "acid", "drug", "drugs", "cell", "heart", "a", "immune"};
  const std::vector<std::string> pieces = {
      "fat",    "fatty", "acid", "acidic", "drug", "drugs", "cells", "cell", "heart", "hearts", "a", "an",   "immun",
      "immune", "x",     "Fat",  "ACID",   " ",    "-",     "(",     ")",    ";",     "1",      "é", "\xff", "é"};
  std::mt19937 rng(20261206);
  std::size_t found = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 8)(rng);
    for (int p = 0; p < n; ++p) text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
    const bool want = contains_any_word_by_search(text, words);
    ASSERT_EQ(contains_any_word(text, words), want) << "'" << text << "'";
    found += want;
  }
  EXPECT_GT(found, 10000u);  // both answers are common
  EXPECT_LT(found, 40000u);
}

TEST(ContainsAnyWord, Examples) {
  const std::unordered_set<std::string_view> cues = {"fat", "acid"};
  EXPECT_TRUE(contains_any_word("low-fat diet", cues));
  EXPECT_TRUE(contains_any_word("fat", cues));
  EXPECT_TRUE(contains_any_word("(acid)", cues));
  EXPECT_FALSE(contains_any_word("fatty acids", cues));
  EXPECT_FALSE(contains_any_word("", cues));
  EXPECT_FALSE(contains_any_word("FAT", cues));  // case matters: callers lower-case first
  EXPECT_TRUE(
      contains_any_word("caf\xc3\xa9"
                        "fat",
                        cues));  // é is not an ASCII letter
}

}  // namespace
}  // namespace medsearch::query
