#include "medsearch/engine/suggest/suggester.hpp"

#include "medsearch/engine/suggest/suggest_text.hpp"

namespace medsearch::engine::suggest {

Suggester::Suggester(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, SuggestOptions options,
                     SpellingOptions spelling)
    : Suggester(index, analyzer, build_vocabulary(index, analyzer, options), options, spelling) {}

Suggester::Suggester(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, Vocabulary vocabulary,
                     const SuggestOptions& options, SpellingOptions spelling)
    : analyzer_(analyzer),
      stats_(vocabulary.stats),
      completions_(std::move(vocabulary.completions), options.max_completions),
      spelling_(std::move(vocabulary.words),
                [&index, &analyzer](std::string_view word) { return prose_doc_freq(index, analyzer.prose(), word); },
                analyzer.keyword(), spelling) {}

std::vector<Completion> Suggester::complete(std::string_view typed, std::size_t k) const {
  std::vector<Completion> out;
  const std::string key = normalize_phrase(analyzer_.keyword(), typed, true);
  for (const PrefixEntry* entry : completions_.top(key, k)) out.push_back({entry->text, entry->source, entry->score, entry->heading});
  return out;
}

}  // namespace medsearch::engine::suggest
