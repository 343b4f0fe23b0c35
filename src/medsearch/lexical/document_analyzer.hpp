// Turns an Article into what the lexical index stores for it: per prose term the field
// mask, per-field tf and encoded positions, the field lengths, and the keyword-space keys.
// Analysis is the costly part of indexing; it is pure and thread-safe, so the ingest
// pipeline runs it on its parser threads and the single writer thread only appends.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::lexical {

struct AnalyzedPosting {
  std::string key;  // lexicon key (space byte + term)
  std::uint8_t mask = 0;
  std::array<std::uint32_t, kTextFieldCount> tf{};
  std::string positions;  // encoded as in posting_format.hpp (empty for keyword keys)
};

struct AnalyzedDocument {
  std::vector<AnalyzedPosting> postings;  // prose terms, then keyword keys; keys unique
  std::array<std::uint32_t, kTextFieldCount> lengths{};
};

class DocumentAnalyzer {
 public:
  DocumentAnalyzer();
  // Thread-safe.
  void analyze(const Article& article, AnalyzedDocument& out) const;
  const text::Analyzer& prose() const { return prose_; }
  const text::Analyzer& keyword() const { return keyword_; }

 private:
  text::Analyzer prose_;
  text::Analyzer keyword_;
};

// A keyword-space term: the keyword analyzer's terms of `text` joined by single spaces
// ("Smith, J." → "smith j"). Used both at index time and for tagged queries.
std::string normalize_keyword(const text::Analyzer& keyword_analyzer, std::string_view text);

}  // namespace medsearch::lexical
