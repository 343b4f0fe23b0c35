// vector::ExactIndex: brute-force inner-product search over every row, the oracle that
// the approximate indexes are tested and benchmarked against (DESIGN.md §5), and the
// fallback for very selective filters, where scoring the few allowed documents directly
// beats walking a graph or inverted lists that mostly hold excluded ones.
//
// Rows come from sources, each covering the consecutive DocIds [first_id, first_id+count):
// an in-memory float matrix (borrowed) or a VectorFile of fp16 rows (shared). Sources may
// not overlap. Cost per search: one dot product of dim() per allowed row (O(rows * dim)).
// Results are exact and deterministic: score descending, ties by smaller id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "medsearch/vector/inner_product.hpp"
#include "medsearch/vector/vector_file.hpp"
#include "medsearch/vector/vector_index.hpp"

namespace medsearch::vector {

class ExactIndex final : public VectorIndex {
 public:
  explicit ExactIndex(std::size_t dim);

  // Adds count rows of dim() floats (row-major) with ids first_id, first_id+1, ... The
  // memory is borrowed and must outlive the index. Throws Error(InvalidArgument) when the
  // ids overlap those of an earlier source or pass 2^32.
  void add_matrix(const float* rows, std::size_t count, DocId first_id);
  // Adds every row of `file` with ids first_id + row. Throws Error(InvalidArgument) for a
  // dimension other than dim() or overlapping ids.
  void add_file(std::shared_ptr<const VectorFile> file, DocId first_id);

  std::size_t dim() const override { return dim_; }
  std::size_t size() const override { return size_; }
  RankedList search(const float* query, std::size_t k, const DocSet* filter) const override;

  // The up to k best among `candidates` (DocIds; duplicates and ids no source covers are
  // ignored), best first. Cost O(candidates * dim): for a small explicit candidate set.
  RankedList search_candidates(const float* query, std::size_t k,
                                           std::span<const DocId> candidates) const;

  // Copies the vector of `id` into out[0..dim()); false when no source covers it.
  bool vector_of(DocId id, float* out) const;

 private:
  struct Source {
    std::uint32_t first_id = 0;
    std::size_t count = 0;
    const float* floats = nullptr;            // a borrowed matrix, or
    std::shared_ptr<const VectorFile> file;   // fp16 rows
  };
  void add_source(Source source);
  const Source* find_source(std::uint32_t id) const;
  float score(const Source& source, std::size_t row, const float* query) const;

  std::size_t dim_;
  std::size_t size_ = 0;
  std::vector<Source> sources_;  // sorted by first_id
};

}  // namespace medsearch::vector
