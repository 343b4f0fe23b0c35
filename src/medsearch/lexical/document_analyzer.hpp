// Turns an Article into what the lexical index stores for it: per prose term the field
// mask, per-field tf and encoded positions, the field lengths, and the keyword-space keys.
// Analysis is the costly part of indexing; it is pure and thread-safe, so the ingest
// pipeline runs it on its parser threads and the single writer thread only appends.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/word_pairs.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::lexical {

// One posting of a document. Its key (space byte + term) and encoded positions (as in
// posting_format.hpp; none for keyword keys) live in AnalyzedDocument::bytes, so a
// document's analysis is two allocations, not two per term.
struct AnalyzedPosting {
  std::uint32_t key_offset = 0;
  std::uint32_t key_size = 0;
  std::uint32_t positions_offset = 0;
  std::uint32_t positions_size = 0;
  std::uint8_t mask = 0;
  std::array<std::uint32_t, kTextFieldCount> tf{};
};

struct AnalyzedDocument {
  std::vector<AnalyzedPosting> postings;  // prose terms, word pairs, then keyword keys; keys unique
  std::string bytes;
  std::array<std::uint32_t, kTextFieldCount> lengths{};

  std::string_view key(const AnalyzedPosting& p) const { return std::string_view(bytes).substr(p.key_offset, p.key_size); }
  std::string_view positions(const AnalyzedPosting& p) const {
    return std::string_view(bytes).substr(p.positions_offset, p.positions_size);
  }
  void clear() {
    postings.clear();
    bytes.clear();
  }
};

class DocumentAnalyzer {
 public:
  DocumentAnalyzer();
  // Thread-safe.
  void analyze(const Article& article, AnalyzedDocument& out) const;
  // The index's pair words (word_pairs.hpp): analyze() then adds their word-pair keys.
  // Not thread-safe: set before the analyzer is shared.
  // Null or empty: no word-pair keys.
  void set_pair_words(std::shared_ptr<const PairWords> words) { pair_words_ = std::move(words); }
  const text::Analyzer& prose() const { return prose_; }
  const text::Analyzer& keyword() const { return keyword_; }

 private:
  text::Analyzer prose_;
  text::Analyzer keyword_;
  std::shared_ptr<const PairWords> pair_words_;
};

// A keyword-space term: the keyword analyzer's terms of `text` joined by single spaces
// ("Smith, J." → "smith j"). Used both at index time and for tagged queries.
std::string normalize_keyword(const text::Analyzer& keyword_analyzer, std::string_view text);

}  // namespace medsearch::lexical
