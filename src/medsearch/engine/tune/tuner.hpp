// Ranking parameter search against judged queries (`medsearch tune`): evaluates every
// setting of a grid, picks the best on all queries, and estimates how well picking
// generalises with k-fold cross-validation — each fold scored with the setting chosen on
// the other folds — so the reported number is not a fit to the queries it is tested on.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/eval/metrics.hpp"
#include "medsearch/eval/qrels.hpp"

namespace medsearch::engine {

struct TuneQuery {
  std::string id;
  std::string text;
};

// One point of a pipeline grid: what it sets on a request (mode, fusion, PRF, re-ranking,
// ranking) and how it is shown ("hybrid alpha=0.4 depth=100 prf=10/10/0.5 rerank=off").
struct TuneSetting {
  std::string label;
  SearchRequest request;  // query, limit and syntax are the tuner's
};

struct TuneOptions {
  std::size_t folds = 5;
  std::size_t depth = 1000;  // results retrieved per query
  eval::Metric metric{eval::MetricKind::Ndcg, 10};
  QuerySyntax syntax = QuerySyntax::Plain;
  std::vector<lexical::RankingParams> grid;  // empty: default_grid()
  // Non-empty: these request settings are tuned instead of `grid` (pipeline_grid()).
  std::vector<TuneSetting> pipeline;
  unsigned seed = 42;                        // fold assignment
};

struct TuneResult {
  std::vector<lexical::RankingParams> settings;  // the lexical grid (empty for a pipeline grid)
  std::vector<std::string> labels;               // every setting, shown
  std::vector<double> scores;  // mean metric of each setting on all queries
  std::size_t best = 0;        // index of the best setting on all queries
  double default_score = 0;    // a default request (lexical::RankingParams{}; the index's re-ranker as it is) on all queries
  double cv_score = 0;         // mean held-out metric (each fold tuned on the others)
  std::vector<std::size_t> fold_choice;  // setting chosen for each fold
  std::vector<double> fold_scores;       // held-out mean of each fold
  std::size_t queries = 0;
};

// k1 × b × title weight for BM25, title weight for TF-IDF (78 settings).
std::vector<lexical::RankingParams> default_grid();

// The first stage and what follows it: lexical BM25F, or hybrid with fusion α ∈ {0.3, 0.4,
// 0.5} × depth ∈ {100, 300}; each × PRF off or RM3 with docs ∈ {5, 10} × words ∈ {10, 20} ×
// λ ∈ {0.5, 0.7}; each × re-ranking on and off when `with_ranker`. Hybrid settings only
// `with_dense`. 126 settings with both.
std::vector<TuneSetting> pipeline_grid(bool with_dense, bool with_ranker);

using TuneProgress = std::function<void(std::size_t done, std::size_t total)>;

// Throws Error(InvalidArgument) when no query has judgments or folds < 2.
TuneResult tune(const Searcher& searcher, const std::vector<TuneQuery>& queries, const eval::Qrels& qrels,
                const TuneOptions& options, const TuneProgress& progress = nullptr);

}  // namespace medsearch::engine
