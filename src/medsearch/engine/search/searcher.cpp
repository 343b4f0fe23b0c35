#include "medsearch/engine/search/searcher.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <numeric>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/search/hybrid_fusion.hpp"
#include "medsearch/engine/search/hydrate.hpp"
#include "medsearch/engine/search/judged_queries.hpp"
#include "medsearch/engine/search/prf.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "medsearch/engine/search/rerank_features.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/search_plan.hpp"

namespace medsearch::engine {

Searcher::Searcher(const IndexReader& index, SearcherOptions options)
    : index_(index),
      options_(std::move(options)),
      defaults_{load_ranking_config(index.dir()), load_prf_config(index.dir()), load_transfer_config(index.dir())},
      facet_cache_(options_.facet_cache),
      helpers_(std::make_unique<HelperThreads>(options_.helper_threads)) {
  if (auto model = load_ranker(index.dir())) ranker_ = std::make_unique<const RankerModel>(std::move(*model));
  if (auto judged = load_judged_queries(index.dir())) {
    transfer_ = std::make_unique<const JudgmentTransfer>(*judged, analyzer_.prose(), index_);
  }
}

Searcher::~Searcher() = default;

// The walk of one request (ARCHITECTURE.md "The query flow").
SearchResponse Searcher::search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  const Deadline deadline = Deadline::after_ms(request.budget_ms);
  std::string unavailable;
  const bool cjk = request.chinese && query::contains_cjk(request.query);
  const query::ChineseQueryTranslator* translator = cjk ? chinese(unavailable) : nullptr;
  // 1. compile: limits, translation, parsing, ranking terms, match tree, filters.
  const SearchPlan compiled = compile_plan(request, defaults_, analyzer_, index_, translator, unavailable, deadline);
  // 2. the allowed documents: match tree ∩ filters − dead (nullopt: no constraint).
  const std::optional<DocSet> allowed = allowed_documents(compiled, index_, helpers_.get());
  // 2b. pseudo-relevance feedback (prf=on): the ranking terms expanded by RM3.
  const std::optional<SearchPlan> expanded = expand_plan(compiled, allowed, index_, analyzer_);
  const SearchPlan& plan = expanded ? *expanded : compiled;
  // 2c. facet counts over every match (not only the page), when asked for: one task per
  // segment, offered to the helper threads, which count them while this one ranks
  // (decision 0032; joined at 5b, where this thread counts every task no helper has
  // started). The tallies and the tasks' references outlive the tasks: the tasks are
  // declared after them, so an exception below cancels or waits for each before they go.
  std::vector<FacetTally> tallies;
  std::vector<OfferedTask> facet_tasks;
  if (request.facets) {
    const std::size_t segments = index_.segment_count();
    tallies.resize(segments);
    facet_tasks.reserve(segments);
    // Largest first: a helper takes tasks from the front, this thread from the back.
    std::vector<std::size_t> order(segments);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
      return index_.segment_columns(a).size() > index_.segment_columns(b).size();
    });
    for (const std::size_t s : order) {
      facet_tasks.push_back(helpers_->offer([&, s] { tallies[s] = segment_facets(plan, allowed, index_, s, &facet_cache_); }));
    }
  }
  // 3–4. retrieve, then fuse (hybrid) or fill unscored matches by date (lexical).
  const bool rerank = reranks(request);
  const bool transfer = transfers(plan);
  std::size_t pool = rerank ? std::max(plan.wanted, request.rerank.depth) : plan.wanted;
  if (transfer) pool = std::max(pool, kTransferDepth);
  DenseContext dense_context;
  Retrieved result = first_stage(plan, allowed, pool, dense_context);
  // 4a. the learned re-ranker over the first stage's best rerank.depth candidates.
  if (rerank) rerank_candidates(plan, dense_context, request.rerank.depth, result.ranked);
  // 4b. judgment transfer: documents judged relevant to similar judged queries. After the
  // re-ranker, whose features know nothing of it (before it, on nfcorpus-dev the re-ranker
  // undid most of the gain: decision 0040).
  if (transfer) transfer_judgments(plan, allowed, result);
  deadline.check();
  // 5. hydrate the page: each article decoded once.
  SearchResponse response;
  response.hits = hydrate(plan, result.ranked, index_, analyzer_);
  response.total = result.total;
  response.total_is_exact = result.total_is_exact;
  response.understood = plan.understood;
  response.translation = plan.translation;
  if (response.translation && dense_context.index != nullptr) {
    response.translation->dense_as_typed = embeds_typed_text(plan, *dense_context.index);
  }
  response.highlight_terms = plan.compiled.highlight_terms;
  // 5b. the facet counts of 2c, joined from the last offered (the ones a helper is least
  // likely to have started) to the first.
  if (request.facets) {
    for (auto task = facet_tasks.rbegin(); task != facet_tasks.rend(); ++task) task->join();
    FacetTally all;
    for (const FacetTally& tally : tallies) all.merge(tally);
    response.facets = all.result(request.facet_top);
  }
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

bool Searcher::reranks(const SearchRequest& request) const {
  if (request.sort != SortOrder::Relevance) return false;
  if (request.rerank.on == true && !ranker_) {
    throw Error(ErrorCode::Unavailable, index_.dir() + " has no re-ranking model (ranker.bin); run `medsearch train-ranker`");
  }
  return ranker_ && request.rerank.on.value_or(true);
}

bool Searcher::transfers(const SearchPlan& plan) const {
  return transfer_ && transfer_->size() > 0 && plan.request.sort == SortOrder::Relevance && plan.transfer.weight > 0;
}

void Searcher::transfer_judgments(const SearchPlan& plan, const std::optional<DocSet>& allowed,
                                  Retrieved& result) const {
  // The words the dense side reads (no tags or operators; a Chinese query's translation),
  // analysed as the judged queries were.
  const RankedList judged = transfer_->scores(analyzer_.prose().terms(plan.dense_text), plan.transfer.neighbours);
  const auto accepts = [&](DocId doc) { return index_.is_live(doc) && (!allowed || allowed->contains(doc)); };
  const std::size_t joined = fuse_transfer(result.ranked, judged, plan.transfer.weight, accepts);
  // A joined document of ranked free text may hold none of its words: the count of those
  // that do is then a lower bound. (A match tree's count stays exact: `allowed` holds it.)
  if (joined > 0 && plan.ranked_free_text) {
    result.total = std::max<std::uint64_t>(result.total, result.ranked.size());
    result.total_is_exact = false;
  }
}

Retrieved Searcher::first_stage(const SearchPlan& plan, const std::optional<DocSet>& allowed, std::size_t pool,
                                DenseContext& dense_context) const {
  const SearchRequest& request = plan.request;
  const std::size_t depth = request.mode == RetrievalMode::Hybrid ? std::max(pool, request.hybrid.depth) : pool;
  Retrieved result = retrieve_lexical(plan, allowed, index_, depth, helpers_.get());
  switch (request.mode) {
    case RetrievalMode::Lexical:
      if (needs_date_fill(plan, result)) fill_by_date(plan, allowed, index_, result, helpers_.get());
      break;
    case RetrievalMode::Dense:
      dense_context = {&dense(), query_vector(plan, dense())};
      result = retrieve_dense(plan, allowed, dense(), dense_context.query, pool);
      break;
    case RetrievalMode::Hybrid: {
      dense_context = {&dense(), query_vector(plan, dense())};
      const Retrieved dense_list = retrieve_dense(plan, allowed, dense(), dense_context.query, request.hybrid.depth);
      result = fuse_hybrid(plan, allowed, index_, dense(), dense_context.query, std::move(result), dense_list, pool);
      break;
    }
  }
  return result;
}

void Searcher::rerank_candidates(const SearchPlan& plan, DenseContext& dense_context, std::size_t depth,
                                 RankedList& ranked) const {
  const std::size_t n = std::min(depth, ranked.size());
  if (n < 2) return;
  if (dense_context.index == nullptr && has_dense()) dense_context = {&dense(), query_vector(plan, dense())};
  RankedList head(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<float> features = rerank_features(plan, index_, dense_context, head);
  const std::vector<float> scores = ranker_->model.predict(features.data(), n);
  for (std::size_t i = 0; i < n; ++i) head[i].score = scores[i];
  // Stable: equal model scores keep the first stage's order.
  std::stable_sort(head.begin(), head.end(), [](const ScoredDoc& a, const ScoredDoc& b) { return a.score > b.score; });
  // The rest keep their first-stage order below the head, with scores shifted under the
  // head's lowest, so that a consumer that orders by score (trec_eval) sees this order.
  const float floor = std::min_element(head.begin(), head.end(), [](const ScoredDoc& a, const ScoredDoc& b) { return a.score < b.score; })->score;
  const float tail_top = n < ranked.size() ? ranked[n].score : 0.0f;
  for (std::size_t i = n; i < ranked.size(); ++i) ranked[i].score = floor - 1.0f - (tail_top - ranked[i].score);
  std::copy(head.begin(), head.end(), ranked.begin());
}

RerankCandidates Searcher::candidates(const SearchRequest& request, std::size_t depth) const {
  const SearchPlan compiled =
      compile_plan(request, defaults_, analyzer_, index_, nullptr, "", Deadline::after_ms(request.budget_ms));
  const std::optional<DocSet> allowed = allowed_documents(compiled, index_, helpers_.get());
  const std::optional<SearchPlan> expanded = expand_plan(compiled, allowed, index_, analyzer_);
  const SearchPlan& plan = expanded ? *expanded : compiled;
  DenseContext dense_context;
  RerankCandidates out;
  out.ranked = first_stage(plan, allowed, std::max(plan.wanted, depth), dense_context).ranked;
  if (out.ranked.size() > depth) out.ranked.resize(depth);
  if (dense_context.index == nullptr && has_dense()) dense_context = {&dense(), query_vector(plan, dense())};
  out.features = rerank_features(plan, index_, dense_context, out.ranked);
  return out;
}

bool Searcher::has_dense() const { return std::filesystem::exists(index_.dir() + "/" + kDenseStateName); }

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
  if (options_.facet_cache.max_bytes > 0 && options_.facet_cache.warm_bytes > 0) {
    const FacetTermCache::WarmReport warmed = facet_cache_.warm(index_);
    parts.push_back("facet counts of " + std::to_string(warmed.lists) + " long posting lists (" +
                    std::to_string(warmed.bytes >> 20) + " MB" +
                    (warmed.stopped_at_limit ? ", stopped at its limit" : "") + ") " +
                    std::to_string(warmed.took.count()) + " ms");
  }
  return parts;
}

}  // namespace medsearch::engine
