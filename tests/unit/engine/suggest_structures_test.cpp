// Oracle tests of the suggestion structures: EditDistanceTrie (the trie walk) against the
// OSA distance to every word, and PrefixIndex (precomputed short prefixes, heap scans of
// longer ones) against a linear scan, on random vocabularies over small alphabets (so many
// words are near each other and prefix ranges are long).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "medsearch/engine/suggest/edit_distance.hpp"
#include "medsearch/engine/suggest/edit_distance_trie.hpp"
#include "medsearch/engine/suggest/prefix_index.hpp"

namespace medsearch::engine::suggest {
namespace {

TEST(OsaDistance, KnownValues) {
  EXPECT_EQ(osa_distance("", ""), 0u);
  EXPECT_EQ(osa_distance("abc", ""), 3u);
  EXPECT_EQ(osa_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(osa_distance("diabtes", "diabetes"), 1u);   // one insertion
  EXPECT_EQ(osa_distance("diabeets", "diabetes"), 1u);  // one transposition
  EXPECT_EQ(osa_distance("ca", "ac"), 1u);
  // OSA, not unrestricted Damerau-Levenshtein: a transposed pair is not edited again.
  EXPECT_EQ(osa_distance("ca", "abc"), 3u);
  EXPECT_EQ(osa_distance<char32_t>(U"帕金生病", U"帕金森病"), 1u);
}

// Random words over a small alphabet, so many words are near each other.
std::vector<std::string> random_words(std::mt19937& rng, std::size_t n, const std::string& alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(1, max_len), pick(0, alphabet.size() - 1);
  std::vector<std::string> words;
  for (std::size_t i = 0; i < n; ++i) {
    std::string w(len(rng), ' ');
    for (char& c : w) c = alphabet[pick(rng)];
    words.push_back(w);
  }
  return words;
}

template <typename Char>
std::vector<typename EditDistanceTrie<Char>::Match> brute_force(const EditDistanceTrie<Char>& trie, std::basic_string_view<Char> q,
                                                              std::uint32_t max) {
  std::vector<typename EditDistanceTrie<Char>::Match> out;
  for (std::size_t i = 0; i < trie.words().size(); ++i) {
    const auto d = osa_distance<Char>(q, trie.words()[i]);
    if (d <= max) out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(d)});
  }
  return out;
}

TEST(EditDistanceTrie, MatchesBruteForceOnRandomWords) {
  std::mt19937 rng(20261204);
  const EditDistanceTrie<char> trie(random_words(rng, 12000, "abcde", 9));
  ASSERT_GT(trie.words().size(), 6000u);  // unique words
  std::size_t matches = 0;
  for (const std::string& q : random_words(rng, 60, "abcdef", 11)) {
    for (std::uint32_t max = 0; max <= 2; ++max) {
      const auto fast = trie.within(q, max);
      ASSERT_EQ(fast, brute_force<char>(trie, q, max)) << "query " << q << " max " << max;
      matches += fast.size();
    }
  }
  EXPECT_GT(matches, 1000u);  // the comparison is not vacuous
}

TEST(EditDistanceTrie, FindsTranspositionsAndPrefixWords) {
  const EditDistanceTrie<char> trie({"diabetes", "diabetic", "diab", "dialysis", "abc", "ab", "a"});
  const auto found = trie.within("diabeets", 1);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(trie.words()[found[0].index], "diabetes");
  EXPECT_EQ(found[0].distance, 1u);
  EXPECT_EQ(trie.within("ab", 1).size(), 3u);  // a, ab, abc
  EXPECT_EQ(trie.find("diab"), 3);
  EXPECT_EQ(trie.find("dia"), -1);
}

TEST(EditDistanceTrie, CodePointsMatchBruteForce) {
  std::mt19937 rng(7);
  const std::u32string alphabet = U"帕金森病生深部脑刺激";
  std::uniform_int_distribution<std::size_t> len(1, 6), pick(0, alphabet.size() - 1);
  std::vector<std::u32string> words;
  for (int i = 0; i < 2000; ++i) {
    std::u32string w(len(rng), U' ');
    for (char32_t& c : w) c = alphabet[pick(rng)];
    words.push_back(w);
  }
  const EditDistanceTrie<char32_t> trie(words);
  for (int i = 0; i < 40; ++i) {
    std::u32string q(len(rng), U' ');
    for (char32_t& c : q) c = alphabet[pick(rng)];
    for (std::uint32_t max = 0; max <= 2; ++max) ASSERT_EQ(trie.within(q, max), brute_force<char32_t>(trie, q, max));
  }
}

std::vector<const PrefixEntry*> linear_scan(const PrefixIndex& index, const std::string& prefix, std::size_t k) {
  std::vector<const PrefixEntry*> all;
  for (const PrefixEntry& e : index.entries()) if (!prefix.empty() && e.key.starts_with(prefix)) all.push_back(&e);
  std::stable_sort(all.begin(), all.end(), [](const PrefixEntry* a, const PrefixEntry* b) { return a->score > b->score; });
  if (all.size() > std::min(k, index.max_results())) all.resize(std::min(k, index.max_results()));
  return all;
}

TEST(PrefixIndex, MatchesLinearScan) {
  std::mt19937 rng(11);
  std::vector<PrefixEntry> entries;
  std::uniform_int_distribution<std::uint64_t> score(0, 50);  // many ties
  for (const std::string& w : random_words(rng, 20000, "abcd e", 12)) {
    entries.push_back({w, "shown " + w, score(rng), CompletionSource::Title});
  }
  entries.push_back({"abc", "duplicate low", 0, CompletionSource::Title});
  entries.push_back({"abc", "duplicate high", 1000, CompletionSource::Mesh});
  const PrefixIndex index(entries, 10, 3);
  EXPECT_EQ(index.top("abc", 1).at(0)->text, "duplicate high");
  std::size_t compared = 0;
  for (const std::string& prefix : random_words(rng, 400, "abcd e", 6)) {
    for (const std::size_t k : {1u, 5u, 10u, 20u}) {
      ASSERT_EQ(index.top(prefix, k), linear_scan(index, prefix, k)) << "prefix '" << prefix << "' k " << k;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 1600u);
  EXPECT_TRUE(index.top("", 10).empty());
  EXPECT_TRUE(index.top("zzzz", 10).empty());
}

}  // namespace
}  // namespace medsearch::engine::suggest
