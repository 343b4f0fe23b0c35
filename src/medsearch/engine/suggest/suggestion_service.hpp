// What the HTTP API needs for suggestions over one Searcher, built on first use (or by
// warm_up) and shared by every server thread:
//   - completions(typed, k): autocomplete (Suggester::complete);
//   - spelling(request, response): "Did you mean" for a search that found few results —
//     fewer than `below` — or that has a word no document contains (plain words are OR-ed,
//     so a misspelled word beside correct ones still finds the others' documents). English
//     queries through SpellingCorrector, Chinese ones (CJK characters) through ChineseSpelling
//     over the Searcher's dictionaries. The corrected query is searched (one page of one
//     hit, no documents read) and offered only if it finds something, and no less than the
//     query did.
// Thread-safe; the Searcher must outlive it.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/engine/suggest/chinese_spelling.hpp"
#include "medsearch/engine/suggest/suggester.hpp"

namespace medsearch::engine::suggest {

struct SuggestionServiceOptions {
  SuggestOptions vocabulary;
  SpellingOptions spelling;
  std::size_t suggest_below = 10;  // the default of the search parameter `suggest_below`
};

struct SpellingSuggestion {
  Correction correction;
  std::uint64_t total = 0;  // what the corrected query finds
  bool total_is_exact = true;
};

// {"query": …, "total": n, "total_is_exact": b, "changes": [{"from": …, "to": …}]}
nlohmann::ordered_json to_json(const SpellingSuggestion& suggestion);

class SuggestionService {
 public:
  SuggestionService(const Searcher& searcher, SuggestionServiceOptions options = {});
  ~SuggestionService();

  // Builds the suggester now; "suggestions 812 ms (…counts…)" or why it failed. Never throws.
  std::string warm_up() const;
  // The suggester, built on first use; a build that failed throws its error again.
  const Suggester& suggester() const;
  const SuggestionServiceOptions& options() const { return options_; }

  std::optional<SpellingSuggestion> spelling(const SearchRequest& request, const SearchResponse& response,
                                             std::size_t below) const;

 private:
  const ChineseSpelling* chinese() const;  // null when the dictionaries are unavailable
  const Searcher& searcher_;
  SuggestionServiceOptions options_;
  mutable std::once_flag suggester_once_;
  mutable std::unique_ptr<Suggester> suggester_;
  mutable std::exception_ptr suggester_error_;
  mutable std::once_flag chinese_once_;
  mutable std::unique_ptr<ChineseSpelling> chinese_;
};

}  // namespace medsearch::engine::suggest
