// vector::VectorIndex: k-nearest-neighbour search by inner product over vectors whose
// ids are DocIds (DESIGN.md §1: one id space inside the index). Implementations: an
// exact brute-force index (the test oracle and the filtered fallback) and a FAISS index
// built from an index_factory string (vector/faiss_index.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace medsearch::vector {

struct VectorHit {
  std::uint32_t id = 0;  // DocId value
  float score = 0;       // inner product with the query (cosine for unit vectors)
};

// Which ids a search may return: bit i of `words` set = id i allowed. Ids at or past
// words.size() * 64 are not allowed. Null filter = every id allowed.
struct IdFilter {
  const std::vector<std::uint64_t>* words = nullptr;
  bool allows(std::uint32_t id) const {
    if (words == nullptr) return true;
    const std::size_t w = id >> 6;
    return w < words->size() && (((*words)[w] >> (id & 63)) & 1) != 0;
  }
};

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  virtual std::size_t dim() const = 0;
  virtual std::size_t size() const = 0;  // vectors held
  // The up to k best ids allowed by `filter` (null: all), best first (score descending,
  // ties by smaller id). Thread-safe.
  virtual std::vector<VectorHit> search(const float* query, std::size_t k, const IdFilter* filter) const = 0;
};

// Orders hits best first: score descending, then id ascending.
void sort_hits(std::vector<VectorHit>& hits);

}  // namespace medsearch::vector
