#include "medsearch/text/stop_words.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace medsearch::text {
namespace {

TEST(StopWords, ListIsSortedUniqueLowerCaseAndAboutOneHundredFiftyToTwoHundred) {
  const auto words = stop_words();
  EXPECT_GE(words.size(), 140u);
  EXPECT_LE(words.size(), 200u);
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_EQ(std::set<std::string_view>(words.begin(), words.end()).size(), words.size());
  for (std::string_view w : words) {
    EXPECT_GE(w.size(), 2u) << w;
    EXPECT_LE(w.size(), 12u) << w;
    EXPECT_TRUE(std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) << w;
  }
}

TEST(StopWords, EveryListedWordIsFoundAndNearMissesAreNot) {
  for (std::string_view w : stop_words()) {
    EXPECT_TRUE(is_stop_word(w)) << w;
    std::string longer(w);
    longer += 'x';
    EXPECT_FALSE(is_stop_word(longer)) << longer;
  }
}

TEST(StopWords, CommonFunctionWords) {
  for (const char* w : {"the", "of", "and", "in", "to", "with", "was", "were", "is", "by", "for", "that", "this"})
    EXPECT_TRUE(is_stop_word(w)) << w;
}

TEST(StopWords, BiomedicalSymbolsAndMeaningfulWordsAreKept) {
  for (const char* w : {"a", "i", "all", "no", "us", "up", "down", "above", "below", "against", "without", "before",
                        "after", "over", "under", "cancer", "t", "b", "the1", "", "thethe", "The"})
    EXPECT_FALSE(is_stop_word(w)) << w;
}

}  // namespace
}  // namespace medsearch::text
