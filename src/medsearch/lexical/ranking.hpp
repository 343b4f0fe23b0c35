// Ranking functions over the prose postings (docs/ranking.md).
//
// BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
// 2009, §3.6): per term, tf~ = Σ_f w_f · tf_f / (1 − b_f + b_f · len_f / avglen_f) and
//   score = idf · tf~ / (k1 + tf~),  idf = ln(1 + (N − df + 0.5) / (df + 0.5))
// (the always-positive idf of Lucene's BM25Similarity). Defaults k1 = 1.2, b = 0.75 are
// the framework's usual values; field weights are ours, tuned on nfcorpus-dev (docs/ranking.md).
//
// TF-IDF: Lucene's ClassicSimilarity practical scoring (vector-space cosine approximated
// with length norms): per term Σ_f w_f · sqrt(tf_f) / sqrt(len_f) · idf², idf = 1 + ln(N / (df + 1)).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/lexical/reference_norm.hpp"

namespace medsearch::lexical {

enum class RankingModel : std::uint8_t { Bm25, TfIdf };

struct RankingParams {
  RankingModel model = RankingModel::Bm25;
  float k1 = 1.2f;
  std::array<float, kTextFieldCount> b{0.75f, 0.75f, 0.75f, 0.75f};
  std::array<float, kTextFieldCount> weight{2.0f, 1.0f, 1.0f, 1.0f};  // title, abstract, keywords, mesh
  // Throws Error(InvalidArgument) naming the parameter when out of range.
  void validate() const;
};

// Collection-wide statistics of the live documents (lexical::collection_stats): N, and per
// field the average length over the documents that have the field (len_f > 0), as Lucene's
// BM25Similarity computes avgFieldLength (sumTotalTermFreq / docCount of the field). A
// field no document has gets average 0, which TermScorer treats as 1 (no tf can occur).
struct CollectionStats {
  double doc_count = 0;
  std::array<double, kTextFieldCount> avg_length{};
};

// Scores one query term's postings. `field_scope` is a mask of TextFields the term may
// match in ([ti] = title only); other fields contribute nothing.
class TermScorer {
 public:
  TermScorer(const RankingParams& params, const CollectionStats& stats, std::uint64_t doc_freq, std::uint8_t field_scope,
             float boost = 1.0f);
  // tf and lengths of one document.
  float score(const std::array<std::uint32_t, kTextFieldCount>& tf,
              const std::array<std::uint32_t, kTextFieldCount>& lengths) const;
  // An upper bound on score() for every document of a block: the smaller of the bound from
  // the block's per-field maxima (max_tf, min_length) and, when `reference_factor` is
  // finite, the bound from its exact reference maximum (max_reference_tf · factor).
  float block_bound(const BlockSkip& skip, double reference_factor = kNoReferenceTf) const;
  // The factor by which a posting's tf~ under these parameters can exceed its reference
  // tf~ in a segment whose reference normalisation is `reference` (reference_norm.hpp):
  // tf~ = Σ_f (W_f·tf_f/ref_f) · (w_f/W_f)·(ref_f/norm_f) with W the reference weights, so
  // the factor is the largest over the fields in scope of w_f/W_f times the largest
  // ref_f(len)/norm_f(len) (1 under the default parameters and averages). That ratio of two linear
  // functions of len is monotone, so its largest value over the lengths a posting can have
  // (0..65535; 1..65535 where norm_f(0) is 0, b = 1: a field with tf > 0 has a token) is at
  // an end. Infinite (no such bound) for TF-IDF, whose tf~ is not of this form.
  double reference_factor(const ReferenceNorm& reference) const;
  std::uint8_t scope() const { return scope_; }

  // The parts of the score: score() = finish(the sum over fields of combine(f, tf_f,
  // length_f)), up to rounding. Public for bounds built from per-field maxima (block_bound
  // and bench/block_bounds_bench.cpp); both are non-decreasing in tf and in tf~, and
  // combine is non-increasing in length.
  float combine(std::size_t field, double tf, double length) const;
  float finish(double tf_tilde) const;

 private:
  // BM25's length normalisation of `field`: 1 - b + b * length / avg.
  double norm(std::size_t field, double length) const { return norm_base_[field] + norm_per_length_[field] * length; }

  RankingParams params_;
  std::uint8_t scope_;
  double idf_ = 0;
  float boost_;
  // BM25's length normalisation per field, 1 - b + b * length / avg, as base + per_length *
  // length: one division less per field scored (the divisions are most of score()'s time).
  std::array<double, kTextFieldCount> norm_base_{}, norm_per_length_{};
};

}  // namespace medsearch::lexical
