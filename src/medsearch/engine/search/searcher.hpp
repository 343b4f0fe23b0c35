// engine::Searcher: the one search API the apps use (CLI, HTTP server, eval and tune).
// search() runs the pipeline of docs ARCHITECTURE.md "The query flow":
//   compile_plan → allowed_documents → retrieve_lexical / retrieve_dense → fuse_hybrid or
//   fill_by_date → hydrate → SearchResponse (engine::to_json writes it for every app).
// It owns what searching an index needs beyond the IndexReader: the index's default
// ranking (ranking.json, read at construction), the dense side (opened on first use or by
// warm_up) and the Chinese translator. Immutable after construction apart from those
// load-once parts; search() is const and thread-safe, so one Searcher serves every thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "medsearch/core/helper_threads.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/facet_term_cache.hpp"
#include "medsearch/engine/search/judgment_transfer.hpp"
#include "medsearch/engine/search/ranker_model.hpp"
#include "medsearch/engine/search/rerank_features.hpp"
#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/engine/search/search_plan.hpp"
#include "medsearch/engine/search/search_request.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/ranking.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine {

// A query's first-stage candidates (best first, at most the depth asked) and their
// re-ranking features (candidates × kRerankFeatureCount, row-major): what training reads.
struct RerankCandidates {
  RankedList ranked;
  std::vector<float> features;
};

struct SearcherOptions {
  // Chinese query understanding: Load reads the installed dictionaries (CC-CEDICT, jieba,
  // OpenCC; docs/chinese.md) on the first query with CJK characters, or in warm_up();
  // Given uses `translator` (null: CJK text is searched as typed); Off never translates.
  enum class Chinese : std::uint8_t { Load, Given, Off };
  Chinese chinese = Chinese::Load;
  std::shared_ptr<const query::ChineseQueryTranslator> translator;
  unsigned dense_threads = 1;  // encoder threads for query vectors
  // Threads that take part of a request beside its own thread (core/helper_threads.hpp;
  // decision 0032): its facet count, and half of the segments of a ranked lexical search on
  // an index of 100k documents or more. 0: the request's thread does all of it. Started on
  // the first request that offers them work.
  unsigned helper_threads = HelperThreads::default_count();
  // The facet counts of long posting lists kept between requests (facet_term_cache.hpp;
  // decision 0036); max_bytes 0: none.
  FacetTermCache::Options facet_cache;
};

class Searcher {
 public:
  // Throws Error(Corrupt) naming ranking.json when the index has one that is not valid.
  explicit Searcher(const IndexReader& index, SearcherOptions options = {});
  ~Searcher();

  // Throws Error(InvalidArgument) for a malformed query (with its position) or a bad
  // parameter (named), Error(Unavailable) for dense modes without `medsearch embed`,
  // Error(DeadlineExceeded) when it runs past request.budget_ms (its loops stop then).
  SearchResponse search(const SearchRequest& request) const;

  // Loads now what the first query would otherwise load: the Chinese dictionaries and, when
  // the index has one, the dense model, FAISS index and vectors, then embeds one query so
  // the encoder's first-call costs are paid too. One line per part with its time
  // ("Chinese dictionaries 812 ms"), or the reason it is unavailable; never throws (a part
  // that failed to load fails again at query time). Then fills the facet cache with the
  // longest lists' counts (FacetTermCache::warm, within its warm_bytes and warm_ms).
  std::vector<std::string> warm_up() const;

  // The ranking a request without its own gets: the index's ranking.json, else the
  // built-in defaults. Request parsers start from it, so a request that sets only k1 keeps
  // the rest.
  const lexical::RankingParams& default_ranking() const { return defaults_.ranking; }
  // The PRF a request gets for what it does not set: ranking.json's "prf", else off.
  const PrfParams& default_prf() const { return defaults_.prf; }
  const lexical::DocumentAnalyzer& analyzer() const { return analyzer_; }
  const IndexReader& index() const { return index_; }
  // The dense side, opened on first use and then shared by every thread; a failure to open
  // it is thrown again by every call (Error(Unavailable) when the index has no dense.json).
  const DenseIndex& dense() const;
  bool has_dense() const;  // the index has dense.json
  // The learned re-ranker (ranker.bin), read at construction; null when the index has none.
  const RankerModel* ranker() const { return ranker_.get(); }
  // Judgment transfer's judged queries (judged-queries.bin), read at construction; null
  // when the index has none.
  const JudgmentTransfer* judgment_transfer() const { return transfer_.get(); }
  // The transfer a request gets for what it does not set: ranking.json's "transfer", else
  // TransferParams{}.
  const TransferParams& default_transfer() const { return defaults_.transfer; }

  // The first stage of `request` (no re-ranking, no page: its best `depth` candidates)
  // with the features the re-ranker reads, computed by the same code search() uses.
  // Chinese queries are not translated here (training data is English).
  RerankCandidates candidates(const SearchRequest& request, std::size_t depth) const;
  // The Chinese translator search() uses (loaded on first use), or null with the reason in
  // `unavailable`: for spelling suggestions from the same dictionaries.
  const query::ChineseQueryTranslator* chinese_translator(std::string& unavailable) const { return chinese(unavailable); }

  // The facet counts of long posting lists kept so far (its entries() and bytes()).
  const FacetTermCache& facet_cache() const { return facet_cache_; }

 private:
  bool reranks(const SearchRequest& request) const;
  bool transfers(const SearchPlan& plan) const;
  // Step 4b: the judged documents of the query's judged neighbours fused into `result`.
  void transfer_judgments(const SearchPlan& plan, const std::optional<DocSet>& allowed, Retrieved& result) const;
  // Steps 3–4: retrieval and fusion, at least `pool` documents when that many match.
  Retrieved first_stage(const SearchPlan& plan, const std::optional<DocSet>& allowed, std::size_t pool,
                        DenseContext& dense_context) const;
  void rerank_candidates(const SearchPlan& plan, DenseContext& dense_context, std::size_t depth, RankedList& ranked) const;
  // The translator for CJK queries (null: none; `unavailable` says why).
  const query::ChineseQueryTranslator* chinese(std::string& unavailable) const;

  const IndexReader& index_;
  SearcherOptions options_;
  RankingDefaults defaults_;
  std::unique_ptr<const RankerModel> ranker_;
  lexical::DocumentAnalyzer analyzer_;
  std::unique_ptr<const JudgmentTransfer> transfer_;
  mutable std::once_flag chinese_once_;
  mutable std::shared_ptr<const query::ChineseQueryTranslator> chinese_;
  mutable std::string chinese_unavailable_;
  mutable std::once_flag dense_once_;
  mutable std::unique_ptr<DenseIndex> dense_;
  mutable std::exception_ptr dense_error_;
  mutable FacetTermCache facet_cache_;
  std::unique_ptr<HelperThreads> helpers_;  // last: its threads stop before the rest goes
};

}  // namespace medsearch::engine
