#include "medsearch/engine/search/searcher.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>

#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/search/hydrate.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/search_plan.hpp"

namespace medsearch::engine {

Searcher::Searcher(const IndexReader& index, SearcherOptions options)
    : index_(index), options_(std::move(options)), default_ranking_(load_ranking_config(index.dir())) {}

Searcher::~Searcher() = default;

// The walk of one request (ARCHITECTURE.md "The query flow").
SearchResponse Searcher::search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  std::string unavailable;
  const bool cjk = request.chinese && query::contains_cjk(request.query);
  const query::ChineseQueryTranslator* translator = cjk ? chinese(unavailable) : nullptr;
  // 1. compile: limits, translation, parsing, ranking terms, match tree, filters.
  const SearchPlan plan = compile_plan(request, default_ranking_, analyzer_, index_, translator, unavailable);
  // 2. the allowed documents: match tree ∩ filters − dead (nullopt: no constraint).
  const std::optional<DocSet> allowed = allowed_documents(plan, index_);
  // 3–4. retrieve, then fuse (hybrid) or fill unscored matches by date (lexical).
  const std::size_t depth = request.mode == RetrievalMode::Hybrid ? std::max(plan.wanted, request.hybrid.depth) : plan.wanted;
  Retrieved result = retrieve_lexical(plan, allowed, index_, depth);
  switch (request.mode) {
    case RetrievalMode::Lexical:
      if (needs_date_fill(plan, result)) fill_by_date(plan, allowed, index_, result);
      break;
    case RetrievalMode::Dense:
      result = retrieve_dense(plan, allowed, dense(), plan.wanted);
      break;
    case RetrievalMode::Hybrid:
      result = fuse_hybrid(plan, std::move(result), retrieve_dense(plan, allowed, dense(), depth));
      break;
  }
  // 5. hydrate the page: each article decoded once.
  SearchResponse response;
  response.hits = hydrate(plan, result.ranked, index_, analyzer_);
  response.total = result.total;
  response.total_is_exact = result.total_is_exact;
  response.understood = plan.understood;
  response.translation = plan.translation;
  response.highlight_terms = plan.compiled.highlight_terms;
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

const query::ChineseQueryTranslator* Searcher::chinese(std::string& unavailable) const {
  switch (options_.chinese) {
    case SearcherOptions::Chinese::Off:
      unavailable = "Chinese translation is off";
      return nullptr;
    case SearcherOptions::Chinese::Given:
      if (!options_.translator) unavailable = "no translator given";
      return options_.translator.get();
    case SearcherOptions::Chinese::Load:
      break;
  }
  std::call_once(chinese_once_, [this] {
    try {
      chinese_ = std::make_shared<const query::ChineseQueryTranslator>(query::ChineseDictionaries::load());
    } catch (const std::exception& e) {
      chinese_unavailable_ = e.what();
    }
  });
  unavailable = chinese_unavailable_;
  return chinese_.get();
}

const DenseIndex& Searcher::dense() const {
  std::call_once(dense_once_, [this] {
    try {
      dense_ = std::make_unique<DenseIndex>(index_, options_.dense_threads);
    } catch (...) {
      dense_error_ = std::current_exception();
    }
  });
  if (dense_error_) std::rethrow_exception(dense_error_);
  return *dense_;
}

std::vector<std::string> Searcher::warm_up() const {
  std::vector<std::string> parts;
  const auto ms_since = [](std::chrono::steady_clock::time_point t) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count()) + " ms";
  };
  auto start = std::chrono::steady_clock::now();
  std::string unavailable;
  if (const query::ChineseQueryTranslator* translator = chinese(unavailable)) {
    (void)translator->translate("糖尿病");
    parts.push_back("Chinese dictionaries " + ms_since(start));
  } else {
    parts.push_back("Chinese dictionaries unavailable (" + unavailable + ")");
  }
  if (std::filesystem::exists(index_.dir() + "/" + kDenseStateName)) {
    start = std::chrono::steady_clock::now();
    try {
      const std::vector<float> vector = dense().embed_query("warm up");
      (void)dense().search(vector.data(), 1, nullptr);
      parts.push_back("dense model " + dense().state().model.id + " " + ms_since(start));
    } catch (const std::exception& e) {
      parts.push_back(std::string("dense model unavailable (") + e.what() + ")");
    }
  }
  return parts;
}

}  // namespace medsearch::engine
