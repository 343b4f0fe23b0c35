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
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>
#include <random>
#include <regex>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::vector {
namespace {

constexpr std::uint64_t kFaissFileMagic = 0x3149414648434d53ULL;  // "SMCHFAI1"
constexpr std::uint32_t kFaissFileVersion = 1;

// How per-query parameters reach the index (see classify()).
enum ParamsKind : int {
  kPostFilter = 0,  // no SearchParameters accepted: over-fetch, then filter
  kBase = 1,        // faiss::SearchParameters (IndexFlat, IndexScalarQuantizer)
  kHnsw = 2,        // faiss::SearchParametersHNSW
  kIvf = 3,         // faiss::SearchParametersIVF
};

// The part of a FAISS message after "Error in <function> at <file>:<line>: ".
std::string faiss_message(const std::exception& e) {
  std::string s = e.what();
  const auto at = s.rfind(" at ");
  if (s.rfind("Error in ", 0) == 0 && at != std::string::npos) {
    const auto colon = s.find(": ", at);
    if (colon != std::string::npos) s.erase(0, colon + 2);
  }
  if (s.rfind("Error: ", 0) == 0) s.erase(0, 7);
  return s;
}

// Skips pre-transforms (PCA, OPQ...), which pass per-query parameters to their sub-index.
faiss::Index* core_index(faiss::Index* index) {
  while (auto* pre = dynamic_cast<faiss::IndexPreTransform*>(index)) index = pre->index;
  return index;
}

// FAISS 1.7.3's index_factory leaks the coarse quantiser when a product quantiser after
// it rejects the dimension ("IVF16,PQ7" for d = 32). That common mistake is caught here
// first: the dimension is followed through the components that change it (PCA, OPQ_D,
// RR, Pad) and every "PQ<M>" must divide it.
void check_pq_dimensions(const std::string& factory, std::size_t dim) {
  static const std::regex kReshape(R"((?:PCAW?R?|OPQ\d+_|RR|Pad)(\d+))");
  static const std::regex kPq(R"(PQ(\d+).*)");
  std::size_t current = dim;
  std::size_t start = 0;
  while (start <= factory.size()) {
    const std::size_t end = std::min(factory.find(',', start), factory.size());
    const std::string component = factory.substr(start, end - start);
    std::smatch m;
    if (std::regex_match(component, m, kReshape)) {
      current = std::stoul(m[1].str());
    } else if (std::regex_match(component, m, kPq) && m[1].length() < 6) {
      const std::size_t sub_quantisers = std::stoul(m[1].str());
      if (sub_quantisers == 0 || current % sub_quantisers != 0) {
        throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "': " + component +
                                                    " needs the dimension (" + std::to_string(current) +
                                                    ") to be a multiple of " + m[1].str());
      }
    }
    start = end + 1;
  }
}

std::unique_ptr<faiss::Index> make_index(const std::string& factory, std::size_t dim) {
  if (dim == 0 || dim > static_cast<std::size_t>(INT_MAX)) {
    throw Error(ErrorCode::InvalidArgument, "vector index: invalid dimension " + std::to_string(dim));
  }
  if (factory.find("IDMap") != std::string::npos) {
    throw Error(ErrorCode::InvalidArgument,
                "vector index factory '" + factory + "': IDMap is not allowed (document ids are managed outside FAISS)");
  }
  check_pq_dimensions(factory, dim);
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::index_factory(static_cast<int>(dim), factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  } catch (const std::exception& e) {  // FaissException, or std::stoi's errors on huge numbers
    throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "' is not valid for dimension " +
                                                std::to_string(dim) + ": " + faiss_message(e));
  }
  const auto* ivf = dynamic_cast<const faiss::IndexIVF*>(core_index(index.get()));
  if (ivf != nullptr && ivf->nlist == 0) {
    throw Error(ErrorCode::InvalidArgument, "vector index factory '" + factory + "': an IVF needs at least one list");
  }
  return index;
}


// An IdFilter seen through the position -> DocId table.
class FilterSelector final : public faiss::IDSelector {
 public:
  FilterSelector(const IdFilter& filter, const std::vector<std::uint32_t>& labels)
      : filter_(filter), labels_(labels.empty() ? nullptr : labels.data()) {}
  bool is_member(idx_t position) const override {
    const auto id = labels_ != nullptr ? labels_[position] : static_cast<std::uint32_t>(position);
    return filter_.allows(id);
  }

 private:
  const IdFilter& filter_;
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

// faiss::write_index into the store's FileWriter (which checksums as it goes).
struct FileSink final : faiss::IOWriter {
  explicit FileSink(store::FileWriter* file) : file(file) {}
  std::size_t operator()(const void* ptr, std::size_t size, std::size_t nitems) override {
    if (file != nullptr) file->append(std::string_view(static_cast<const char*>(ptr), size * nitems));
    bytes += size * nitems;
    return nitems;
  }
  store::FileWriter* file;  // null: only count
  std::uint64_t bytes = 0;
};

// faiss::read_index from a span of the mapped file.
struct SpanSource final : faiss::IOReader {
  explicit SpanSource(std::string_view data) : data(data) {}
  std::size_t operator()(void* ptr, std::size_t size, std::size_t nitems) override {
    if (size == 0 || nitems == 0) return nitems;
    const std::size_t n = std::min(nitems, (data.size() - pos) / size);
    if (n > 0) std::memcpy(ptr, data.data() + pos, n * size);
    pos += n * size;
    return n;
  }
  std::string_view data;
  std::size_t pos = 0;
};

}  // namespace

FaissIndex::FaissIndex(const std::string& factory, std::size_t dim, FaissBuildOptions options)
    : factory_(factory), dim_(dim), options_(options), index_(make_index(factory, dim)) {
  classify();
  // index_factory turns on polysemous training for PQ codes unless the string ends in
  // "np". It reorders the centroids for Hamming-filtered search (Douze, Jégou & Perronnin
  // 2016, "Polysemous codes"), which we never enable (polysemous_ht stays 0), and costs
  // seconds per sub-quantiser (minutes for PQ64): measured, not worth it.
  faiss::Index* core = core_index(index_.get());
  if (auto* ivfpq = dynamic_cast<faiss::IndexIVFPQ*>(core)) ivfpq->do_polysemous_training = false;
  if (auto* pq = dynamic_cast<faiss::IndexPQ*>(core)) pq->do_polysemous_training = false;
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

void FaissIndex::add(const float* rows, std::size_t count, const std::uint32_t* ids) {
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
    for (std::size_t i = 0; i < count && identity; ++i) identity = ids[i] == base + i;
  }
  std::vector<std::uint32_t> labels;
  if (!identity) {
    labels = labels_;
    if (labels.empty()) {
      labels.resize(base);
      for (std::size_t i = 0; i < base; ++i) labels[i] = static_cast<std::uint32_t>(i);
    }
    for (std::size_t i = 0; i < count; ++i) labels.push_back(ids != nullptr ? ids[i] : static_cast<std::uint32_t>(base + i));
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

std::vector<VectorHit> FaissIndex::search(const float* query, std::size_t k, const IdFilter* filter) const {
  return search(query, k, filter, knobs_);
}

std::vector<VectorHit> FaissIndex::search(const float* query, std::size_t k, const IdFilter* filter,
                                          const FaissSearchKnobs& knobs) const {
  const std::size_t n = size();
  std::vector<VectorHit> hits;
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
  switch (params_kind_) {
    case kIvf: {
      const auto* ivf = static_cast<const faiss::IndexIVF*>(core);
      ivf_params.nprobe = knobs.nprobe > 0 ? static_cast<std::size_t>(knobs.nprobe) : ivf->nprobe;
      ivf_params.max_codes = ivf->max_codes;
      params = &ivf_params;
      break;
    }
    case kHnsw:
      // FAISS 1.7.3 sizes HNSW's candidate queue by max(hnsw.efSearch, k) and ignores
      // SearchParametersHNSW::efSearch for it (measured: recall unchanged from 16 to 256).
      // Asking for max(k, ef_search) results and keeping the best k is the same search as
      // efSearch = ef_search (measured: identical ids), without mutating the shared index.
      // An ef_search below the index's stored efSearch (FAISS's default 16) has no effect.
      hnsw_params.efSearch = knobs.ef_search;
      params = &hnsw_params;
      break;
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
  std::size_t fetch = want;
  if (params == nullptr && filter != nullptr) fetch = std::min(n, std::max<std::size_t>(4 * want, 64));
  if (params == &hnsw_params) fetch = std::min(n, std::max(want, static_cast<std::size_t>(std::max(knobs.ef_search, 0))));
  std::vector<float> scores;
  std::vector<faiss::Index::idx_t> positions;
  for (;;) {
    scores.assign(fetch, 0.0f);
    positions.assign(fetch, -1);
    index_->search(1, query, static_cast<faiss::Index::idx_t>(fetch), scores.data(), positions.data(), params);
    hits.clear();
    for (std::size_t i = 0; i < fetch; ++i) {
      if (positions[i] < 0) continue;  // fewer results than asked
      const std::uint32_t id = id_at(positions[i]);
      if (params == nullptr && filter != nullptr && !filter->allows(id)) continue;
      hits.push_back({id, scores[i]});
    }
    if (hits.size() >= want) break;
    if (params == nullptr || params == &hnsw_params) {
      if ((params == nullptr && filter == nullptr) || fetch == n) break;
      fetch = std::min(n, fetch * 4);
      hnsw_params.efSearch = static_cast<int>(fetch);
    } else if (params == &ivf_params) {
      const std::size_t nlist = static_cast<const faiss::IndexIVF*>(core)->nlist;
      if (ivf_params.nprobe >= nlist) break;
      ivf_params.nprobe = std::min(nlist, 4 * ivf_params.nprobe);
    } else {
      break;  // exhaustive already
    }
  }
  sort_hits(hits);
  if (hits.size() > want) hits.resize(want);
  return hits;
}

std::size_t FaissIndex::memory_bytes() const {
  FileSink counter(nullptr);
  faiss::write_index(index_.get(), &counter);
  return static_cast<std::size_t>(counter.bytes) + labels_.size() * sizeof(std::uint32_t);
}

// Payload: u32 dim | string factory | u64 count | u32 ef_search | u32 nprobe |
//          u8 has_labels | [u32 DocId per position] | FAISS's own serialisation | u64 its size
void FaissIndex::save(const std::string& path) const {
  store::FileWriter file(path, kFaissFileMagic, kFaissFileVersion);
  ByteWriter header;
  header.put_u32(static_cast<std::uint32_t>(dim_));
  header.put_string(factory_);
  header.put_u64(size());
  header.put_u32(static_cast<std::uint32_t>(std::max(knobs_.ef_search, 0)));
  header.put_u32(static_cast<std::uint32_t>(std::max(knobs_.nprobe, 0)));
  header.put_u8(labels_.empty() ? 0 : 1);
  file.append(header.bytes());
  file.append(std::string_view(reinterpret_cast<const char*>(labels_.data()), labels_.size() * sizeof(std::uint32_t)));
  FileSink sink(&file);
  try {
    faiss::write_index(index_.get(), &sink);
  } catch (const faiss::FaissException& e) {
    throw Error(ErrorCode::Io, path + ": FAISS cannot write the index: " + faiss_message(e));
  }
  ByteWriter tail;
  tail.put_u64(sink.bytes);
  file.append(tail.bytes());
  file.finish();
}

FaissIndex FaissIndex::load(const std::string& path) {
  const store::MappedFile file(path, kFaissFileMagic, kFaissFileVersion, /*verify_checksum=*/true);
  const std::string_view payload = file.payload();
  const auto corrupt = [&](const std::string& what) { return Error(ErrorCode::Corrupt, path + ": " + what); };
  if (payload.size() < 8) throw corrupt("FAISS index file too short");
  const auto blob_size = load_le<std::uint64_t>(payload.data() + payload.size() - 8);
  ByteReader reader(payload.substr(0, payload.size() - 8), path);
  FaissIndex index;
  index.dim_ = reader.get_u32();
  index.factory_ = reader.get_string();
  const std::uint64_t count = reader.get_u64();
  index.knobs_.ef_search = static_cast<int>(std::min<std::uint32_t>(reader.get_u32(), INT_MAX));
  index.knobs_.nprobe = static_cast<int>(std::min<std::uint32_t>(reader.get_u32(), INT_MAX));
  const std::uint8_t has_labels = reader.get_u8();
  if (has_labels > 1 || count > (std::uint64_t{1} << 31)) throw corrupt("invalid FAISS index header");
  if (has_labels == 1) {
    const std::string_view raw = reader.get_bytes(static_cast<std::size_t>(count) * sizeof(std::uint32_t));
    index.labels_.resize(static_cast<std::size_t>(count));
    std::memcpy(index.labels_.data(), raw.data(), raw.size());
  }
  if (reader.remaining() != blob_size) throw corrupt("FAISS index size does not match the file");
  SpanSource source(reader.get_bytes(reader.remaining()));
  try {
    index.index_.reset(faiss::read_index(&source));
  } catch (const faiss::FaissException& e) {
    throw corrupt("FAISS cannot read the index: " + faiss_message(e));
  }
  if (source.pos != source.data.size() || index.index_->d != static_cast<int>(index.dim_) ||
      index.index_->ntotal != static_cast<faiss::Index::idx_t>(count) ||
      index.index_->metric_type != faiss::METRIC_INNER_PRODUCT) {
    throw corrupt("the FAISS index does not match its header (dimension, count or metric)");
  }
  index.classify();
  return index;
}

void validate_factory(const std::string& factory, std::size_t dim) { make_index(factory, dim); }

std::string default_factory(std::size_t rows, std::size_t dim) {
  (void)dim;
  return rows < 200000 ? "Flat" : "HNSW32";
}

}  // namespace medsearch::vector
