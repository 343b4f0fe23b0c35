// Turns field text into index terms. The same Analyzer analyses documents at index time
// and query words at search time, so whatever a document contains, the same words typed
// in a query produce the same terms.
//
// Pipeline (docs/analysis.md): Unicode NFKC normalisation and case folding; accent
// folding (é → e) when enabled; Greek letters used as symbols are spelled out (β → beta,
// in documents and queries alike, so "β-blocker" and "beta-blocker" meet);
// tokenisation that keeps biomedical tokens findable whole and by parts (IL-6, COVID-19,
// β-blocker, p53, 5-HT2A, Na+/K+); English stop-word removal and Snowball English
// stemming when enabled; Han/Hiragana/Katakana/Hangul runs become overlapping character
// bigrams (a lone character stays a unigram).
//
// Positions: each token has a position; tokens of one text come out in non-decreasing
// position order. A compound's joined form shares the position of its first part and
// spans all of the parts' positions (position_length), so phrase queries work on either:
// "IL-6" → il6@p (length 2), il@p, 6@p+1. Removed stop words still use up a position, so
// phrase distances stay those of the text. Offsets are byte offsets into the ORIGINAL
// text (for highlighting): [start, end).
//
// Thread safety: analyze() is const and safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::text {

struct Token {
  std::string term;               // normalised (and possibly stemmed) term
  std::uint32_t position = 0;     // see the header comment
  std::uint32_t start_offset = 0; // byte offset in the analysed text
  std::uint32_t end_offset = 0;
  std::uint32_t position_length = 1;  // positions covered: a joined compound form covers its parts'
  bool operator==(const Token&) const = default;
};

struct AnalyzerOptions {
  bool fold_accents = true;
  bool remove_stop_words = true;
  bool stem = true;            // Snowball English (libstemmer)
  bool split_compounds = true; // IL-6 → il-6's parts as well as the joined form
  bool cjk_bigrams = true;     // false: each CJK character is a unigram
  bool operator==(const AnalyzerOptions&) const = default;
};

// Field profiles used by the index: prose (title, abstract) and keyword-like fields
// (MeSH headings, keywords, author names, journal), which are not stemmed and keep
// stop words ("Vitamin A", "The Lancet").
AnalyzerOptions prose_options();
AnalyzerOptions keyword_options();

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = prose_options());
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  const AnalyzerOptions& options() const;

  // Appends the tokens of `text` to `out`; positions start at `first_position`.
  // Returns the position after the last token (to continue a multi-valued field with a
  // gap); trailing stop words count, so it is the position after the last word. Invalid
  // UTF-8 is replaced (each bad byte acts as U+FFFD, a separator), never an error.
  // Error(InvalidArgument) for a text of 4 GiB or more (offsets are 32-bit).
  std::uint32_t analyze(std::string_view text, std::vector<Token>& out, std::uint32_t first_position = 0) const;

  // analyze() for asking which tokens carry one of a few known analysed `terms` (snippets
  // and highlighting), at a fraction of the stemming: an alphabetic word is stemmed only
  // when its first byte is the first byte of one of `terms`, and otherwise keeps its
  // normalised form. Each token's "term is in `terms`" is the same as analyze()'s: a stem
  // starts with its word's first byte (stemmer.hpp), so a word left unstemmed has no stem
  // in `terms`, and its own form, which starts with a byte none of them starts with, is
  // not in them either. Tokens, positions and offsets are analyze()'s; only the unstemmed
  // tokens' terms differ. Positions start at 0. Errors as analyze().
  std::uint32_t analyze_for_terms(std::string_view text, const std::set<std::string>& terms,
                                  std::vector<Token>& out) const;

  // Convenience: just the terms, in the order analyze() emits them.
  std::vector<std::string> terms(std::string_view text) const;

  // A single word normalised (NFKC, case and accent folding) but neither stemmed nor
  // split nor stop-word filtered: for truncation queries (`immun*`), whose prefix is
  // matched against the lexicon's terms. Greek letters are spelled out and a compound's
  // parts are concatenated as in its joined form ("IL-6" → "il6", "β" → "beta"); possessive
  // 's and charge signs are dropped. Empty when the word normalises to nothing.
  std::string normalize_word(std::string_view word) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace medsearch::text
