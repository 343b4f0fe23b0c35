// "Did you mean": a corrected form of an English (Latin-script) query, word by word, from
// the index's own vocabulary (suggest_vocabulary.hpp: words with their document
// frequencies). Only words the index does not know are corrected — a word whose prose term
// has document frequency below min_df (docs/decisions/0022-suggestions.md):
//   - an edit: the vocabulary word within the OSA distance limit for the word's length
//     (edit_distance_trie.hpp), fewest edits first, then the most documents;
//   - a split: the word cut into two vocabulary words ("heartfailure" → "heart failure");
//   - a join: the word and its neighbour written as one vocabulary word
//     ("gluco corticoid" → "glucocorticoid").
// A split or join counts as one edit. Words are normalised as the analyser does (case,
// accents, Greek letters spelled out: "α" is "alpha"), so Greek letters, hyphenated
// compounds ("β-blokers": the part "blokers" is corrected, "β-" kept) and case are handled;
// the replacement copies the case of the word it replaces ("Diabtes" → "Diabetes").
// Skipped: Boolean operators, field tags ("[ti]"), truncated words ("immun*"), words with
// digits or other scripts, and words shorter than min_length.
// Immutable after construction; correct() is const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/engine/suggest/edit_distance_trie.hpp"
#include "medsearch/engine/suggest/suggest_vocabulary.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::engine::suggest {

struct SpellingOptions {
  std::uint32_t min_df = 2;       // a word with fewer documents is a misspelling candidate
  std::size_t min_length = 4;     // shorter words are left alone
  // Edits allowed by the word's length: up to 1 from min_length, 2 from long_word_length
  // (Norvig's and Lucene DirectSpellChecker's limit of 2; 1 for short words, where two
  // edits reach too many other words).
  std::size_t long_word_length = 8;
};

struct SpellingChange {
  std::string from;  // as typed
  std::string to;    // its replacement
  std::uint32_t typed_df = 0;  // documents with the typed word's term (the most of a joined pair)
};

struct Correction {
  std::string query;  // the whole query with every change applied
  std::vector<SpellingChange> changes;
};

class SpellingCorrector {
 public:
  // `doc_freq(word)`: the document frequency of a normalised word's prose term (for words
  // outside the vocabulary); `normalizer` provides normalize_word and must outlive this.
  SpellingCorrector(std::vector<SpellingWord> words, std::function<std::uint32_t(std::string_view)> doc_freq,
                    const text::Analyzer& normalizer, SpellingOptions options = {});

  // nullopt when every word is known (or nothing could be corrected).
  std::optional<Correction> correct(std::string_view query) const;

  std::uint32_t max_distance(std::size_t length) const;
  std::size_t vocabulary_size() const { return trie_.words().size(); }
  const SpellingOptions& options() const { return options_; }

  // The best replacement of one normalised word (edits only), for tests and the evaluation:
  // "" when none is within the limit.
  std::string best_edit(std::string_view key) const;

 private:
  struct Candidate;
  struct Word;
  std::vector<Word> words_of(std::string_view query) const;
  std::optional<Candidate> best_for(const std::vector<Word>& words, std::size_t i) const;
  const SpellingWord* lookup(std::string_view key) const;

  EditDistanceTrie<char> trie_;
  std::vector<SpellingWord> words_;  // in trie_.words() order
  std::function<std::uint32_t(std::string_view)> doc_freq_;
  const text::Analyzer& normalizer_;
  SpellingOptions options_;
};

}  // namespace medsearch::engine::suggest
