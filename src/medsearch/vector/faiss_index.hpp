// vector::FaissIndex: approximate (or exact, for "Flat") inner-product search with FAISS
// (Johnson, Douze & Jégou 2019, "Billion-scale similarity search with GPUs"), built from
// an index_factory string: "Flat" (exhaustive), "HNSW32" (graph; Malkov & Yashunin 2018,
// "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable
// Small World graphs"), "IVF4096,PQ64" / "IVF256,Flat" (inverted file, optionally with
// product quantisation; Jégou, Douze & Schmid 2011, "Product quantization for nearest
// neighbor search"); "HNSW32,SQfp16" keeps HNSW's vectors as fp16 (default_factory).
//
// FAISS itself stays inside this module's .cpp files (faiss_index.cpp, faiss_index_io.cpp,
// faiss_factory.cpp, faiss_flat_storage.cpp); the one forward declaration below lets the
// benchmark time the same faiss::Index directly (raw FAISS as the peer, DESIGN.md §5).
// Flat float and fp16 storage (Flat, HNSW's vectors, IVF's coarse quantiser) is replaced
// by SIMD versions: Debian's FAISS computes inner products in a scalar loop
// (faiss_flat_storage.hpp; measured 2-3x slower searches and builds).
//
// Ids: faiss stores vectors at positions 0..size()-1; this class keeps the DocId of each
// position (identity when rows were added in DocId order from 0). IndexIDMap is not used:
// in FAISS 1.7.3 it rejects per-query SearchParameters, which carry the filter and the
// ef_search / nprobe knobs.
//
// Filters: a DocSet becomes a faiss IDSelector passed in the per-query parameters, so
// excluded ids are skipped inside the search (Flat, scalar quantisers, HNSW, every IVF,
// also under a pre-transform such as PCA/OPQ). Other index types (IndexPQ, IndexRefine...)
// are searched for more results and filtered afterwards. A search that finds fewer than
// k allowed ids (HNSW and IVF visit only part of the index) widens itself 4x at a time
// (ef_search up to size(), nprobe up to every list) until it has k, is exhaustive, or its
// next round would cost more than FaissSearchBounds allows; for a filter allowing few ids
// that is slow, and scoring the allowed ids exactly is the better plan (the caller knows
// the filter's size: engine::DenseIndex bounds the widening by it, then falls back).
//
// Threads: add/train use FAISS's OpenMP parallelism (FaissBuildOptions::threads). A search
// is one query: it runs on the calling thread alone. FAISS opens OpenMP parallel regions
// even for one query (HNSW allocates a visited table per team thread), so search() sets
// the calling thread's OpenMP thread count to 1 for its duration and restores it after.
// omp_set_num_threads changes only the nthreads-var ICV of the calling thread's task
// (OpenMP 5.2 §2.4, §18.2.1), so concurrent searches on other threads are not affected;
// restoring it keeps the caller's own OpenMP code unaffected. Setting it once globally
// instead would also throttle index building and other modules' OpenMP code.
// search() is thread-safe (FAISS CPU indexes allow concurrent const searches; FAISS also
// bumps global statistics counters, unsynchronised and never read here); add(), train(),
// set_knobs() and set_build_options() are not, and must not run concurrently with searches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/vector/vector_index.hpp"

namespace faiss {
struct Index;
}

namespace medsearch::vector {

// Search-time knobs. ef_search: HNSW candidate list size (raised to k when smaller);
// nprobe: IVF lists visited. Each is ignored by index types it does not apply to; 0 = the
// index's default (FaissIndex::knobs()).
// Defaults measured with bench/vector_bench.sh (bench/README.md) on its synthetic
// clustered vectors, a hard set: ef_search 128 gives HNSW32 recall@10 0.995 at 50k x 768,
// 0.96 at 300k x 768, 0.93 at 1M x 768 (FAISS's own default, 16, gives 0.39 at 1M).
// nprobe 16: IVF-PQ64's recall is bounded by the codes (0.28 at 16, 0.33 at 64 lists of
// 4096 at 1M x 768); an IVF,Flat over many lists wants more.
struct FaissSearchKnobs {
  int ef_search = 128;
  int nprobe = 16;
};

// Bounds on one search's work (FaissIndex::search). A filter that excludes most ids makes
// the search widen 4x at a time (class comment); HNSW's last rounds then walk the whole
// graph with a candidate queue the size of the index, which FAISS cannot interrupt, so a
// caller that has a cheaper plan (scoring the allowed ids exactly) bounds the widening.
struct FaissSearchBounds {
  // Widen only while the next round would visit at most this many vectors (estimated:
  // HNSW min(size(), queue × level-0 degree), IVF the listed vectors in the lists probed
  // plus the list centroids, other types size()). The first round always runs. 0: no bound.
  std::size_t max_round_visits = 0;
  // Every round, the first included, visits at most this many vectors (the same estimates):
  // the first round's HNSW queue is lowered to max(k, max_visits / level-0 degree) and its
  // IVF nprobe to the most lists whose vectors fit (at least 1), and no widening round
  // passes it. So a request's nprobe costs at most this whatever the index size: its
  // effective cap falls as the index grows (decision 0039). Index types without a search
  // knob (Flat, PQ) run their one round whatever it costs. 0: no bound.
  std::size_t max_visits = 0;
};

struct FaissBuildOptions {
  // At most this many rows (a seeded random sample) train a quantiser, raised to 39 per
  // IVF list: FAISS's k-means warns below 39 points per centroid (Clustering.h
  // min_points_per_centroid) and subsamples above 256 per centroid anyway.
  std::size_t max_training_rows = 100000;
  // HNSW construction candidate list size; 0 keeps FAISS's default (40).
  int ef_construction = 0;
  // k-means iterations for an IVF's coarse quantiser; 0 keeps FAISS's default (25). Fewer
  // cost proportionally less training time (the bulk of an IVF build) for slightly
  // worse lists.
  int kmeans_iterations = 0;
  // OpenMP threads for train/add (the calling thread's setting, restored after); 0 keeps
  // OpenMP's default (all cores, or OMP_NUM_THREADS). One thread builds HNSW
  // deterministically; on a loaded machine it can also be faster for small training sets,
  // where libgomp's spinning barriers dominate (bench/README.md).
  int threads = 0;
  std::uint64_t training_seed = 20240501;
  // Flat storage with SIMD inner products (faiss_flat_storage.hpp) for "Flat", HNSW's
  // vectors and IVF's coarse quantiser; false keeps Debian FAISS's scalar ones (for the
  // benchmark's comparison). A loaded index always gets it.
  bool simd_flat_storage = true;
};

class FaissIndex final : public VectorIndex {
 public:
  // An empty index. Throws Error(InvalidArgument) naming `factory` when FAISS rejects it
  // for this dimension (see validate_factory).
  FaissIndex(const std::string& factory, std::size_t dim, FaissBuildOptions options = {});
  ~FaissIndex() override;
  FaissIndex(FaissIndex&&) noexcept;
  FaissIndex& operator=(FaissIndex&&) noexcept;

  // Adds `count` rows (dim() floats each, row-major). `ids` (count DocIds) may be null:
  // the rows then get size(), size()+1, ... Each DocId should be added once. An untrained
  // index (IVF, PQ) is first trained on a sample of these rows; too few rows for the
  // quantiser (an IVF with more lists than rows, PQ with fewer than 256) is
  // Error(InvalidArgument) naming the factory, and nothing is added. Not thread-safe.
  void add(const float* rows, std::size_t count, const DocId* ids = nullptr);
  // Trains the quantisers on (a sample of) the rows without adding them. Not thread-safe.
  void train(const float* rows, std::size_t count);
  bool is_trained() const;

  std::size_t dim() const override { return dim_; }
  std::size_t size() const override;
  // Uses knobs(). Thread-safe.
  RankedList search(const float* query, std::size_t k, const DocSet* filter) const override;
  // Fewer than k hits when `bounds` stopped the widening before the allowed ids were found.
  RankedList search(const float* query, std::size_t k, const DocSet* filter, const FaissSearchKnobs& knobs,
                    const FaissSearchBounds& bounds = {}) const;

  const FaissSearchKnobs& knobs() const { return knobs_; }
  // Default knobs for search(query, k, filter) and for zero fields of a search's knobs;
  // saved with the index. Not thread-safe.
  void set_knobs(const FaissSearchKnobs& knobs);
  const std::string& factory() const { return factory_; }
  // Options for later train/add (a loaded index starts with the defaults). Not thread-safe.
  void set_build_options(const FaissBuildOptions& options) { options_ = options; }
  // Bytes of the serialised index and id table: a close estimate of its memory.
  std::size_t memory_bytes() const;

  // Writes the index to `path` atomically, in the store's footer convention
  // (magic "SMCHFAI1", layout in faiss_index_io.cpp). Throws Error(Io).
  void save(const std::string& path) const;
  // Reads a saved index (the whole file is checksummed first). A damaged file is
  // Error(Corrupt), another format version Error(VersionMismatch), each naming `path`.
  static FaissIndex load(const std::string& path);

  // The FAISS index itself, for benchmarks comparing against raw FAISS. Positions are
  // DocIds only when ids were added in order from 0. Changing it voids this object's
  // guarantees (the benchmark only searches it).
  faiss::Index& native() { return *index_; }

 private:
  FaissIndex() = default;
  void classify();
  void store_knobs_in_index();
  std::uint32_t id_at(std::int64_t position) const;

  std::string factory_;
  std::size_t dim_ = 0;
  FaissBuildOptions options_;
  FaissSearchKnobs knobs_;
  std::unique_ptr<faiss::Index> index_;
  std::vector<std::uint32_t> labels_;  // DocId of each position; empty while identity
  int params_kind_ = 0;                // how per-query parameters are passed (faiss_index.cpp)
};

// Throws Error(InvalidArgument) naming `factory` when FAISS cannot build it for vectors of
// `dim` (unknown syntax, PQ sub-quantisers not dividing dim...), or when it asks for an
// IDMap (ids are managed by FaissIndex).
void validate_factory(const std::string& factory, std::size_t dim);

// A sensible factory for a corpus of `rows` vectors of `dim`: "Flat" while one exact scan
// stays within the interactive latency budget, "HNSW32,SQfp16" beyond (faiss_factory.cpp
// says why).
std::string default_factory(std::size_t rows, std::size_t dim);

}  // namespace medsearch::vector
