// Word-pair keys: a doc-level posting list per pair of adjacent common words, so that a
// phrase of common words finds its candidate documents without intersecting two long
// lists and reading positions for every document that has both (docs/decisions/0035).
//
// The index keeps one set of "pair words" (manifest.json "pair_words", chosen once when
// the index is created: choose_pair_words). For every field of a document and every two
// positions p and p+1 of that field, each term at p and each term at p+1 that are both
// in the set give the key word_pair_key(first, second). Its posting carries the field
// mask and per-field counts and no positions: the list is a filter, and the phrase is
// still verified on the terms' positions (boolean_match.cpp).
//
// Contract a reader relies on: in a segment whose SegmentView has `pairs`, the list of
// word_pair_key(a, b) (or its absence: no document) holds exactly the documents in which
// some field has a at some position p and b at p+1, for every a and b in the set.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "medsearch/lexical/fields.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::lexical {

struct AnalyzedDocument;

class PairWords {
 public:
  PairWords() = default;
  explicit PairWords(std::vector<std::string> words);  // any order; duplicates dropped

  bool empty() const { return words_.empty(); }
  std::size_t size() const { return words_.size(); }
  bool contains(std::string_view word) const { return set_.find(word) != set_.end(); }
  const std::vector<std::string>& words() const { return words_; }  // ascending

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> words_;
  std::unordered_set<std::string, Hash, std::equal_to<>> set_;
};

// "w" + first + '\x1f' + second (prose terms hold no control characters).
std::string word_pair_key(std::string_view first, std::string_view second);

// Appends one keyword-style posting (mask, per-field counts, no positions) per distinct
// pair key of the document's tokens (per field, as analysed: ascending positions).
void add_word_pair_postings(const std::array<std::vector<text::Token>, kTextFieldCount>& tokens, const PairWords& words,
                            AnalyzedDocument& out);

// How the set is chosen from a sample of the corpus (the first documents ingested): the
// prose terms found in at least `min_fraction` of the sample's documents, at most
// `max_words` of them (the most frequent; ties by term). A phrase check costs about one
// position read per document holding all its words, so only words common enough to make
// that set large need pairs; rarer words' lists are short already.
struct PairWordsChoice {
  double min_fraction = 0.01;
  std::size_t max_words = 1000;
  std::size_t min_sample_docs = 1000;  // a smaller sample chooses no words
  std::uint32_t sample_docs = 10000;   // documents read for the choice
};

// `doc_freq`: prose term → documents of the sample holding it.
PairWords choose_pair_words(const std::unordered_map<std::string, std::uint32_t>& doc_freq, std::uint32_t sample_docs,
                            const PairWordsChoice& choice = {});

}  // namespace medsearch::lexical
