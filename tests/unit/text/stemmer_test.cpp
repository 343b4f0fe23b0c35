#include "medsearch/text/stemmer.hpp"

#include <gtest/gtest.h>
#include <libstemmer.h>

#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/text/analyzer.hpp"
#include "support/shared_texts.hpp"

namespace medsearch::text {
namespace {

// libstemmer used directly, without the module's per-thread cache: the oracle.
std::string reference_stem(const std::string& word) {
  sb_stemmer* stemmer = sb_stemmer_new("english", "UTF_8");
  const sb_symbol* result =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  std::string stem(reinterpret_cast<const char*>(result), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
  sb_stemmer_delete(stemmer);
  return stem;
}

TEST(Stemmer, SnowballEnglishExamples) {
  EXPECT_EQ(stem_english("cancers"), "cancer");
  EXPECT_EQ(stem_english("studies"), "studi");
  EXPECT_EQ(stem_english("study"), "studi");
  EXPECT_EQ(stem_english("running"), "run");
  EXPECT_EQ(stem_english("generously"), "generous");
  EXPECT_EQ(stem_english("betablockers"), "betablock");
  EXPECT_EQ(stem_english(""), "");
}

TEST(Stemmer, CachedResultsEqualTheStemmerOnManyWordsAndCollisions) {
  // 40,000 random words over a small alphabet collide in the 8,192-slot cache; each is
  // asked twice (miss, then hit or evicted) and must always give libstemmer's answer.
  std::mt19937 rng(7);
  std::vector<std::string> words;
  const std::string suffixes[] = {"s", "es", "ing", "ed", "ly", "ation", "ness", "ies", ""};
  for (int i = 0; i < 40000; ++i) {
    std::string w;
    const int length = 2 + static_cast<int>(rng() % 10);
    for (int k = 0; k < length; ++k) w += static_cast<char>('a' + rng() % 6);
    w += suffixes[rng() % 9];
    words.push_back(w);
  }
  words.push_back(std::string(23, 'a') + "s");  // longer than the cache's slots
  words.push_back(std::string(22, 'b') + "s");
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < words.size(); i += 7) ASSERT_EQ(stem_english(words[i]), reference_stem(words[i])) << words[i];
}

// stemmer.hpp's contract, which Analyzer::analyze_for_terms() relies on: a stem starts
// with its word's first byte. Checked on Snowball's exceptional forms
// (https://snowballstem.org/algorithms/english/stemmer.html, "Exceptional forms"), on
// random words with English suffixes, and on every word of the shared PubMed samples as
// the prose analyzer hands them to the stemmer (normalised, stop words kept).
TEST(Stemmer, AStemStartsWithTheFirstByteOfItsWord) {
  std::set<std::string> words = {"skis",  "skies",  "dying", "lying", "tying", "idly",  "gently", "ugly",
                                 "early", "only",   "singly", "sky",  "news",  "howe",  "atlas",  "cosmos",
                                 "bias",  "andes",  "a",     "is",    "ies",   "ied",   "sses",   "yes",
                                 "eed",   "ing",    "ed",    "ly",    "s",     "y",     "ying",   "eying"};
  std::mt19937 rng(11);
  const std::string suffixes[] = {"s", "es", "ies", "ied", "ing", "ingly", "ed", "edly", "eed", "ly", "ation", "ness", "y", ""};
  for (int i = 0; i < 20000; ++i) {
    std::string w;
    const int length = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < length; ++k) w += static_cast<char>('a' + rng() % 26);
    words.insert(w + suffixes[rng() % 14]);
  }
  AnalyzerOptions unstemmed = prose_options();
  unstemmed.stem = false;
  unstemmed.remove_stop_words = false;
  const Analyzer analyzer(unstemmed);
  std::size_t shared_words = 0;
  for (const std::string& text : testing::shared_pubmed_texts()) {
    for (std::string& term : analyzer.terms(text)) shared_words += words.insert(std::move(term)).second;
  }
  for (const std::string& word : words) {
    const std::string_view stem = stem_english(word);
    if (!stem.empty()) {
      ASSERT_EQ(stem.front(), word.front()) << word << " -> " << stem;
    }
  }
  if (shared_words == 0) GTEST_SKIP() << "no shared PubMed samples under " << MEDSEARCH_SHARED_DIR;
  EXPECT_GT(shared_words, 10000u);
}

TEST(Stemmer, EachThreadHasItsOwnStemmer) {
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  const std::vector<std::string> words = {"cancers", "studies", "running", "patients", "treatments", "mice"};
  std::vector<std::string> expected;
  for (const auto& w : words) expected.push_back(reference_stem(w));
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5000; ++round) {
        const std::size_t k = static_cast<std::size_t>(round + t) % words.size();
        if (stem_english(words[k]) != expected[k]) errors[t] = words[k];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
}

}  // namespace
}  // namespace medsearch::text
