// vector_bench: recall@10 and single-query latency of vector::FaissIndex beside the same
// FAISS index called directly (raw faiss::Index::search, the peer; DESIGN.md §5), on
// seeded synthetic clustered vectors. A benchmark, not a test: it prints a table (and
// JSON with --json); bench/vector_bench.sh builds and runs it, bench/README.md explains it.
//
//   vector_bench [N] [--n N] [--dims 384,768] [--queries 500] [--flat-queries 50]
//                [--indexes flat,hnsw,ivfpq,exact] [--hnsw HNSW32]... [--ef 16,32,64,128,256]
//                [--ivfpq IVF<4 sqrt N>,PQ64] [--nprobe 1,4,16,64] [--ef-construction 0]
//                [--kmeans-iters 0] [--clusters 1000] [--latent-dim 32] [--latent-scale 0.6]
//                [--noise 0.2] [--seed 1] [--json FILE] [--stock] [--filter 0.001,0.01]
//
// --hnsw may be repeated (default: HNSW32 and HNSW32,SQfp16).
//
// --filter F,...: also times each HNSW index's filtered search (k = 10, ef_search 128) with
// a seeded random F of the ids allowed, three ways: the engine's plan (FaissSearchBounds at
// the allowed count, then ExactIndex over the allowed ids when fewer than k came back:
// engine::DenseIndex, decision 0038), FAISS widening without a bound (the plan before it),
// and ExactIndex over the allowed ids alone. Recall is against that exact answer.
//
// Data: `clusters` centroids c ~ N(0, I/d); a row is c + latent-scale * B z + noise * g / sqrt(d)
// (B: a fixed random d x latent-dim matrix with columns of norm ~1, z ~ N(0, I), g ~ N(0, I)),
// normalised to unit length, as sentence encoders' outputs are. The latent part gives
// each cluster a low intrinsic dimension, like real embeddings; --latent-dim 0 leaves
// only isotropic noise, the hardest case for graph and quantisation indexes. Queries are
// fresh rows from the same distribution.
//
// Truth: the exact top-10 of each query by the Flat index's batched search (BLAS); the
// first queries are checked against vector::ExactIndex (the project's oracle).
// Latency: one query at a time on one thread, ours and raw alternated query by query (so
// load on the shared machine hits both alike), after an untimed warm-up. Each row's knob
// is set with FaissIndex::set_knobs, which stores it in the FAISS index as FAISS users
// would (hnsw.efSearch, nprobe); raw then calls faiss::Index::search(1 query, k = 10)
// with OpenMP limited to one thread, ours FaissIndex::search(query, 10, no filter).
// Build: seconds for train + add with all cores. Memory: FaissIndex::memory_bytes().
// --stock builds with FaissBuildOptions::simd_flat_storage = false: FAISS's own flat
// storage, whose inner products are a scalar loop in Debian's build (faiss_flat_storage.hpp).
#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/vector/exact_index.hpp"
#include "medsearch/vector/faiss_index.hpp"

namespace {

using medsearch::vector::ExactIndex;
using medsearch::vector::FaissIndex;
using medsearch::vector::FaissSearchKnobs;
using medsearch::RankedList;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kK = 10;

struct Options {
  std::size_t n = 1'000'000;
  std::vector<int> dims = {384, 768};
  std::size_t queries = 500;
  std::size_t flat_queries = 50;
  std::vector<std::string> indexes = {"flat", "hnsw", "ivfpq", "exact"};
  std::vector<std::string> hnsw;  // empty: HNSW32 and HNSW32,SQfp16
  std::vector<int> ef = {16, 32, 64, 128, 256};
  std::string ivfpq;  // empty: "IVF<nlist>,PQ64", nlist the power of two nearest 4 sqrt(N), at most 4096
  std::vector<int> nprobe = {1, 4, 16, 64};
  int ef_construction = 0;
  int kmeans_iterations = 0;
  std::size_t clusters = 1000;
  std::size_t latent_dim = 32;
  float latent_scale = 0.6f;
  float noise = 0.2f;
  std::uint64_t seed = 1;
  std::string json;
  bool stock = false;  // FAISS's own scalar flat storage instead of ours (SIMD)
  std::vector<double> filter;  // allowed fractions for the filtered HNSW searches; empty: none
};

// --- data -------------------------------------------------------------------------

// splitmix64 (Steele, Lea & Flood 2014): a counter-based stream, so rows can be generated
// in parallel and still be the same for a seed.
struct Stream {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1p-53; }  // (0, 1)
  // Box-Muller (1958); one of the pair is dropped, for simplicity.
  float normal() { return static_cast<float>(std::sqrt(-2.0 * std::log(uniform())) * std::cos(2 * M_PI * uniform())); }
};

class Generator {
 public:
  Generator(const Options& o, std::size_t dim) : o_(o), dim_(dim) {
    Stream s{o.seed * 1000003 + dim};
    centroids_.resize(o.clusters * dim);
    const float c_scale = 1.0f / std::sqrt(static_cast<float>(dim));
    for (float& v : centroids_) v = s.normal() * c_scale;
    basis_.resize(o.latent_dim * dim);  // row l = column l of B
    for (float& v : basis_) v = s.normal() * c_scale;
  }

  // Rows [first, first + count) of stream `stream` (0: corpus, 1: queries), in parallel.
  std::vector<float> rows(std::size_t first, std::size_t count, std::uint64_t stream) const {
    std::vector<float> out(count * dim_);
    const std::size_t workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
      threads.emplace_back([&, w] {
        std::vector<float> z(o_.latent_dim);
        for (std::size_t r = w; r < count; r += workers) make_row(first + r, stream, z, out.data() + r * dim_);
      });
    }
    for (auto& t : threads) t.join();
    return out;
  }

 private:
  void make_row(std::size_t row, std::uint64_t stream, std::vector<float>& z, float* out) const {
    Stream s{(o_.seed << 40) ^ (stream << 36) ^ (row * 0x2545f4914f6cdd1dULL)};
    const float* c = centroids_.data() + (s.next() % o_.clusters) * dim_;
    const float g_scale = o_.noise / std::sqrt(static_cast<float>(dim_));
    for (std::size_t j = 0; j < dim_; ++j) out[j] = c[j] + g_scale * s.normal();
    for (auto& v : z) v = o_.latent_scale * s.normal();
    for (std::size_t l = 0; l < z.size(); ++l) {
      const float* b = basis_.data() + l * dim_;
      for (std::size_t j = 0; j < dim_; ++j) out[j] += z[l] * b[j];
    }
    double norm = 0;
    for (std::size_t j = 0; j < dim_; ++j) norm += double{out[j]} * out[j];
    const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (std::size_t j = 0; j < dim_; ++j) out[j] *= inv;
  }

  const Options& o_;
  std::size_t dim_;
  std::vector<float> centroids_, basis_;
};

// --- measurement ------------------------------------------------------------------

struct Row {
  int dim = 0;
  std::string index, knob;
  double recall = 0, ours_p50 = 0, ours_p99 = 0, raw_p50 = 0, raw_p99 = 0, build_s = 0;
  double ours_mean = 0, raw_mean = 0;
  std::size_t bytes = 0, queries = 0;
  bool has_raw = true;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double recall_of(const std::vector<std::int64_t>& truth, std::size_t q, const std::vector<std::uint32_t>& got) {
  std::size_t found = 0;
  for (const auto id : got) found += std::count(truth.begin() + q * kK, truth.begin() + (q + 1) * kK, id);
  return static_cast<double>(found) / kK;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Times `queries` queries through ours(q) and raw(q), interleaved; fills the row. At step
// s ours runs query s and raw query s + queries/2 (mod queries), so both run every query
// once, at the same moments, and neither runs a query right after the other did (its
// graph nodes or lists still in cache). Which goes first alternates.
template <typename Ours, typename Raw>
void time_queries(Row& row, std::size_t queries, const std::vector<std::int64_t>& truth, Ours ours, Raw raw) {
  const int default_threads = omp_get_max_threads();
  const std::size_t warm = std::min<std::size_t>(queries, 20);
  for (std::size_t q = 0; q < warm; ++q) {
    ours(q);
    if (row.has_raw) raw(q);
  }
  std::vector<double> ours_ms, raw_ms;
  double recall = 0;
  const auto time_ours = [&](std::size_t q) {
    const auto t0 = Clock::now();
    const std::vector<std::uint32_t> ids = ours(q);
    ours_ms.push_back(ms_since(t0));
    recall += recall_of(truth, q, ids);
  };
  const auto time_raw = [&](std::size_t q) {
    omp_set_num_threads(1);  // outside the timed part: raw FAISS on one thread, as ours
    const auto t0 = Clock::now();
    raw(q);
    raw_ms.push_back(ms_since(t0));
    omp_set_num_threads(default_threads);
  };
  for (std::size_t step = 0; step < queries; ++step) {
    const std::size_t other = (step + queries / 2) % queries;
    if (!row.has_raw) {
      time_ours(step);
    } else if (step % 2 == 0) {
      time_ours(step);
      time_raw(other);
    } else {
      time_raw(other);
      time_ours(step);
    }
  }
  row.queries = queries;
  row.recall = recall / static_cast<double>(queries);
  row.ours_p50 = percentile(ours_ms, 0.5);
  row.ours_p99 = percentile(ours_ms, 0.99);
  row.raw_p50 = percentile(raw_ms, 0.5);
  row.raw_p99 = percentile(raw_ms, 0.99);
  const auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (const double x : v) sum += x;
    return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
  };
  row.ours_mean = mean(ours_ms);
  row.raw_mean = mean(raw_ms);
}

std::vector<std::uint32_t> ids_of(const RankedList& hits) {
  std::vector<std::uint32_t> ids;
  for (const auto& h : hits) ids.push_back(h.doc.value);
  return ids;
}

// Raw FAISS: k = 10, no parameters, the knob set on the index as its users do.
std::vector<std::uint32_t> raw_search(const faiss::Index& index, const float* query) {
  float scores[kK];
  faiss::Index::idx_t labels[kK];
  index.search(1, query, kK, scores, labels);
  return std::vector<std::uint32_t>(labels, labels + kK);
}

void print_row(const Row& r) {
  char raw[64] = "-", ratio[32] = "-";
  if (r.has_raw) {
    std::snprintf(raw, sizeof raw, "%8.3f %8.3f", r.raw_p50, r.raw_p99);
    std::snprintf(ratio, sizeof ratio, "%5.3f", r.ours_p50 / r.raw_p50);
  }
  std::printf("| %4d | %-14s | %-11s | %6.3f | %8.3f %8.3f | %17s | %6s | %8.1f | %9.1f | %5zu |\n", r.dim,
              r.index.c_str(), r.knob.c_str(), r.recall, r.ours_p50, r.ours_p99, raw, ratio, r.build_s,
              static_cast<double>(r.bytes) / 1e6, r.queries);
  std::fflush(stdout);
}

void write_json(const std::string& path, const Options& o, const std::vector<Row>& rows) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    std::fprintf(stderr, "vector_bench: cannot write %s\n", path.c_str());
    return;
  }
  std::fprintf(f,
               "{\"n\": %zu, \"clusters\": %zu, \"latent_dim\": %zu, \"latent_scale\": %g, \"noise\": %g, \"stock\": %s, "
               "\"rows\": [\n",
               o.n, o.clusters, o.latent_dim, o.latent_scale, o.noise, o.stock ? "true" : "false");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::fprintf(f,
                 "  {\"dim\": %d, \"index\": \"%s\", \"knob\": \"%s\", \"recall_at_10\": %.4f, \"ours_p50_ms\": %.4f, "
                 "\"ours_p99_ms\": %.4f, \"raw_p50_ms\": %.4f, \"raw_p99_ms\": %.4f, \"ours_mean_ms\": %.4f, \"raw_mean_ms\": %.4f, \"build_s\": %.2f, "
                 "\"bytes\": %zu, \"queries\": %zu}%s\n",
                 r.dim, r.index.c_str(), r.knob.c_str(), r.recall, r.ours_p50, r.ours_p99, r.has_raw ? r.raw_p50 : 0.0,
                 r.has_raw ? r.raw_p99 : 0.0, r.ours_mean, r.has_raw ? r.raw_mean : 0.0, r.build_s, r.bytes, r.queries, i + 1 < rows.size() ? "," : "");
  }
  std::fprintf(f, "]}\n");
  std::fclose(f);
}

// --- one dimension --------------------------------------------------------------------

FaissIndex build_index(const std::string& factory, int dim, const std::vector<float>& data, const Options& o,
                       double& seconds) {
  medsearch::vector::FaissBuildOptions build;
  build.ef_construction = o.ef_construction;
  build.simd_flat_storage = !o.stock;
  build.kmeans_iterations = o.kmeans_iterations;
  const auto t0 = Clock::now();
  FaissIndex index(factory, static_cast<std::size_t>(dim), build);
  index.add(data.data(), data.size() / static_cast<std::size_t>(dim));
  seconds = ms_since(t0) / 1000;
  return index;
}

// Filtered HNSW searches (--filter): per allowed fraction, p50/p99 ms and recall@10 of the
// engine's plan, unbounded widening and the exact scan of the allowed ids, each query
// through all three in turn (the order rotating), after a warm-up.
void bench_filtered(int dim, const std::string& factory, const FaissIndex& hnsw, const ExactIndex& exact,
                    const std::vector<float>& queries, const Options& o) {
  const auto d = static_cast<std::size_t>(dim);
  const medsearch::vector::FaissSearchKnobs knobs{.ef_search = 128, .nprobe = 0};
  for (const double fraction : o.filter) {
    medsearch::DocSet allowed(static_cast<std::uint32_t>(o.n));
    Stream s{o.seed * 7919 + static_cast<std::uint64_t>(fraction * 1e9)};
    for (std::size_t i = 0; i < o.n; ++i) {
      if (s.uniform() < fraction) allowed.insert(medsearch::DocId(static_cast<std::uint32_t>(i)));
    }
    const std::size_t count = allowed.count();
    std::vector<medsearch::DocId> candidates;
    allowed.for_each([&](medsearch::DocId id) { candidates.push_back(id); });
    const std::size_t queries_n = std::min(o.queries, o.flat_queries);
    const auto planned = [&](const float* q) {
      RankedList hits = hnsw.search(q, kK, &allowed, knobs, {.max_round_visits = count});
      if (hits.size() < std::min(kK, count)) hits = exact.search_candidates(q, kK, candidates);
      return hits;
    };
    const auto unbounded = [&](const float* q) { return hnsw.search(q, kK, &allowed, knobs); };
    const auto scan = [&](const float* q) { return exact.search_candidates(q, kK, candidates); };
    std::vector<double> ms[3];
    double found[3] = {0, 0, 0};
    for (std::size_t q = 0; q < std::min<std::size_t>(queries_n, 5); ++q) (void)planned(queries.data() + q * d);
    for (std::size_t q = 0; q < queries_n; ++q) {
      const float* query = queries.data() + q * d;
      const std::vector<std::uint32_t> truth = ids_of(scan(query));
      for (std::size_t j = 0; j < 3; ++j) {
        const std::size_t way = (q + j) % 3;
        const auto t0 = Clock::now();
        const RankedList hits = way == 0 ? planned(query) : way == 1 ? unbounded(query) : scan(query);
        ms[way].push_back(ms_since(t0));
        for (const auto& h : hits)
          found[way] += static_cast<double>(std::count(truth.begin(), truth.end(), h.doc.value));
      }
    }
    const auto want = static_cast<double>(queries_n * std::min(kK, count));
    std::printf(
        "| %4d | %-14s | filter %-6g | %8zu allowed | plan %8.3f %8.3f R %.3f | unbounded %8.3f %8.3f R %.3f | exact "
        "%8.3f %8.3f |\n",
        dim, factory.c_str(), fraction, count, percentile(ms[0], 0.5), percentile(ms[0], 0.99), found[0] / want,
        percentile(ms[1], 0.5), percentile(ms[1], 0.99), found[1] / want, percentile(ms[2], 0.5),
        percentile(ms[2], 0.99));
    std::fflush(stdout);
  }
}

void bench_dim(int dim, const Options& o, std::vector<Row>& rows) {
  const auto d = static_cast<std::size_t>(dim);
  auto t0 = Clock::now();
  const Generator gen(o, d);
  const std::vector<float> data = gen.rows(0, o.n, 0);
  const std::vector<float> queries = gen.rows(0, o.queries, 1);
  std::fprintf(stderr, "[%d] generated %zu rows in %.1f s\n", dim, o.n, ms_since(t0) / 1000);
  const auto query = [&](std::size_t q) { return queries.data() + q * d; };

  // Truth, by the Flat index's batched (BLAS) search; kept for the Flat rows.
  double flat_build = 0;
  auto flat = std::make_unique<FaissIndex>(build_index("Flat", dim, data, o, flat_build));
  t0 = Clock::now();
  std::vector<float> truth_scores(o.queries * kK);
  std::vector<std::int64_t> truth(o.queries * kK);
  flat->native().search(static_cast<faiss::Index::idx_t>(o.queries), queries.data(), kK, truth_scores.data(),
                        truth.data());
  std::fprintf(stderr, "[%d] exact truth for %zu queries in %.1f s\n", dim, o.queries, ms_since(t0) / 1000);
  ExactIndex exact(d);
  exact.add_matrix(data.data(), o.n, medsearch::DocId(0));
  for (std::size_t q = 0; q < std::min<std::size_t>(o.queries, 3); ++q) {
    if (recall_of(truth, q, ids_of(exact.search(query(q), kK, nullptr))) < 1.0) {
      std::fprintf(stderr, "[%d] warning: ExactIndex and FAISS Flat disagree on query %zu (ties?)\n", dim, q);
    }
  }
  const auto wants = [&](const char* name) { return std::find(o.indexes.begin(), o.indexes.end(), name) != o.indexes.end(); };

  if (wants("exact")) {
    Row row{.dim = dim, .index = "Exact (ours)", .knob = "-"};
    row.has_raw = false;
    time_queries(row, std::min(o.flat_queries, o.queries), truth,
                 [&](std::size_t q) { return ids_of(exact.search(query(q), kK, nullptr)); }, [](std::size_t) {});
    row.bytes = o.n * d * sizeof(float);
    rows.push_back(row);
    print_row(row);
  }
  if (wants("flat")) {
    Row row{.dim = dim, .index = "Flat", .knob = "-", .build_s = flat_build, .bytes = flat->memory_bytes()};
    time_queries(row, std::min(o.flat_queries, o.queries), truth,
                 [&](std::size_t q) { return ids_of(flat->search(query(q), kK, nullptr)); },
                 [&](std::size_t q) { return raw_search(flat->native(), query(q)); });
    rows.push_back(row);
    print_row(row);
  }
  flat.reset();

  for (const std::string& factory : wants("hnsw") ? o.hnsw : std::vector<std::string>{}) {
    double seconds = 0;
    FaissIndex hnsw = build_index(factory, dim, data, o, seconds);
    std::fprintf(stderr, "[%d] %s built in %.1f s\n", dim, factory.c_str(), seconds);
    auto& native = dynamic_cast<faiss::IndexHNSW&>(hnsw.native());
    const std::size_t bytes = hnsw.memory_bytes();
    for (const int ef : o.ef) {
      Row row{.dim = dim, .index = factory, .knob = "ef=" + std::to_string(ef), .build_s = seconds, .bytes = bytes};
      hnsw.set_knobs({.ef_search = ef, .nprobe = 0});
      native.hnsw.efSearch = ef;  // raw FAISS's way; ours asks for ef results instead (faiss_index.cpp)
      time_queries(row, o.queries, truth, [&](std::size_t q) { return ids_of(hnsw.search(query(q), kK, nullptr)); },
                   [&](std::size_t q) { return raw_search(native, query(q)); });
      native.hnsw.efSearch = 1;  // as FaissIndex keeps it
      rows.push_back(row);
      print_row(row);
    }
    bench_filtered(dim, factory, hnsw, exact, queries, o);
  }

  if (wants("ivfpq")) {
    double seconds = 0;
    FaissIndex ivf = build_index(o.ivfpq, dim, data, o, seconds);
    std::fprintf(stderr, "[%d] %s built in %.1f s\n", dim, o.ivfpq.c_str(), seconds);
    auto* native = dynamic_cast<faiss::IndexIVF*>(&ivf.native());
    const std::size_t bytes = ivf.memory_bytes();
    for (const int nprobe : o.nprobe) {
      Row row{.dim = dim, .index = o.ivfpq, .knob = "nprobe=" + std::to_string(nprobe), .build_s = seconds, .bytes = bytes};
      ivf.set_knobs({.ef_search = 0, .nprobe = nprobe});  // also sets the IVF's nprobe, which raw uses
      row.has_raw = native != nullptr;
      time_queries(row, o.queries, truth, [&](std::size_t q) { return ids_of(ivf.search(query(q), kK, nullptr)); },
                   [&](std::size_t q) { return raw_search(*native, query(q)); });
      rows.push_back(row);
      print_row(row);
    }
  }
}

// --- options ----------------------------------------------------------------------

template <typename T>
std::vector<T> parse_list(const std::string& text) {
  std::vector<T> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if constexpr (std::is_same_v<T, std::string>) {
      out.push_back(item);
    } else if constexpr (std::is_floating_point_v<T>) {
      out.push_back(static_cast<T>(std::stod(item)));
    } else {
      out.push_back(static_cast<T>(std::stol(item)));
    }
  }
  return out;
}

int usage() {
  std::fprintf(
      stderr,
      "usage: vector_bench [N] [--n N] [--dims 384,768] [--queries 500] [--flat-queries 50]\n"
      "  [--indexes flat,hnsw,ivfpq,exact] [--hnsw HNSW32]... [--ef 16,32,64,128,256] [--ivfpq IVF<4 sqrt N>,PQ64]\n"
      "  [--nprobe 1,4,16,64] [--ef-construction 0] [--kmeans-iters 0] [--clusters 1000] [--latent-dim 32] "
      "[--latent-scale 0.6]\n"
      "  [--noise 0.2] [--seed 1] [--json FILE] [--stock] [--filter 0.001,0.01]\n"
      "  --stock: FAISS's own flat storage (scalar inner products in Debian's build) instead of ours\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string name = argv[i];
      if (name == "-h" || name == "--help") return usage();
      if (name == "--stock") {
        o.stock = true;
        continue;
      }
      if (name[0] != '-') {
        o.n = std::stoul(name);
        continue;
      }
      if (i + 1 >= argc) return usage();
      const std::string value = argv[++i];
      if (name == "--n") o.n = std::stoul(value);
      else if (name == "--dims") o.dims = parse_list<int>(value);
      else if (name == "--queries") o.queries = std::stoul(value);
      else if (name == "--flat-queries") o.flat_queries = std::stoul(value);
      else if (name == "--indexes") o.indexes = parse_list<std::string>(value);
      else if (name == "--hnsw") o.hnsw.push_back(value);
      else if (name == "--ef") o.ef = parse_list<int>(value);
      else if (name == "--ivfpq") o.ivfpq = value;
      else if (name == "--nprobe") o.nprobe = parse_list<int>(value);
      else if (name == "--ef-construction") o.ef_construction = std::stoi(value);
      else if (name == "--kmeans-iters") o.kmeans_iterations = std::stoi(value);
      else if (name == "--clusters") o.clusters = std::stoul(value);
      else if (name == "--latent-dim") o.latent_dim = std::stoul(value);
      else if (name == "--latent-scale") o.latent_scale = std::stof(value);
      else if (name == "--noise") o.noise = std::stof(value);
      else if (name == "--seed") o.seed = std::stoull(value);
      else if (name == "--json") o.json = value;
      else if (name == "--filter")
        o.filter = parse_list<double>(value);
      else return usage();
    }
    if (o.n < kK || o.queries == 0 || o.clusters == 0) return usage();
    if (o.hnsw.empty()) o.hnsw = {"HNSW32", "HNSW32,SQfp16"};
    if (o.ivfpq.empty()) {
      // FAISS's guidelines put nlist around 4 sqrt(N) to 16 sqrt(N) (wiki "Guidelines to
      // choose an index"); 4096 at 1M, the usual benchmark setting.
      const double target = 4 * std::sqrt(static_cast<double>(o.n));
      std::size_t nlist = 1;
      while (nlist < 4096 && nlist * 2 <= static_cast<std::size_t>(target * 1.41)) nlist *= 2;
      o.ivfpq = "IVF" + std::to_string(nlist) + ",PQ64";
    }
    std::printf("vector_bench: N=%zu, %zu queries (Flat/Exact: %zu), k=%zu, %zu clusters, latent dim %zu x %.2f, noise %.2f, "
                "build threads %d, %s flat storage\n",
                o.n, o.queries, std::min(o.flat_queries, o.queries), kK, o.clusters, o.latent_dim, o.latent_scale, o.noise,
                omp_get_max_threads(), o.stock ? "FAISS's stock" : "SIMD");
    std::printf("| dim  | index          | knob        | R@10   | ours p50 p99 (ms) | raw p50 p99 (ms)  | p50 ×  | build s  | memory MB | n q   |\n"
                "|------|----------------|-------------|--------|-------------------|-------------------|--------|----------|-----------|-------|\n");
    std::vector<Row> rows;
    for (const int dim : o.dims) bench_dim(dim, o, rows);
    if (!o.json.empty()) write_json(o.json, o, rows);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vector_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
