// PieceTrie: longest-prefix matching and exact lookup over a small vocabulary, checked
// against a brute-force longest match.
#include "medsearch/encoder/piece_trie.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace medsearch::encoder {
namespace {

TEST(PieceTrie, LongestPrefixAndFind) {
  const PieceTrie trie({{"a", 0}, {"ab", 1}, {"abcd", 2}, {"b", 3}, {"é", 4}, {"", 5}});
  EXPECT_EQ(trie.piece_count(), 5u);  // the empty piece is skipped
  EXPECT_EQ(trie.longest_prefix("abcde").length, 4u);
  EXPECT_EQ(trie.longest_prefix("abcde").id, 2);
  EXPECT_EQ(trie.longest_prefix("abc").id, 1);  // "abc" is only a prefix; falls back to "ab"
  EXPECT_EQ(trie.longest_prefix("abc").length, 2u);
  EXPECT_EQ(trie.longest_prefix("ba").id, 3);
  EXPECT_EQ(trie.longest_prefix("éa").length, 2u);
  EXPECT_EQ(trie.longest_prefix("c").length, 0u);
  EXPECT_EQ(trie.longest_prefix("").length, 0u);
  EXPECT_EQ(trie.find("abcd"), 2);
  EXPECT_EQ(trie.find("abc"), -1);
  EXPECT_EQ(trie.find(""), -1);
  EXPECT_EQ(trie.find("x"), -1);
  EXPECT_EQ(PieceTrie().longest_prefix("a").length, 0u);
}

TEST(PieceTrie, RepeatedPieceKeepsTheLastId) {
  const PieceTrie trie({{"ab", 1}, {"a", 2}, {"ab", 7}});
  EXPECT_EQ(trie.find("ab"), 7);
  EXPECT_EQ(trie.piece_count(), 2u);
}

TEST(PieceTrie, MatchesBruteForceOnRandomPieces) {
  std::mt19937 rng(7);
  auto random_string = [&](std::size_t max_length) {
    std::string s(1 + rng() % max_length, 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 4);
    return s;
  };
  std::vector<std::pair<std::string, std::int32_t>> pieces;
  std::map<std::string, std::int32_t> oracle;
  for (std::int32_t id = 0; id < 5000; ++id) {  // enough to make the table grow many times
    pieces.emplace_back(random_string(9), id);
    oracle[pieces.back().first] = id;
  }
  const PieceTrie trie(pieces);
  EXPECT_EQ(trie.piece_count(), oracle.size());
  for (int i = 0; i < 5000; ++i) {
    const std::string text = random_string(12);
    PieceTrie::Match want;
    for (std::size_t length = 1; length <= text.size(); ++length) {
      const auto it = oracle.find(text.substr(0, length));
      if (it != oracle.end()) want = {length, it->second};
    }
    const PieceTrie::Match got = trie.longest_prefix(text);
    ASSERT_EQ(got.length, want.length) << text;
    ASSERT_EQ(got.id, want.id) << text;
  }
}

}  // namespace
}  // namespace medsearch::encoder
