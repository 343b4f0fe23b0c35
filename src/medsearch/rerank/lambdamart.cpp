#include "medsearch/rerank/lambdamart.hpp"

#include <xgboost/c_api.h>

#include <limits>
#include <numeric>
#include <utility>

#include "medsearch/core/error.hpp"

namespace medsearch::rerank {
namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw Error(ErrorCode::Unavailable, std::string("xgboost: ") + what + ": " + XGBGetLastError());
}

// A DMatrix freed on scope exit.
struct Matrix {
  DMatrixHandle handle = nullptr;
  Matrix(const float* rows, std::size_t row_count, std::size_t columns) {
    // NaN marks a missing value; every feature here is present, so no sentinel collides.
    check(XGDMatrixCreateFromMat(rows, row_count, columns, std::numeric_limits<float>::quiet_NaN(), &handle), "matrix");
  }
  ~Matrix() { XGDMatrixFree(handle); }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
};

}  // namespace

LambdaMart::LambdaMart(void* booster, std::size_t columns) : booster_(booster), columns_(columns) {}
LambdaMart::LambdaMart(LambdaMart&& other) noexcept
    : booster_(std::exchange(other.booster_, nullptr)), columns_(other.columns_), mutex_(std::move(other.mutex_)) {}
LambdaMart& LambdaMart::operator=(LambdaMart&& other) noexcept {
  if (this != &other) {
    if (booster_ != nullptr) XGBoosterFree(booster_);
    booster_ = std::exchange(other.booster_, nullptr);
    columns_ = other.columns_;
    mutex_ = std::move(other.mutex_);
  }
  return *this;
}
LambdaMart::~LambdaMart() {
  if (booster_ != nullptr) XGBoosterFree(booster_);
}

LambdaMart LambdaMart::train(const TrainingSet& data, const TrainParams& p) {
  const std::size_t rows = data.labels.size();
  if (data.columns == 0 || data.features.size() != rows * data.columns ||
      std::accumulate(data.groups.begin(), data.groups.end(), std::size_t{0}) != rows || rows == 0) {
    throw Error(ErrorCode::InvalidArgument, "training set: features, labels and query groups disagree (or are empty)");
  }
  Matrix train(data.features.data(), rows, data.columns);
  check(XGDMatrixSetFloatInfo(train.handle, "label", data.labels.data(), rows), "labels");
  check(XGDMatrixSetUIntInfo(train.handle, "group", data.groups.data(), data.groups.size()), "groups");
  BoosterHandle booster = nullptr;
  check(XGBoosterCreate(&train.handle, 1, &booster), "create");
  LambdaMart model(booster, data.columns);
  const auto set = [&](const char* name, const std::string& value) { check(XGBoosterSetParam(booster, name, value.c_str()), name); };
  set("objective", "rank:ndcg");
  set("eval_metric", "ndcg@" + std::to_string(p.ndcg_at));
  set("eta", std::to_string(p.learning_rate));
  set("max_depth", std::to_string(p.max_depth));
  set("min_child_weight", std::to_string(p.min_child_weight));
  set("subsample", std::to_string(p.subsample));
  set("colsample_bytree", std::to_string(p.colsample));
  set("seed", std::to_string(p.seed));
  set("nthread", std::to_string(p.threads));
  set("tree_method", "hist");
  set("verbosity", "0");
  for (int round = 0; round < p.rounds; ++round) check(XGBoosterUpdateOneIter(booster, round, train.handle), "train");
  return model;
}

LambdaMart LambdaMart::load(std::string_view bytes, std::size_t columns) {
  BoosterHandle booster = nullptr;
  check(XGBoosterCreate(nullptr, 0, &booster), "create");
  LambdaMart model(booster, columns);
  if (XGBoosterLoadModelFromBuffer(booster, bytes.data(), bytes.size()) != 0) {
    throw Error(ErrorCode::Corrupt, std::string("not an XGBoost model: ") + XGBGetLastError());
  }
  check(XGBoosterSetParam(booster, "nthread", "1"), "nthread");
  return model;
}

std::vector<float> LambdaMart::predict(const float* rows, std::size_t row_count) const {
  if (row_count == 0) return {};
  const Matrix m(rows, row_count, columns_);
  const std::lock_guard lock(*mutex_);
  bst_ulong length = 0;
  const float* scores = nullptr;
  check(XGBoosterPredict(booster_, m.handle, 0, 0, 0, &length, &scores), "predict");
  return std::vector<float>(scores, scores + length);
}

std::string LambdaMart::save() const {
  const std::lock_guard lock(*mutex_);
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check(XGBoosterSaveModelToBuffer(booster_, R"({"format": "json"})", &length, &bytes), "save");
  return std::string(bytes, length);
}

}  // namespace medsearch::rerank
