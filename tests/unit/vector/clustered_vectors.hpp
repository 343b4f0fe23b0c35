// Seeded random vectors with cluster structure, for the vector index tests: `clusters`
// Gaussian centroids, each row a centroid plus Gaussian noise, normalised to unit length
// (so inner product = cosine, as for the encoders' outputs).
#pragma once

#include "medsearch/core/doc_set.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace medsearch::vector::testing {

struct ClusteredVectors {
  std::size_t dim = 0;
  std::vector<float> centroids;  // clusters x dim

  ClusteredVectors(std::size_t dim, std::size_t clusters, std::uint64_t seed) : dim(dim), rng_(seed) {
    std::normal_distribution<float> normal;
    centroids.resize(clusters * dim);
    for (float& v : centroids) v = normal(rng_);
  }

  // count rows, row-major; noise is the per-coordinate standard deviation around a centroid.
  std::vector<float> rows(std::size_t count, float noise = 0.5f) {
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<std::size_t> pick(0, centroids.size() / dim - 1);
    std::vector<float> out(count * dim);
    for (std::size_t r = 0; r < count; ++r) {
      const float* c = centroids.data() + pick(rng_) * dim;
      float* row = out.data() + r * dim;
      double norm = 0;
      for (std::size_t j = 0; j < dim; ++j) {
        row[j] = c[j] + noise * normal(rng_);
        norm += double{row[j]} * row[j];
      }
      const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
      for (std::size_t j = 0; j < dim; ++j) row[j] *= scale;
    }
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

// The set of ids below `limit` for which allow(id) holds.
template <typename Allow>
DocSet filter_words(std::uint32_t limit, Allow allow) {
  DocSet set(limit);
  for (std::uint32_t id = 0; id < limit; ++id) {
    if (allow(id)) set.insert(DocId(id));
  }
  return set;
}

}  // namespace medsearch::vector::testing
