// Word-pair keys (word_pairs.hpp): which pairs a document gets, and how the pair words
// are chosen from a sample.
#include <gtest/gtest.h>

#include <map>

#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/word_pairs.hpp"

namespace medsearch::lexical {
namespace {

// key → (mask, per-field counts) of the document's word-pair postings.
std::map<std::string, std::pair<int, std::array<std::uint32_t, kTextFieldCount>>> pair_postings(const AnalyzedDocument& doc) {
  std::map<std::string, std::pair<int, std::array<std::uint32_t, kTextFieldCount>>> out;
  for (const AnalyzedPosting& p : doc.postings) {
    const std::string key(doc.key(p));
    if (key[0] != static_cast<char>(KeySpace::WordPair)) continue;
    EXPECT_TRUE(doc.positions(p).empty()) << key;
    EXPECT_TRUE(out.emplace(key, std::pair{int(p.mask), p.tf}).second) << "duplicate key " << key;
  }
  return out;
}

TEST(WordPairs, AdjacentPairWordsOfOneFieldGetAKeyCountedPerField) {
  DocumentAnalyzer analyzer;
  analyzer.set_pair_words(std::make_shared<const PairWords>(std::vector<std::string>{"kinas", "protein", "cell"}));
  Article a;
  a.title = "Protein kinase cell protein kinase";
  // "the" is a stop word: it keeps its position, so "cell the protein" has no pair.
  a.abstract.push_back({"", "", "cell the protein kinase"});
  a.keywords = {"protein", "kinase"};  // two values: a gap between them, no pair
  AnalyzedDocument doc;
  analyzer.analyze(a, doc);
  const auto got = pair_postings(doc);
  const std::string pk = word_pair_key("protein", "kinas"), kc = word_pair_key("kinas", "cell"),
                    cp = word_pair_key("cell", "protein");
  ASSERT_EQ(got.size(), 3u) << "keys: " << [&] {
    std::string s;
    for (const auto& [k, v] : got) s += k + " ";
    return s;
  }();
  EXPECT_EQ(got.at(pk).first, 0b11);  // title twice, abstract once
  EXPECT_EQ(got.at(pk).second[0], 2u);
  EXPECT_EQ(got.at(pk).second[1], 1u);
  EXPECT_EQ(got.at(kc).first, 0b01);
  EXPECT_EQ(got.at(cp).first, 0b01);
}

TEST(WordPairs, NoPairWordsNoKeys) {
  DocumentAnalyzer analyzer;
  Article a;
  a.title = "protein kinase";
  AnalyzedDocument doc;
  analyzer.analyze(a, doc);
  EXPECT_TRUE(pair_postings(doc).empty());
  analyzer.set_pair_words(std::make_shared<const PairWords>());
  analyzer.analyze(a, doc);
  EXPECT_TRUE(pair_postings(doc).empty());
}

TEST(WordPairs, AlternativeFormsAtOnePositionEachPairWithTheNext) {
  // "IL-6 production": il6 and il share a position, 6 is the next one (analyzer.hpp).
  DocumentAnalyzer analyzer;
  analyzer.set_pair_words(std::make_shared<const PairWords>(std::vector<std::string>{"il6", "il", "6", "product"}));
  Article a;
  a.title = "IL-6 production";
  AnalyzedDocument doc;
  analyzer.analyze(a, doc);
  const auto got = pair_postings(doc);
  EXPECT_TRUE(got.contains(word_pair_key("il", "6")));
  EXPECT_TRUE(got.contains(word_pair_key("6", "product")));
  EXPECT_FALSE(got.contains(word_pair_key("il", "il6")));  // same position: not a pair
}

TEST(WordPairs, ChosenWordsAreTheCommonOnesMostFrequentFirstUpToTheCap) {
  std::unordered_map<std::string, std::uint32_t> df{{"a", 500}, {"b", 20}, {"c", 10}, {"d", 9}, {"e", 30}};
  const PairWords words = choose_pair_words(df, 1000, {.min_fraction = 0.01, .max_words = 3, .min_sample_docs = 100});
  EXPECT_EQ(words.words(), (std::vector<std::string>{"a", "b", "e"}));  // c passes the 1% but falls past the cap
  EXPECT_FALSE(words.contains("c"));
  const PairWords all = choose_pair_words(df, 1000, {.min_fraction = 0.01, .max_words = 10, .min_sample_docs = 100});
  EXPECT_EQ(all.words(), (std::vector<std::string>{"a", "b", "c", "e"}));  // d: 9 < 10 documents
  EXPECT_TRUE(choose_pair_words(df, 99, {.min_fraction = 0.01, .max_words = 10, .min_sample_docs = 100}).empty());
}

}  // namespace
}  // namespace medsearch::lexical
