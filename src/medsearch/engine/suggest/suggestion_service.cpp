#include "medsearch/engine/suggest/suggestion_service.hpp"

#include <chrono>
#include <cstdio>

#include "medsearch/core/error.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine::suggest {

nlohmann::ordered_json to_json(const SpellingSuggestion& suggestion) {
  nlohmann::ordered_json out;
  out["query"] = suggestion.correction.query;
  out["total"] = suggestion.total;
  out["total_is_exact"] = suggestion.total_is_exact;
  out["changes"] = nlohmann::ordered_json::array();
  for (const SpellingChange& change : suggestion.correction.changes) out["changes"].push_back({{"from", change.from}, {"to", change.to}});
  return out;
}

SuggestionService::SuggestionService(const Searcher& searcher, SuggestionServiceOptions options)
    : searcher_(searcher), options_(std::move(options)) {}

SuggestionService::~SuggestionService() = default;

const Suggester& SuggestionService::suggester() const {
  std::call_once(suggester_once_, [this] {
    try {
      suggester_ = std::make_unique<Suggester>(searcher_.index(), searcher_.analyzer(), options_.vocabulary, options_.spelling);
    } catch (...) {
      suggester_error_ = std::current_exception();
    }
  });
  if (suggester_error_) std::rethrow_exception(suggester_error_);
  return *suggester_;
}

std::string SuggestionService::warm_up() const {
  try {
    const Suggester& s = suggester();
    const VocabularyStats& st = s.stats();
    char line[280];
    std::snprintf(line, sizeof line,
                  "suggestions %.0f ms (%zu titles and %zu abstracts read: %zu MeSH headings, %zu entry terms, %zu title phrases, %zu spelling words)",
                  st.build_ms, st.titles_read, st.abstracts_read, st.mesh_headings, st.mesh_entry_terms, st.title_phrases, st.spelling_words);
    return line;
  } catch (const std::exception& e) {
    return std::string("suggestions unavailable: ") + e.what();
  }
}

const ChineseSpelling* SuggestionService::chinese() const {
  std::call_once(chinese_once_, [this] {
    std::string unavailable;
    if (const query::ChineseQueryTranslator* translator = searcher_.chinese_translator(unavailable)) {
      chinese_ = std::make_unique<ChineseSpelling>(*translator);
    }
  });
  return chinese_.get();
}

std::optional<SpellingSuggestion> SuggestionService::spelling(const SearchRequest& request, const SearchResponse& response,
                                                              std::size_t below) const {
  if (request.query.empty() || !request.query_vector.empty()) return std::nullopt;
  std::optional<Correction> correction;
  const bool few = response.total < below;
  if (query::contains_cjk(request.query)) {
    if (!few || !request.chinese) return std::nullopt;
    if (const ChineseSpelling* zh = chinese()) correction = zh->correct(request.query);
  } else {
    correction = suggester().correct(request.query);
    // With enough results, only a word that no document contains is worth a suggestion.
    if (correction && !few && std::none_of(correction->changes.begin(), correction->changes.end(),
                                           [](const SpellingChange& c) { return c.typed_df == 0; })) {
      correction.reset();
    }
  }
  if (!correction || correction->query == request.query) return std::nullopt;
  SearchRequest check = request;
  check.query = correction->query;
  check.limit = 1;
  check.offset = 0;
  check.fetch_documents = false;
  check.snippets = false;
  check.rerank.on = false;
  try {
    const SearchResponse found = searcher_.search(check);
    // Not offered when it finds nothing or less (an OR query that kept its other words'
    // documents may find the same number: the misspelled word then adds its own).
    if (found.total == 0 || found.total < response.total) return std::nullopt;
    return SpellingSuggestion{std::move(*correction), found.total, found.total_is_exact};
  } catch (const Error&) {
    return std::nullopt;  // the corrected text is not a valid query: no suggestion
  }
}

}  // namespace medsearch::engine::suggest
