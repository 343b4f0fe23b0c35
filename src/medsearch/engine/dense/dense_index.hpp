// engine::DenseIndex: the read side of an index's dense vectors (dense.json): the model
// for queries, the per-segment vector files and the FAISS index. Opened once per Searcher
// (Searcher::dense()), immutable afterwards; search() is thread-safe.
//
// Filtered search (docs/dense.md): the allowed documents are a DocSet (filters, the
// Boolean part of a query, minus dead documents). When few documents are allowed
// (≤ DenseSearchOptions::exact_search_limit) they are scored exactly from their stored
// vectors; otherwise FAISS searches with the bitmap as its id selector, and if it returns
// fewer than k documents while more are allowed (FAISS widens its own search, but never
// to a round visiting more vectors than are allowed, and an HNSW graph can leave
// documents unreached) the search is redone exactly, so k results come back whenever k
// documents match. A search's cost is thus bounded by a few times the allowed set's exact
// scoring, whatever the index's size (decision 0038). Segments ingested after the
// last `embed` that already have vectors are searched exactly and merged with FAISS's
// hits; documents without vectors cannot be found by dense search (missing_documents()).
// Which of these steps a search took is reported by DenseSearchTrace.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/deadline.hpp"
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
  // The most vectors one FAISS round may visit (vector::FaissSearchBounds::max_visits: an
  // IVF's nprobe is lowered to fit, whatever the request asked); 0 = no bound. A server
  // sets it from SearchCaps::max_dense_visits.
  std::size_t max_visits = 0;
};

// Fixed for the life of a DenseIndex. Production code keeps the defaults; tests lower
// exact_search_limit so that the FAISS path runs on a small index.
struct DenseSearchOptions {
  // A search allowing at most this many documents scores them exactly instead of
  // searching FAISS (0: FAISS whenever the index has a current one).
  std::uint64_t exact_search_limit = kExactSearchLimit;
};

// What one search() did, in the order it does it (docs/dense.md "Search"): for tests and
// diagnostics; it changes nothing about the search.
struct DenseSearchTrace {
  bool faiss = false;           // FAISS was searched (false: the allowed documents were scored exactly)
  bool id_selector = false;     // ...with the allowed DocIds as its id selector
  std::size_t faiss_hits = 0;   // the hits FAISS returned
  bool newer_segments = false;  // segments newer than the FAISS index were scored exactly and merged
  std::size_t newer_hits = 0;   // their hits before merging (at most k)
  bool exact_fallback = false;  // fewer than min(k, allowed) hits: the search was redone exactly
};

class DenseIndex {
 public:
  // Throws Error(Unavailable) when the index has no dense.json ("run medsearch embed"), and
  // the model's or the files' errors (each naming its file).
  DenseIndex(const IndexReader& index, unsigned encoder_threads, const DenseSearchOptions& options = {});
  ~DenseIndex();

  const DenseState& state() const { return state_; }
  std::size_t dim() const;
  const encoder::TextEmbedder& model() const { return *model_; }
  std::vector<float> embed_query(const std::string& text) const;
  // The up to k best live documents with vectors among `allowed` (null: all), best first.
  // `trace` (may be null) receives what the search did; it is overwritten. Past `deadline`
  // the exact scoring stops (Error(DeadlineExceeded)); FAISS's own search cannot be
  // interrupted and is checked after it.
  RankedList search(const float* query, std::size_t k, const DocSet* allowed, const DenseSearchParams& params = {},
                    DenseSearchTrace* trace = nullptr, const Deadline& deadline = {}) const;
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
  RankedList exact_over(const float* query, std::size_t k, const DocSet& mask, std::uint32_t from_doc,
                        DeadlineCheck& check) const;
  // `candidates`: mask.count(), the documents an exact search would score.
  RankedList search_faiss(const float* query, std::size_t k, const DocSet* allowed, const DocSet& mask,
                          std::uint64_t candidates, const DenseSearchParams& params, DenseSearchTrace& trace,
                          DeadlineCheck& check) const;

  const IndexReader& index_;
  DenseSearchOptions options_;
  DenseState state_;
  std::unique_ptr<encoder::TextEmbedder> model_;
  std::vector<SegmentVectors> segments_;
  std::unique_ptr<vector::FaissIndex> faiss_;  // null when stale (compacted since embed)
  std::uint32_t faiss_doc_count_ = 0;          // DocIds below this are in faiss_
  DocSet embedded_;        // live documents with vectors
  std::uint64_t missing_ = 0;
};

}  // namespace medsearch::engine
