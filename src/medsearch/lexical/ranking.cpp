#include "medsearch/lexical/ranking.hpp"

#include <cmath>
#include <cstdint>

#include "medsearch/core/error.hpp"

namespace medsearch::lexical {
namespace {

// The reference tf~ is the default parameters' (reference_norm.hpp), so that a search with
// them scales the stored maxima by about 1.
constexpr bool reference_is_default() {
  const RankingParams defaults{};
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    if (defaults.weight[f] != ReferenceNorm::kWeight[f] || defaults.b[f] != ReferenceNorm::kB) return false;
  }
  return true;
}
static_assert(reference_is_default());

// Relative slack added to bounds so float rounding can never make a score exceed its
// bound (bounds and scores sum in different orders).
constexpr double kBoundSlack = 1e-5;

}  // namespace

void RankingParams::validate() const {
  auto fail = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
  if (!(k1 > 0 && k1 <= 100)) fail("k1 must be in (0, 100], got " + std::to_string(k1));
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    const std::string name = text_field_name(static_cast<TextField>(f));
    if (!(b[f] >= 0 && b[f] <= 1)) fail("b for " + name + " must be in [0, 1], got " + std::to_string(b[f]));
    if (!(weight[f] >= 0 && weight[f] <= 100)) {
      fail("weight for " + name + " must be in [0, 100], got " + std::to_string(weight[f]));
    }
  }
}

TermScorer::TermScorer(const RankingParams& params, const CollectionStats& stats, std::uint64_t doc_freq,
                       std::uint8_t field_scope, float boost)
    : params_(params), scope_(field_scope), boost_(boost) {
  const double n = std::max(stats.doc_count, 1.0);
  const double df = static_cast<double>(doc_freq);
  if (params.model == RankingModel::Bm25) {
    idf_ = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      const double avg = stats.avg_length[f] > 0 ? stats.avg_length[f] : 1.0;
      norm_base_[f] = 1.0 - params.b[f];
      norm_per_length_[f] = params.b[f] / avg;
    }
  } else {
    const double idf = 1.0 + std::log(n / (df + 1.0));
    idf_ = idf * idf;
  }
}

float TermScorer::combine(std::size_t field, double tf, double length) const {
  if (tf <= 0 || (scope_ >> field & 1) == 0) return 0;
  const double w = params_.weight[field];
  if (params_.model == RankingModel::Bm25) {
    return static_cast<float>(w * tf / norm(field, length));
  }
  return static_cast<float>(w * std::sqrt(tf) / std::sqrt(std::max(length, 1.0)));
}

float TermScorer::finish(double tf_tilde) const {
  if (tf_tilde <= 0) return 0;
  if (params_.model == RankingModel::Bm25) return static_cast<float>(boost_ * idf_ * tf_tilde / (params_.k1 + tf_tilde));
  return static_cast<float>(boost_ * idf_ * tf_tilde);
}

float TermScorer::score(const std::array<std::uint32_t, kTextFieldCount>& tf,
                        const std::array<std::uint32_t, kTextFieldCount>& lengths) const {
  if (params_.model == RankingModel::Bm25) {
    // tf~ = sum of w * tf / norm over the fields, kept as one fraction num / den, so that
    // the score costs one division in all (combine + finish take one per field and one more).
    double num = 0, den = 1;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if (tf[f] == 0 || (scope_ >> f & 1) == 0) continue;
      const double n = norm(f, lengths[f]);
      num = num * n + params_.weight[f] * tf[f] * den;
      den *= n;
    }
    if (num <= 0) return 0;
    return static_cast<float>(boost_ * idf_ * num / (params_.k1 * den + num));
  }
  double tf_tilde = 0;
  for (std::size_t f = 0; f < kTextFieldCount; ++f) tf_tilde += combine(f, tf[f], lengths[f]);
  return finish(tf_tilde);
}

double TermScorer::reference_factor(const ReferenceNorm& reference) const {
  if (params_.model != RankingModel::Bm25) return kNoReferenceTf;
  double factor = 0;
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    if ((scope_ >> f & 1) == 0 || params_.weight[f] <= 0) continue;
    const double shortest = norm(f, 0) > 0 ? 0 : 1;
    const double ratio =
        std::max(reference.norm(f, shortest) / norm(f, shortest), reference.norm(f, 65535) / norm(f, 65535));
    factor = std::max(factor, params_.weight[f] / ReferenceNorm::kWeight[f] * ratio);
  }
  return factor;
}

float TermScorer::block_bound(const BlockSkip& skip, double reference_factor) const {
  // tf~ grows with tf and shrinks with length in every field, so the block's largest tf
  // and smallest length per field bound every document of the block.
  // A stored max_tf of kMaxTfCap means "at least that": the block may hold any tf a
  // posting can (2^32 - 1), which still gives a finite bound (BM25 saturates towards idf;
  // TF-IDF's sqrt grows to 65536 times its value at tf 1). Scoring keeps the real tf.
  double tf_tilde = 0;
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    const double max_tf = skip.max_tf[f] >= kMaxTfCap ? static_cast<double>(UINT32_MAX) : skip.max_tf[f];
    tf_tilde += combine(f, max_tf, skip.min_length[f]);
  }
  // The exact block maximum scaled to these parameters (ranking.hpp, reference_factor).
  if (std::isfinite(reference_factor) && std::isfinite(skip.max_reference_tf)) {
    tf_tilde = std::min(tf_tilde, static_cast<double>(skip.max_reference_tf) * reference_factor);
  }
  return static_cast<float>(finish(tf_tilde) * (1.0 + kBoundSlack));
}

}  // namespace medsearch::lexical
