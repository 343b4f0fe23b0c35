// vector::VectorIndex: k-nearest-neighbour search by inner product over vectors whose
// ids are DocIds (DESIGN.md §1: one id space inside the index). Implementations: an
// exact brute-force index (the test oracle and the filtered fallback) and a FAISS index
// built from an index_factory string (vector/faiss_index.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "medsearch/core/doc_set.hpp"
#include "medsearch/core/scored_doc.hpp"

namespace medsearch::vector {

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  virtual std::size_t dim() const = 0;
  virtual std::size_t size() const = 0;  // vectors held
  // The up to k best ids in `allowed` (null: all), best first (ranks_before: score
  // descending, ties by smaller DocId); the score is the inner product with the query.
  // Thread-safe.
  virtual RankedList search(const float* query, std::size_t k, const DocSet* allowed) const = 0;
};

}  // namespace medsearch::vector
