// The features of a first-stage candidate for the learned re-ranker, computed in this one
// place for training (`medsearch train-ranker`) and for serving (Searcher::search with
// rerank=on), so the two cannot drift apart (docs/ranking.md "Learned re-ranking").
//
// Per candidate, in this column order (kRerankFeatures names them):
//   first-stage score and log2(1 + rank); full BM25F; BM25F of each field alone (title,
//   abstract, keywords, MeSH); TF-IDF; the dense inner product (0 without a dense side);
//   BM25F and dense score over the best candidate's (query-relative); query-term coverage
//   (share of the query's distinct terms present) and its idf-weighted form; proximity
//   (terms in the smallest window holding them / the window's span, and terms in it /
//   query terms); log(1 + length) of title and abstract; year; publication type Review,
//   Randomized Controlled Trial, Meta-Analysis; the query's term count and mean idf.
// Statistics (N, df, average lengths) are those of ranking: live documents only.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "medsearch/core/scored_doc.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_plan.hpp"

namespace medsearch::engine {

inline constexpr std::string_view kRerankFeatures[] = {
    "first_stage_score", "first_stage_log_rank", "bm25", "bm25_title", "bm25_abstract", "bm25_keywords", "bm25_mesh",
    "tfidf", "dense", "bm25_over_best", "dense_over_best", "coverage", "idf_coverage", "proximity",
    "window_terms_share", "log_title_length", "log_abstract_length", "year", "pt_review", "pt_rct", "pt_meta_analysis",
    "query_terms", "query_mean_idf"};
inline constexpr std::size_t kRerankFeatureCount = std::size(kRerankFeatures);

// Groups of feature columns, for the ablation (`train-ranker --drop-features GROUP,...`,
// bench/ranker_ablation.sh): a dropped group's columns are 0 in the training data, so no
// tree splits on them and serving ignores their values.
struct RerankFeatureGroup {
  std::string_view name;
  std::vector<std::size_t> columns;
};
inline const std::vector<RerankFeatureGroup>& rerank_feature_groups() {
  static const std::vector<RerankFeatureGroup> groups = {
      {"first_stage", {0, 1}}, {"bm25", {2, 3, 4, 5, 6, 9}}, {"tfidf", {7}},     {"dense", {8, 10}},
      {"coverage", {11, 12}},  {"proximity", {13, 14}},     {"length", {15, 16}}, {"metadata", {17, 18, 19, 20}},
      {"query", {21, 22}}};
  return groups;
}

// What the features read besides the index: the dense side and the query's vector when
// the index has one (null/empty: the dense columns are 0).
struct DenseContext {
  const DenseIndex* index = nullptr;
  std::vector<float> query;
};

// Features of `candidates` (the first stage's list, best first), row-major,
// candidates.size() × kRerankFeatureCount.
std::vector<float> rerank_features(const SearchPlan& plan, const IndexReader& index, const DenseContext& dense,
                                   const RankedList& candidates);

}  // namespace medsearch::engine
