// LambdaMART (Burges, "From RankNet to LambdaRank to LambdaMART: An Overview", Microsoft
// Research TR-2010-82): gradient-boosted regression trees trained on lambda gradients that
// optimise nDCG over each query's candidate list. Trained and evaluated by XGBoost
// (objective rank:ndcg; Debian's libxgboost-dev), whose header appears in lambdamart.cpp only.
//
// Rows are candidates, columns features (row-major floats); a group is one query's
// consecutive rows. The model is opaque bytes (XGBoost's JSON model) for the engine to store.
// predict() is thread-safe (calls are serialised on the booster: XGBoost 1.7 does not
// promise concurrent prediction on one booster).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::rerank {

struct TrainingSet {
  std::size_t columns = 0;
  std::vector<float> features;          // rows × columns
  std::vector<float> labels;            // one graded relevance per row (0 = not relevant)
  std::vector<std::uint32_t> groups;    // rows per query, in row order; sums to the row count
};

struct TrainParams {
  // Rounds, learning rate and depth: chosen on a split of nfcorpus-train (bench/ranker_holdout.sh,
  // docs/ranking.md): small models generalised best; 300 × depth 6 × 0.05 fitted the training queries.
  int rounds = 50;            // boosting rounds (trees)
  double learning_rate = 0.1;
  int max_depth = 2;
  double min_child_weight = 1;
  double subsample = 0.8;
  double colsample = 0.8;
  int ndcg_at = 10;           // the cut-off the lambdas optimise (eval_metric ndcg@K)
  unsigned seed = 42;
  int threads = 1;
};

class LambdaMart {
 public:
  // Throws Error(InvalidArgument) for an inconsistent training set.
  static LambdaMart train(const TrainingSet& data, const TrainParams& params);
  // Throws Error(Corrupt) when `bytes` is not an XGBoost model.
  static LambdaMart load(std::string_view bytes, std::size_t columns);
  LambdaMart(LambdaMart&&) noexcept;
  LambdaMart& operator=(LambdaMart&&) noexcept;
  ~LambdaMart();

  std::size_t columns() const { return columns_; }
  // Scores of `rows` rows (row-major, columns() each): larger ranks first.
  std::vector<float> predict(const float* rows, std::size_t row_count) const;
  std::string save() const;  // XGBoost JSON model

 private:
  LambdaMart(void* booster, std::size_t columns);
  void* booster_ = nullptr;  // BoosterHandle
  std::size_t columns_ = 0;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
};

}  // namespace medsearch::rerank
