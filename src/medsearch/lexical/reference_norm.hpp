// The reference normalisation behind the exact block maxima of the lexicon (version 2):
//
//   reference tf~ of a posting = Σ_f w_f · tf_f / (1 − b + b · len_f / avg_f),  b = 0.75,
//
// BM25F's tf~ with the default parameters (RankingParams: w = 2, 1, 1, 1 for title,
// abstract, keywords, MeSH; b = 0.75), over the segment's own average field lengths
// (avg_f = the field's length sum / the documents that have it; 1 where none has it, as
// TermScorer does). SegmentIndexWriter and merge_segment_indexes store each block's largest
// reference tf~ (BlockSkip::max_reference_tf); TermScorer::reference_factor turns it into a
// bound on the block's scores under any weights, b, and collection averages (ranking.hpp).
// Both writers compute it with this one type, so their files stay byte-identical.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "medsearch/lexical/fields.hpp"

namespace medsearch::lexical {

struct ReferenceNorm {
  static constexpr double kB = 0.75;
  static constexpr std::array<double, kTextFieldCount> kWeight = {2.0, 1.0, 1.0, 1.0};
  std::array<double, kTextFieldCount> per_length{};  // kB / avg_f

  static ReferenceNorm of(const std::array<std::uint64_t, kTextFieldCount>& length_sums,
                          const std::array<std::uint64_t, kTextFieldCount>& field_docs) {
    ReferenceNorm norm;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      const double avg = field_docs[f] > 0 && length_sums[f] > 0
                             ? static_cast<double>(length_sums[f]) / static_cast<double>(field_docs[f])
                             : 1.0;
      norm.per_length[f] = kB / avg;
    }
    return norm;
  }
  double norm(std::size_t field, double length) const { return (1.0 - kB) + per_length[field] * length; }
  // `tf` and `lengths` of one posting (the stored, capped lengths).
  template <typename Lengths>
  double tf_tilde(const std::array<std::uint32_t, kTextFieldCount>& tf, const Lengths& lengths) const {
    double sum = 0;
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if (tf[f] != 0) sum += kWeight[f] * static_cast<double>(tf[f]) / norm(f, static_cast<double>(lengths[f]));
    }
    return sum;
  }
};

// The smallest float not below `v` (v finite, non-negative): a stored maximum stays a bound.
inline float float_at_least(double v) {
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

}  // namespace medsearch::lexical
