// Training the learned re-ranker (`medsearch train-ranker`; docs/ranking.md "Learned
// re-ranking"): every judged query is run through the Searcher's first stage
// (Searcher::candidates — the code search() runs before re-ranking, and the same feature
// function), each candidate labelled with its grade (0 when unjudged), and LambdaMART
// trained on the lists (rerank::LambdaMart, XGBoost rank:ndcg). Queries whose candidates
// hold no relevant document carry no ranking signal and are left out.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/engine/tune/tuner.hpp"
#include "medsearch/eval/qrels.hpp"
#include "medsearch/rerank/lambdamart.hpp"

namespace medsearch::engine {

struct RankerTrainingOptions {
  std::size_t depth = 100;  // candidates per query (use the serving rerank depth)
  SearchRequest first_stage;  // mode, syntax, ranking, fusion of the first stage (query and page ignored)
  rerank::TrainParams params;
  // Feature groups (rerank_feature_groups() names) zeroed in the training data: the ablation.
  std::vector<std::string> dropped_groups;
};

struct RankerTrainingSet {
  rerank::TrainingSet data;
  std::size_t queries = 0;       // queries given
  std::size_t used_queries = 0;  // with a relevant document among their candidates
};

using TrainingProgress = std::function<void(std::size_t done, std::size_t total)>;

RankerTrainingSet collect_training_set(const Searcher& searcher, const std::vector<TuneQuery>& queries,
                                       const eval::Qrels& qrels, const RankerTrainingOptions& options,
                                       const TrainingProgress& progress = nullptr);

// What a ranker.bin records about its training (the "trained" object of its metadata).
nlohmann::json training_description(const RankerTrainingOptions& options, const RankerTrainingSet& set);

}  // namespace medsearch::engine
