#include "medsearch/vector/faiss_index.hpp"

#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <optional>
#include <random>

#include "medsearch/core/error.hpp"
#include "medsearch/vector/faiss_factory.hpp"
#include "medsearch/vector/faiss_flat_storage.hpp"

namespace medsearch::vector {
namespace {

// How per-query parameters reach the index (see classify()).
enum ParamsKind : int {
  kPostFilter = 0,  // no SearchParameters accepted: over-fetch, then filter
  kBase = 1,        // faiss::SearchParameters (IndexFlat, IndexScalarQuantizer)
  kHnsw = 2,        // faiss::SearchParametersHNSW
  kIvf = 3,         // faiss::SearchParametersIVF
};

// A DocSet seen through the position -> DocId table.
class FilterSelector final : public faiss::IDSelector {
 public:
  FilterSelector(const DocSet& filter, const std::vector<std::uint32_t>& labels)
      : filter_(filter), labels_(labels.empty() ? nullptr : labels.data()) {}
  bool is_member(idx_t position) const override {
    const auto id = labels_ != nullptr ? labels_[position] : static_cast<std::uint32_t>(position);
    return filter_.contains(DocId(id));
  }

 private:
  const DocSet& filter_;
  const std::uint32_t* labels_;
};

// Sets the calling thread's OpenMP thread count for a scope and restores it after; see
// faiss_index.hpp for why this is safe across threads. threads <= 0: no change.
class ScopedOpenMpThreads {
 public:
  explicit ScopedOpenMpThreads(int threads) : previous_(omp_get_max_threads()), threads_(threads) {
    if (threads_ > 0 && threads_ != previous_) omp_set_num_threads(threads_);
  }
  ~ScopedOpenMpThreads() {
    if (threads_ > 0 && threads_ != previous_) omp_set_num_threads(previous_);
  }
  ScopedOpenMpThreads(const ScopedOpenMpThreads&) = delete;
  ScopedOpenMpThreads& operator=(const ScopedOpenMpThreads&) = delete;

 private:
  int previous_;
  int threads_;
};

}  // namespace

using detail::core_index;
using detail::faiss_message;

FaissIndex::FaissIndex(const std::string& factory, std::size_t dim, FaissBuildOptions options)
    : factory_(factory), dim_(dim), options_(options), index_(detail::make_index(factory, dim)) {
  if (options_.simd_flat_storage) index_ = detail::with_simd_flat_storage(std::move(index_));
  classify();
  store_knobs_in_index();
  // index_factory turns on polysemous training for PQ codes unless the string ends in
  // "np". It reorders the centroids for Hamming-filtered search (Douze, Jégou & Perronnin
  // 2016, "Polysemous codes"), which we never enable (polysemous_ht stays 0), and costs
  // seconds per sub-quantiser (minutes for PQ64): measured, not worth it.
  faiss::Index* core = core_index(index_.get());
  if (auto* ivfpq = dynamic_cast<faiss::IndexIVFPQ*>(core)) ivfpq->do_polysemous_training = false;
  if (auto* pq = dynamic_cast<faiss::IndexPQ*>(core)) pq->do_polysemous_training = false;
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(core); ivf != nullptr && options_.kmeans_iterations > 0) {
    ivf->cp.niter = options_.kmeans_iterations;
  }
  if (options_.ef_construction > 0 && params_kind_ == kHnsw) {
    dynamic_cast<faiss::IndexHNSW&>(*core).hnsw.efConstruction = options_.ef_construction;
  }
}

FaissIndex::~FaissIndex() = default;
FaissIndex::FaissIndex(FaissIndex&&) noexcept = default;
FaissIndex& FaissIndex::operator=(FaissIndex&&) noexcept = default;

void FaissIndex::classify() {
  const faiss::Index* core = core_index(index_.get());
  if (dynamic_cast<const faiss::IndexIVF*>(core) != nullptr) {
    params_kind_ = kIvf;
  } else if (dynamic_cast<const faiss::IndexHNSW*>(core) != nullptr) {
    params_kind_ = kHnsw;
  } else if (dynamic_cast<const faiss::IndexFlat*>(core) != nullptr ||
             dynamic_cast<const faiss::IndexScalarQuantizer*>(core) != nullptr) {
    params_kind_ = kBase;
  } else {
    // FAISS 1.7.3: IndexPQ wants its own parameter type, IndexRefine and others reject any.
    params_kind_ = kPostFilter;
  }
}

void FaissIndex::set_knobs(const FaissSearchKnobs& knobs) {
  knobs_ = knobs;
  store_knobs_in_index();
}

void FaissIndex::store_knobs_in_index() {
  faiss::Index* core = core_index(index_.get());
  // HNSW: efSearch 1, so that each search's own ef (the number of results it asks for,
  // see search()) alone sizes the candidate queue, lower or higher than the default.
  if (auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(core)) hnsw->hnsw.efSearch = 1;
  // IVF: per-query parameters carry nprobe; the index's own is for raw FAISS callers.
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(core); ivf != nullptr && knobs_.nprobe > 0) {
    ivf->nprobe = static_cast<std::size_t>(knobs_.nprobe);
  }
}

bool FaissIndex::is_trained() const { return index_->is_trained; }
std::size_t FaissIndex::size() const { return static_cast<std::size_t>(index_->ntotal); }

std::uint32_t FaissIndex::id_at(std::int64_t position) const {
  return labels_.empty() ? static_cast<std::uint32_t>(position) : labels_[static_cast<std::size_t>(position)];
}

void FaissIndex::train(const float* rows, std::size_t count) {
  std::size_t cap = options_.max_training_rows;
  if (const auto* ivf = dynamic_cast<const faiss::IndexIVF*>(core_index(index_.get()))) {
    // Decided: too few rows for the lists is an error, not a silently smaller nlist, so the
    // saved factory string always describes the index that was built.
    if (count < ivf->nlist) {
      throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory_ + "' has " +
                                                  std::to_string(ivf->nlist) + " inverted lists but only " +
                                                  std::to_string(count) +
                                                  " rows to train them; use fewer lists (or default_factory)");
    }
    cap = std::max(cap, 39 * ivf->nlist);
  }
  std::vector<float> sample;
  const float* train_rows = rows;
  std::size_t train_count = count;
  if (count > cap) {
    // A seeded uniform sample (in row order, for locality): rows often arrive sorted by
    // date or journal, so a prefix would train on an unrepresentative slice.
    // Selection sampling (Knuth, TAOCP vol. 2, §3.4.2, Algorithm S).
    std::mt19937_64 rng(options_.training_seed);
    sample.resize(cap * dim_);
    std::size_t taken = 0;
    for (std::size_t i = 0; i < count && taken < cap; ++i) {
      if (std::uniform_int_distribution<std::size_t>(0, count - i - 1)(rng) < cap - taken) {
        std::copy_n(rows + i * dim_, dim_, sample.data() + taken * dim_);
        ++taken;
      }
    }
    train_rows = sample.data();
    train_count = cap;
  }
  const ScopedOpenMpThreads threads(options_.threads);
  try {
    index_->train(static_cast<faiss::Index::idx_t>(train_count), train_rows);
  } catch (const faiss::FaissException& e) {
    throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory_ + "': training on " +
                                                std::to_string(train_count) + " rows failed: " + faiss_message(e));
  }
}

void FaissIndex::add(const float* rows, std::size_t count, const DocId* ids) {
  if (count == 0) return;
  const std::size_t base = size();
  if (base + count > (std::size_t{1} << 31)) {
    // HNSW stores positions as int; keep every index type within that.
    throw Error(ErrorCode::InvalidArgument, "vector index: more than 2^31 vectors");
  }
  if (!is_trained()) train(rows, count);
  // The new id table, committed only once FAISS has accepted the rows.
  bool identity = labels_.empty();
  if (identity && ids != nullptr) {
    for (std::size_t i = 0; i < count && identity; ++i) identity = ids[i].value == base + i;
  }
  std::vector<std::uint32_t> labels;
  if (!identity) {
    labels = labels_;
    if (labels.empty()) {
      labels.resize(base);
      for (std::size_t i = 0; i < base; ++i) labels[i] = static_cast<std::uint32_t>(i);
    }
    for (std::size_t i = 0; i < count; ++i) labels.push_back(ids != nullptr ? ids[i].value : static_cast<std::uint32_t>(base + i));
  }
  const ScopedOpenMpThreads threads(options_.threads);
  try {
    index_->add(static_cast<faiss::Index::idx_t>(count), rows);
  } catch (const faiss::FaissException& e) {
    throw Error(ErrorCode::InvalidArgument, "vector index '" + factory_ + "': adding " + std::to_string(count) +
                                                " rows failed: " + faiss_message(e));
  }
  if (!identity) labels_ = std::move(labels);
}

RankedList FaissIndex::search(const float* query, std::size_t k, const DocSet* filter) const {
  return search(query, k, filter, knobs_);
}

RankedList FaissIndex::search(const float* query, std::size_t k, const DocSet* filter, const FaissSearchKnobs& knobs,
                              const FaissSearchBounds& bounds) const {
  const std::size_t n = size();
  RankedList hits;
  if (k == 0 || n == 0) return hits;
  const std::size_t want = std::min(k, n);
  const ScopedOpenMpThreads one_thread(1);
  std::optional<FilterSelector> selector;
  if (filter != nullptr) selector.emplace(*filter, labels_);

  faiss::SearchParametersIVF ivf_params;
  faiss::SearchParametersHNSW hnsw_params;
  faiss::SearchParameters base_params;
  faiss::SearchParameters* params = nullptr;
  const faiss::Index* core = core_index(index_.get());
  std::size_t fetch = want;  // results asked of FAISS
  // The vectors a round visits (FaissSearchBounds): IVF the centroids plus the probed lists'
  // mean share of the vectors; HNSW each node taken from the queue has its level-0
  // neighbours' distances computed, once per node (FAISS keeps a visited table), so at most
  // size() in all.
  const auto ivf_visits = [n](std::size_t nlist, std::size_t nprobe) {
    return nlist + (n * nprobe + nlist - 1) / nlist;
  };
  const auto hnsw_degree = [core] {
    const auto* hnsw = static_cast<const faiss::IndexHNSW*>(core);
    return static_cast<std::size_t>(std::max(hnsw->hnsw.nb_neighbors(0), 1));
  };
  const auto hnsw_visits = [n](std::size_t queue, std::size_t degree) { return std::min(n, queue * degree); };
  switch (params_kind_) {
    case kIvf: {
      const auto* ivf = static_cast<const faiss::IndexIVF*>(core);
      const int nprobe = knobs.nprobe > 0 ? knobs.nprobe : knobs_.nprobe;
      ivf_params.nprobe = nprobe > 0 ? static_cast<std::size_t>(nprobe) : ivf->nprobe;
      if (bounds.max_visits != 0) {
        // The most lists within the bound, at least one: p = floor(room · nlist / n) gives
        // n·p / nlist <= room, so ivf_visits(nlist, p) = nlist + ceil(n·p / nlist) <= max_visits.
        const std::size_t nlist = ivf->nlist;
        const std::size_t room = bounds.max_visits > nlist ? bounds.max_visits - nlist : 0;
        const std::size_t most = room >= n ? nlist : room * nlist / n;  // room < n: no overflow
        ivf_params.nprobe = std::max<std::size_t>(1, std::min(ivf_params.nprobe, most));
      }
      ivf_params.max_codes = ivf->max_codes;
      params = &ivf_params;
      break;
    }
    case kHnsw: {
      // FAISS 1.7.3 sizes HNSW's candidate queue by max(hnsw.efSearch, k) and ignores
      // SearchParametersHNSW::efSearch for it (measured: recall unchanged from 16 to 256);
      // the parameter only feeds the stopping rule. So the index keeps efSearch at 1
      // (store_knobs_in_index) and a search asks FAISS for max(k, ef_search) results and
      // keeps the best k: the same search as efSearch = ef_search (measured: identical
      // ids), per query, without mutating the shared index.
      const int ef = knobs.ef_search > 0 ? knobs.ef_search : knobs_.ef_search;
      fetch = std::max(want, static_cast<std::size_t>(std::max(ef, 1)));
      if (bounds.max_visits != 0) fetch = std::max(want, std::min(fetch, bounds.max_visits / hnsw_degree()));
      hnsw_params.efSearch = static_cast<int>(std::min<std::size_t>(fetch, INT_MAX));
      params = &hnsw_params;
      break;
    }
    case kBase:
      params = &base_params;
      break;
    default:
      break;
  }
  if (params != nullptr && selector) params->sel = &*selector;

  // Fewer than k hits while more may exist: widen 4x and search again. Post-filtered
  // index types and HNSW fetch more results (HNSW's queue grows with them, up to size(),
  // which explores the whole reachable graph); IVF raises nprobe (up to every list).
  // Mostly needed for filters that exclude most ids.
  if (params == nullptr && filter != nullptr) fetch = std::max<std::size_t>(4 * want, 64);
  fetch = std::min(fetch, n);
  std::vector<float> scores;
  std::vector<faiss::Index::idx_t> positions;
  const auto within_bounds = [&](std::size_t visits) {
    return (bounds.max_round_visits == 0 || visits <= bounds.max_round_visits) &&
           (bounds.max_visits == 0 || visits <= bounds.max_visits);
  };
  for (;;) {
    scores.assign(fetch, 0.0f);
    positions.assign(fetch, -1);
    index_->search(1, query, static_cast<faiss::Index::idx_t>(fetch), scores.data(), positions.data(), params);
    hits.clear();
    // FAISS returns results best first: convert until k are kept and the score drops
    // below the k-th (equal scores are kept, for sort_hits to order ties by id).
    for (std::size_t i = 0; i < fetch; ++i) {
      if (positions[i] < 0) break;  // fewer results than asked
      if (hits.size() >= want && scores[i] < hits[want - 1].score) break;
      const std::uint32_t id = id_at(positions[i]);
      if (params == nullptr && filter != nullptr && !filter->contains(DocId(id))) continue;
      hits.push_back({DocId(id), scores[i]});
    }
    if (hits.size() >= want) break;
    // The next round, if the vectors it would visit are within FaissSearchBounds.
    if (params == nullptr || params == &hnsw_params) {
      if ((params == nullptr && filter == nullptr) || fetch == n) break;
      const std::size_t next_fetch = std::min(n, fetch * 4);
      std::size_t next_visits = n;  // a post-filtered type scans everything each round
      if (params == &hnsw_params) next_visits = hnsw_visits(next_fetch, hnsw_degree());
      if (!within_bounds(next_visits)) break;
      fetch = next_fetch;
      hnsw_params.efSearch = std::max(hnsw_params.efSearch, static_cast<int>(fetch));
    } else if (params == &ivf_params) {
      const std::size_t nlist = static_cast<const faiss::IndexIVF*>(core)->nlist;
      if (ivf_params.nprobe >= nlist) break;
      const std::size_t next_nprobe = std::min(nlist, 4 * ivf_params.nprobe);
      if (!within_bounds(ivf_visits(nlist, next_nprobe))) break;
      ivf_params.nprobe = next_nprobe;
    } else {
      break;  // exhaustive already
    }
  }
  sort_best_first(hits);
  if (hits.size() > want) hits.resize(want);
  return hits;
}

}  // namespace medsearch::vector
