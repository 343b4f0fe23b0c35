// engine::DenseIndex: the read side of an index's dense vectors (dense.json): the model
// for queries, the per-segment vector files and the FAISS index. Opened once per
// IndexReader (IndexReader::dense()), immutable afterwards; search() is thread-safe.
//
// Filtered search (docs/dense.md): the allowed documents are a DocSet (filters, the
// Boolean part of a query, minus dead documents). When few documents are allowed
// (≤ kExactSearchLimit) they are scored exactly from their stored vectors; otherwise FAISS
// searches with the bitmap as its id selector, and if it returns fewer than k documents
// while more are allowed (a graph or cluster search can miss under a selective filter)
// the search is redone exactly, so k results come back whenever k documents match.
// Segments ingested after the last `embed` that already have vectors are searched
// exactly; documents without vectors cannot be found by dense search (missing_documents()).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/doc_set.hpp"
#include "medsearch/core/ids.hpp"
#include "medsearch/core/scored_doc.hpp"
#include "medsearch/encoder/text_embedder.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/vector/vector_index.hpp"

namespace medsearch::vector {
class FaissIndex;
class VectorFile;
}  // namespace medsearch::vector

namespace medsearch::engine {

class IndexReader;

inline constexpr std::uint64_t kExactSearchLimit = 20'000;

struct DenseSearchParams {
  std::size_t ef_search = 0;  // HNSW; 0 = the index's default
  std::size_t nprobe = 0;     // IVF; 0 = the index's default
};

class DenseIndex {
 public:
  // Throws Error(Unavailable) when the index has no dense.json ("run medsearch embed"), and
  // the model's or the files' errors (each naming its file).
  DenseIndex(const IndexReader& index, unsigned encoder_threads);
  ~DenseIndex();

  const DenseState& state() const { return state_; }
  std::size_t dim() const;
  const encoder::TextEmbedder& model() const { return *model_; }
  std::vector<float> embed_query(const std::string& text) const;
  // The up to k best live documents with vectors among `allowed` (null: all), best first.
  RankedList search(const float* query, std::size_t k, const DocSet* allowed,
                                        const DenseSearchParams& params = {}) const;
  // The exact search over the same documents (the oracle of search()).
  RankedList search_exact(const float* query, std::size_t k, const DocSet* allowed) const;
  // Copies the stored vector of `doc` into out[0..dim); false when it has none.
  bool vector_of(DocId doc, float* out) const;
  std::uint64_t missing_documents() const { return missing_; }
  // Live documents with vectors among `allowed` (null: all): what search() ranks.
  std::uint64_t count(const DocSet* allowed) const;
  bool uses_faiss() const { return faiss_ != nullptr; }

 private:
  struct SegmentVectors;
  DocSet allowed_mask(const DocSet* allowed) const;
  RankedList exact_over(const float* query, std::size_t k, const DocSet& mask,
                                            std::uint32_t from_doc) const;

  const IndexReader& index_;
  DenseState state_;
  std::unique_ptr<encoder::TextEmbedder> model_;
  std::vector<SegmentVectors> segments_;
  std::unique_ptr<vector::FaissIndex> faiss_;  // null when stale (compacted since embed)
  std::uint32_t faiss_doc_count_ = 0;          // DocIds below this are in faiss_
  DocSet embedded_;        // live documents with vectors
  std::uint64_t missing_ = 0;
};

}  // namespace medsearch::engine
