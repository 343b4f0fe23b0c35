// engine::suggest::Suggester: autocomplete and English spelling suggestions over one open
// index (docs/api.md "GET /api/suggest", "Spelling suggestions"; decision 0022). Built
// from the index once (build_vocabulary: a sample of titles, the MeSH keys, the lexicon's
// document frequencies), then immutable: complete() and correct() are const and safe from
// any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/suggest/prefix_index.hpp"
#include "medsearch/engine/suggest/spelling_corrector.hpp"
#include "medsearch/engine/suggest/suggest_vocabulary.hpp"
#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::engine::suggest {

struct Completion {
  std::string text;
  CompletionSource source = CompletionSource::Title;
  std::uint64_t documents = 0;  // the entry's score (see PrefixEntry)
  std::string heading;          // MeshEntry: the heading it maps to
};

class Suggester {
 public:
  // `index` and `analyzer` must outlive the Suggester.
  Suggester(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, SuggestOptions options = {},
            SpellingOptions spelling = {});

  // At most min(k, options.max_completions) completions of what has been typed, best first.
  // The prefix is normalised like the entries (normalize_phrase); a trailing space asks for
  // phrases with one more word. Empty for an empty prefix.
  std::vector<Completion> complete(std::string_view typed, std::size_t k) const;

  // English spelling correction (SpellingCorrector::correct).
  std::optional<Correction> correct(std::string_view query) const { return spelling_.correct(query); }

  const VocabularyStats& stats() const { return stats_; }
  const PrefixIndex& completions() const { return completions_; }
  const SpellingCorrector& spelling() const { return spelling_; }

 private:
  Suggester(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, Vocabulary vocabulary,
            const SuggestOptions& options, SpellingOptions spelling);
  const lexical::DocumentAnalyzer& analyzer_;
  VocabularyStats stats_;
  PrefixIndex completions_;
  SpellingCorrector spelling_;
};

}  // namespace medsearch::engine::suggest
