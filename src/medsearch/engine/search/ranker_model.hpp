// An index's learned re-ranker: DIR/ranker.bin, written by `medsearch train-ranker` and read
// by the Searcher (so by search and serve) when present (docs/formats.md "ranker.bin").
// Payload: u32 length + JSON metadata (format, feature names in column order, how it was
// trained), then the XGBoost model (JSON). Footer: magic "SMCHRNK1", version 1. Replaced
// atomically (tmp, fsync, rename), so a reader sees the old or the new model, never half.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "medsearch/rerank/lambdamart.hpp"

namespace medsearch::engine {

inline constexpr const char* kRankerFileName = "ranker.bin";

struct RankerModel {
  nlohmann::json meta;  // {"features": [...], "trained": {...}}
  rerank::LambdaMart model;
};

// nullopt when the index has no ranker.bin. Throws Error(Corrupt) for a damaged file and
// Error(VersionMismatch) when its features are not this build's (kRerankFeatures): the
// message says to run `medsearch train-ranker` again.
std::optional<RankerModel> load_ranker(const std::string& index_dir);
void save_ranker(const std::string& index_dir, const nlohmann::json& trained, const rerank::LambdaMart& model);

}  // namespace medsearch::engine
