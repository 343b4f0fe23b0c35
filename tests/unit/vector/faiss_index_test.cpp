#include "medsearch/vector/faiss_index.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "medsearch/core/error.hpp"
#include "medsearch/vector/exact_index.hpp"
#include "medsearch/vector/vector_file.hpp"
#include "support/temp_dir.hpp"
#include "unit/vector/clustered_vectors.hpp"

namespace medsearch::vector {
namespace {

using medsearch::testing::read_file;
using medsearch::testing::TempDir;

constexpr std::size_t kDim = 32;
constexpr std::size_t kRows = 20000;
constexpr std::size_t kQueries = 100;
constexpr std::size_t kK = 10;

// One corpus for the whole suite (20k x 32, 200 clusters), its queries and exact answers.
struct Corpus {
  std::vector<float> rows, queries;
  ExactIndex exact{kDim};
  std::vector<RankedList> truth;  // exact top-k of each query, unfiltered
  Corpus() {
    testing::ClusteredVectors gen(kDim, 200, 42);
    rows = gen.rows(kRows);
    queries = gen.rows(kQueries);
    exact.add_matrix(rows.data(), kRows, DocId(0));
    for (std::size_t q = 0; q < kQueries; ++q) truth.push_back(exact.search(query(q), kK, nullptr));
  }
  const float* query(std::size_t q) const { return queries.data() + q * kDim; }
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

std::vector<std::uint32_t> ids_of(const RankedList& hits) {
  std::vector<std::uint32_t> ids;
  for (const auto& h : hits) ids.push_back(h.doc.value);
  return ids;
}

// Mean over the queries of |approximate top-k ∩ exact top-k| / k.
double recall_at_k(const VectorIndex& index, const DocSet* filter) {
  std::size_t found = 0, wanted = 0;
  for (std::size_t q = 0; q < kQueries; ++q) {
    const auto truth = ids_of(filter == nullptr ? corpus().truth[q] : corpus().exact.search(corpus().query(q), kK, filter));
    const auto got = ids_of(index.search(corpus().query(q), kK, filter));
    for (const auto id : got) found += std::count(truth.begin(), truth.end(), id);
    wanted += truth.size();
  }
  return static_cast<double>(found) / static_cast<double>(wanted);
}

// One build thread: deterministic HNSW graphs, and no OpenMP barrier spinning on a
// loaded test machine.
constexpr FaissBuildOptions kOneThread{.threads = 1};

// An index over the first `rows` rows of the corpus (ids 0..rows-1).
FaissIndex build(const std::string& factory, std::size_t rows = kRows) {
  FaissIndex index(factory, kDim, kOneThread);
  index.add(corpus().rows.data(), rows);
  return index;
}

template <typename F>
void expect_error(F&& f, ErrorCode code, const std::string& needle) {
  try {
    f();
    FAIL() << "no error; expected one naming " << needle;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(FaissIndex, FlatEqualsExactSearch) {
  TempDir dir;
  const FaissIndex flat = build("Flat");
  EXPECT_EQ(flat.size(), kRows);
  EXPECT_EQ(flat.dim(), kDim);
  flat.save(dir.file("flat.faiss"));
  const FaissIndex loaded = FaissIndex::load(dir.file("flat.faiss"));
  FaissBuildOptions stock_options = kOneThread;
  stock_options.simd_flat_storage = false;
  FaissIndex stock("Flat", kDim, stock_options);
  stock.add(corpus().rows.data(), kRows);
  for (std::size_t q = 0; q < kQueries; ++q) {
    const auto& want = corpus().truth[q];
    for (const FaissIndex* index : {&flat, &loaded, static_cast<const FaissIndex*>(&stock)}) {
      const auto got = index->search(corpus().query(q), kK, nullptr);
      ASSERT_EQ(ids_of(got), ids_of(want)) << "query " << q;
      for (std::size_t i = 0; i < kK; ++i) {
        if (index == &stock) {
          EXPECT_NEAR(got[i].score, want[i].score, 1e-5);  // FAISS's own summation order
        } else {
          EXPECT_EQ(got[i].score, want[i].score);  // the same inner_product as ExactIndex
        }
      }
    }
  }
}

TEST(FaissIndex, HnswRecallAgainstExact) {
  const FaissIndex hnsw = build("HNSW32");
  const double recall = recall_at_k(hnsw, nullptr);
  RecordProperty("recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.95);
}

TEST(FaissIndex, HnswOverFp16RecallAgainstExact) {
  const FaissIndex hnsw = build("HNSW32,SQfp16");  // the vectors as the segment files hold them
  EXPECT_GE(recall_at_k(hnsw, nullptr), 0.95);
}

// "SQfp16" (flat fp16 codes) scores exactly as ExactIndex over the same fp16 rows.
TEST(FaissIndex, Fp16FlatEqualsExactOverFp16Rows) {
  TempDir dir;
  VectorFileWriter writer(dir.file("seg.vec"), kDim, "m");
  writer.append(corpus().rows.data(), kRows);
  writer.finish();
  ExactIndex exact(kDim);
  exact.add_file(std::make_shared<VectorFile>(dir.file("seg.vec")), DocId(0));
  const FaissIndex fp16 = build("SQfp16");
  for (std::size_t q = 0; q < 20; ++q) {
    const auto want = exact.search(corpus().query(q), kK, nullptr);
    const auto got = fp16.search(corpus().query(q), kK, nullptr);
    ASSERT_EQ(ids_of(got), ids_of(want)) << "query " << q;
    for (std::size_t i = 0; i < kK; ++i) EXPECT_EQ(got[i].score, want[i].score);
  }
}

TEST(FaissIndex, IvfRecallAgainstExact) {
  const FaissIndex ivf = build("IVF128,Flat");  // default knobs: nprobe 16 of 128 lists
  const double recall = recall_at_k(ivf, nullptr);
  RecordProperty("recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.9);
  const FaissIndex ivfpq = build("IVF128,PQ8");  // 4 dims per sub-quantiser, 1 byte each: lossy
  EXPECT_GE(recall_at_k(ivfpq, nullptr), 0.4);  // measured 0.48
}

TEST(FaissIndex, KnobsTradeRecall) {
  const FaissIndex ivf = build("IVF128,Flat");
  double low = 0, high = 0;
  for (std::size_t q = 0; q < kQueries; ++q) {
    const auto truth = ids_of(corpus().truth[q]);
    for (const auto& [nprobe, sum] : {std::pair{1, &low}, std::pair{128, &high}}) {
      const auto got = ids_of(ivf.search(corpus().query(q), kK, nullptr, FaissSearchKnobs{.ef_search = 0, .nprobe = nprobe}));
      for (const auto id : got) *sum += std::count(truth.begin(), truth.end(), id);
    }
  }
  EXPECT_LT(low, high);
  EXPECT_EQ(high, static_cast<double>(kQueries * kK));  // every list probed: exact

  FaissIndex hnsw = build("HNSW8");  // a sparse graph, where ef_search matters
  hnsw.set_knobs({.ef_search = 200, .nprobe = 0});  // per-query values override it both ways
  double narrow = 0, wide = 0;
  for (std::size_t q = 0; q < kQueries; ++q) {
    const auto truth = ids_of(corpus().truth[q]);
    for (const auto& [ef, sum] : {std::pair{10, &narrow}, std::pair{400, &wide}}) {
      const auto got = ids_of(hnsw.search(corpus().query(q), kK, nullptr, FaissSearchKnobs{.ef_search = ef, .nprobe = 0}));
      ASSERT_EQ(got.size(), kK);
      for (const auto id : got) *sum += std::count(truth.begin(), truth.end(), id);
    }
  }
  RecordProperty("hnsw8_recall_ef10", std::to_string(narrow / (kQueries * kK)));
  EXPECT_LT(narrow, wide);
  EXPECT_GE(wide / (kQueries * kK), 0.99);
}

// A per-query ef_search is the same search as that ef_search as the index's default.
TEST(FaissIndex, PerQueryEfSearchEqualsStoredEfSearch) {
  FaissIndex hnsw = build("HNSW8");
  for (const int ef : {24, 100}) {
    std::vector<std::vector<std::uint32_t>> per_query;
    hnsw.set_knobs({.ef_search = 16, .nprobe = 0});
    for (std::size_t q = 0; q < kQueries; ++q) {
      per_query.push_back(ids_of(hnsw.search(corpus().query(q), kK, nullptr, {.ef_search = ef, .nprobe = 0})));
    }
    hnsw.set_knobs({.ef_search = ef, .nprobe = 0});
    for (std::size_t q = 0; q < kQueries; ++q) {
      ASSERT_EQ(ids_of(hnsw.search(corpus().query(q), kK, nullptr)), per_query[q]) << "ef " << ef << " query " << q;
    }
  }
}

TEST(FaissIndex, FilteredSearchReturnsOnlyAllowedIds) {
  const auto words = testing::filter_words(kRows, [](std::uint32_t id) { return id % 7 == 0 || (id >= 9000 && id < 9100); });
  const DocSet& filter = words;
  const FaissIndex flat = build("Flat");
  for (std::size_t q = 0; q < kQueries; ++q) {
    ASSERT_EQ(ids_of(flat.search(corpus().query(q), kK, &filter)),
              ids_of(corpus().exact.search(corpus().query(q), kK, &filter)))
        << "query " << q;
  }
  for (const char* factory : {"HNSW16", "IVF128,Flat", "PQ4"}) {  // PQ4: IndexPQ, filtered afterwards
    const FaissIndex index = build(factory);
    for (std::size_t q = 0; q < kQueries; ++q) {
      const auto hits = index.search(corpus().query(q), kK, &filter);
      EXPECT_EQ(hits.size(), kK) << factory;
      for (const auto& h : hits) ASSERT_TRUE(filter.contains(h.doc)) << factory << " returned " << h.doc.value;
    }
    if (std::string(factory) != "PQ4") {
      EXPECT_GE(recall_at_k(index, &filter), 0.9) << factory;
    }
  }
}

// A filter allowing a handful of ids: the search widens (ef_search, nprobe, or the number
// fetched) until it has found them all.
TEST(FaissIndex, VerySelectiveFilterWidensUntilFound) {
  const std::vector<std::uint32_t> allowed = {3, 1000, 2500, 4000, 4999};
  const auto words = testing::filter_words(5000, [&](std::uint32_t id) {
    return std::find(allowed.begin(), allowed.end(), id) != allowed.end();
  });
  const DocSet& filter = words;
  for (const char* factory : {"Flat", "HNSW16", "IVF64,Flat", "PQ4"}) {
    const FaissIndex index = build(factory, 5000);
    for (std::size_t q = 0; q < 5; ++q) {
      auto ids = ids_of(index.search(corpus().query(q), kK, &filter));
      std::sort(ids.begin(), ids.end());
      EXPECT_EQ(ids, allowed) << factory;
    }
  }
}

// FaissSearchBounds: a widening round that would visit more vectors than the bound is not
// run, and the search answers with what it has. The same five ids as above, k = 10.
// HNSW16 (level-0 degree 32) at ef_search 16 over 5,000 rows: round 1 queues 16 (at most
// 512 visits), round 2 queues 64 (2,048), round 3 256 (min(5,000, 8,192) = 5,000).
// IVF64,Flat at nprobe 16: round 2 probes all 64 lists (64 centroids + 5,000 vectors).
TEST(FaissIndex, AWideningRoundPastTheBoundIsNotRun) {
  const std::vector<std::uint32_t> allowed = {3, 1000, 2500, 4000, 4999};
  const auto words = testing::filter_words(
      5000, [&](std::uint32_t id) { return std::find(allowed.begin(), allowed.end(), id) != allowed.end(); });
  const DocSet& filter = words;
  const auto found = [&](const FaissIndex& index, const FaissSearchKnobs& knobs, std::size_t bound, std::size_t q) {
    auto ids =
        ids_of(index.search(corpus().query(q), kK, &filter, knobs, FaissSearchBounds{.max_round_visits = bound}));
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const FaissIndex hnsw = build("HNSW16", 5000);
  const FaissSearchKnobs ef16{.ef_search = 16, .nprobe = 0};
  const FaissIndex ivf = build("IVF64,Flat", 5000);
  const FaissSearchKnobs nprobe16{.ef_search = 0, .nprobe = 16};
  for (std::size_t q = 0; q < 5; ++q) {
    // One round only: not all five (else this test could not tell a bound from none).
    const auto hnsw_one = found(hnsw, ef16, 1, q);
    EXPECT_LT(hnsw_one.size(), allowed.size()) << "query " << q;
    EXPECT_EQ(found(hnsw, ef16, 2047, q), hnsw_one) << "query " << q;
    const auto hnsw_two = found(hnsw, ef16, 2048, q);
    EXPECT_GE(hnsw_two.size(), hnsw_one.size()) << "query " << q;
    EXPECT_EQ(found(hnsw, ef16, 4999, q), hnsw_two) << "query " << q;
    EXPECT_EQ(found(hnsw, ef16, 5000, q), allowed) << "query " << q;
    EXPECT_EQ(found(hnsw, ef16, 0, q), allowed) << "query " << q;  // 0: no bound

    const auto ivf_one = found(ivf, nprobe16, 5063, q);
    EXPECT_LT(ivf_one.size(), allowed.size()) << "query " << q;
    EXPECT_EQ(found(ivf, nprobe16, 1, q), ivf_one) << "query " << q;
    EXPECT_EQ(found(ivf, nprobe16, 5064, q), allowed) << "query " << q;
  }
}

// FaissSearchBounds::max_visits bounds the first round too: an IVF's nprobe is lowered to
// the most lists whose vectors fit, HNSW's queue to max(k, bound / level-0 degree), so the
// search equals one asked with those knobs. IVF64,Flat over 5,000 rows: nprobe p visits
// 64 + ceil(5000 p / 64), 689 at p = 8, 611 at p = 7. HNSW16: level-0 degree 32.
TEST(FaissIndex, TheVisitBoundLowersTheFirstRoundsProbesAndQueue) {
  const auto ids = [&](const FaissIndex& index, const FaissSearchKnobs& knobs, std::size_t max_visits, std::size_t q) {
    return ids_of(index.search(corpus().query(q), kK, nullptr, knobs, FaissSearchBounds{.max_visits = max_visits}));
  };
  const FaissIndex ivf = build("IVF64,Flat", 5000);
  const FaissSearchKnobs all_lists{.ef_search = 0, .nprobe = 64};
  const FaissIndex hnsw = build("HNSW16", 5000);
  const FaissSearchKnobs ef256{.ef_search = 256, .nprobe = 0};
  std::size_t ivf_changed = 0, hnsw_changed = 0;
  for (std::size_t q = 0; q < kQueries; ++q) {
    const auto eight = ids(ivf, {.ef_search = 0, .nprobe = 8}, 0, q);
    EXPECT_EQ(ids(ivf, all_lists, 689, q), eight) << "query " << q;
    EXPECT_EQ(ids(ivf, all_lists, 688, q), ids(ivf, {.ef_search = 0, .nprobe = 7}, 0, q)) << "query " << q;
    EXPECT_EQ(ids(ivf, all_lists, 1, q), ids(ivf, {.ef_search = 0, .nprobe = 1}, 0, q))
        << "query " << q;                                                                 // at least one list
    EXPECT_EQ(ids(ivf, all_lists, 5064, q), ids(ivf, all_lists, 0, q)) << "query " << q;  // every list fits
    ivf_changed += static_cast<std::size_t>(ids(ivf, all_lists, 1, q) != ids(ivf, all_lists, 0, q));

    EXPECT_EQ(ids(hnsw, ef256, 32 * 20, q), ids(hnsw, {.ef_search = 20, .nprobe = 0}, 0, q)) << "query " << q;
    EXPECT_EQ(ids(hnsw, ef256, 1, q), ids(hnsw, {.ef_search = static_cast<int>(kK), .nprobe = 0}, 0, q))
        << "query " << q;  // never below k
    hnsw_changed += static_cast<std::size_t>(ids(hnsw, ef256, 1, q) != ids(hnsw, ef256, 0, q));
  }
  // The bound changes some answers: the test can tell it from none.
  EXPECT_GT(ivf_changed, 0u);
  EXPECT_GT(hnsw_changed, 0u);
}

TEST(FaissIndex, ExplicitIdsAreDocIds) {
  // Rows added in reverse, ids 100000 + 2 * original row: the index must answer in DocIds.
  std::vector<float> reversed(corpus().rows.size());
  std::vector<DocId> ids(kRows);
  for (std::size_t i = 0; i < kRows; ++i) {
    const std::size_t from = kRows - 1 - i;
    std::copy_n(corpus().rows.data() + from * kDim, kDim, reversed.data() + i * kDim);
    ids[i] = DocId(static_cast<std::uint32_t>(100000 + 2 * from));
  }
  FaissIndex flat("Flat", kDim, kOneThread);
  flat.add(reversed.data(), kRows / 2, ids.data());
  flat.add(reversed.data() + kRows / 2 * kDim, kRows / 2, ids.data() + kRows / 2);
  const auto words = testing::filter_words(200000, [](std::uint32_t id) { return id % 4 == 0; });  // even rows
  const auto exact_words = testing::filter_words(kRows, [](std::uint32_t id) { return id % 2 == 0; });
  const DocSet& filter = words;
  const DocSet& exact_filter = exact_words;
  for (std::size_t q = 0; q < 20; ++q) {
    for (const bool filtered : {false, true}) {
      auto want = ids_of(corpus().exact.search(corpus().query(q), kK, filtered ? &exact_filter : nullptr));
      for (auto& id : want) id = 100000 + 2 * id;
      EXPECT_EQ(ids_of(flat.search(corpus().query(q), kK, filtered ? &filter : nullptr)), want);
    }
  }
}

TEST(FaissIndex, IncrementalAddsEqualOneBuild) {
  for (const char* factory : {"Flat", "IVF64,Flat"}) {
    FaissIndex index(factory, kDim, kOneThread);
    EXPECT_EQ(index.is_trained(), std::string(factory) == "Flat");
    index.add(corpus().rows.data(), kRows / 2);  // trains an IVF on these
    EXPECT_TRUE(index.is_trained());
    index.add(corpus().rows.data() + kRows / 2 * kDim, kRows / 2);
    EXPECT_EQ(index.size(), kRows);
    FaissIndex whole(factory, kDim, kOneThread);
    whole.train(corpus().rows.data(), kRows / 2);
    whole.add(corpus().rows.data(), kRows);
    const FaissSearchKnobs all_lists{.ef_search = 0, .nprobe = 64};
    for (std::size_t q = 0; q < 20; ++q) {
      EXPECT_EQ(ids_of(index.search(corpus().query(q), kK, nullptr, all_lists)),
                ids_of(corpus().exact.search(corpus().query(q), kK, nullptr)))
          << factory;
      EXPECT_EQ(ids_of(index.search(corpus().query(q), kK, nullptr)), ids_of(whole.search(corpus().query(q), kK, nullptr)))
          << factory;
    }
  }
}

TEST(FaissIndex, SaveLoadRoundTrip) {
  TempDir dir;
  for (const char* factory : {"HNSW32", "HNSW16,SQfp16", "IVF32,PQ4", "Flat"}) {
    FaissIndex index(factory, kDim, kOneThread);
    index.set_knobs({.ef_search = 40, .nprobe = 5});
    constexpr std::size_t kSaved = 5000;
    std::vector<DocId> ids(kSaved);
    for (std::size_t i = 0; i < kSaved; ++i) ids[i] = DocId(static_cast<std::uint32_t>(i * 3));  // not identity
    index.add(corpus().rows.data(), kSaved, std::string(factory) == "Flat" ? ids.data() : nullptr);
    const std::string path = dir.file(std::string(factory) + ".faiss");
    index.save(path);
    const FaissIndex loaded = FaissIndex::load(path);
    EXPECT_EQ(loaded.factory(), factory);
    EXPECT_EQ(loaded.size(), kSaved);
    EXPECT_EQ(loaded.dim(), kDim);
    EXPECT_EQ(loaded.knobs().ef_search, 40);
    EXPECT_EQ(loaded.knobs().nprobe, 5);
    EXPECT_GT(index.memory_bytes(), 0u);
    for (std::size_t q = 0; q < 20; ++q) {
      const auto a = index.search(corpus().query(q), kK, nullptr);
      const auto b = loaded.search(corpus().query(q), kK, nullptr);
      ASSERT_EQ(ids_of(a), ids_of(b)) << factory;
      for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].score, b[i].score);
    }
  }
}

TEST(FaissIndex, DamagedFileIsCorruptNamingIt) {
  TempDir dir;
  FaissIndex index("Flat", kDim, kOneThread);
  index.add(corpus().rows.data(), 1000);
  index.save(dir.file("good.faiss"));
  const std::string good = read_file(dir.file("good.faiss"));
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x01;
  const std::string flip_path = dir.write("flip.faiss", flipped);
  expect_error([&] { FaissIndex::load(flip_path); }, ErrorCode::Corrupt, flip_path);
  const std::string cut_path = dir.write("cut.faiss", good.substr(0, good.size() - 100));
  expect_error([&] { FaissIndex::load(cut_path); }, ErrorCode::Corrupt, cut_path);
  expect_error([&] { FaissIndex::load(dir.file("missing.faiss")); }, ErrorCode::NotFound, dir.file("missing.faiss"));
}

TEST(FaissIndex, BadFactoryStringsAreInvalidArguments) {
  expect_error([] { validate_factory("HNSWfoo", kDim); }, ErrorCode::InvalidArgument, "'HNSWfoo'");
  expect_error([] { validate_factory("IVF16,PQ7", kDim); }, ErrorCode::InvalidArgument, "'IVF16,PQ7'");  // 7 ∤ 32
  expect_error([] { validate_factory("IDMap,Flat", kDim); }, ErrorCode::InvalidArgument, "'IDMap,Flat'");
  expect_error([] { FaissIndex("", kDim); }, ErrorCode::InvalidArgument, "''");
  expect_error([] { validate_factory("PCA16,IVF16,PQ5", kDim); }, ErrorCode::InvalidArgument, "PQ5");
  expect_error([] { validate_factory("IVF0,Flat", kDim); }, ErrorCode::InvalidArgument, "'IVF0,Flat'");
  expect_error([] { validate_factory("IVF99999999999999999999,Flat", kDim); }, ErrorCode::InvalidArgument, "IVF9");
  EXPECT_NO_THROW(validate_factory("PCA16,IVF16,PQ8", kDim));
  EXPECT_NO_THROW(validate_factory("IVF4096,PQ16", kDim));
  EXPECT_NO_THROW(validate_factory("HNSW32", 768));
}

TEST(FaissIndex, TooFewRowsToTrainIsAnErrorAndAddsNothing) {
  FaissIndex ivf("IVF256,Flat", kDim, kOneThread);
  expect_error([&] { ivf.add(corpus().rows.data(), 100); }, ErrorCode::InvalidArgument, "'IVF256,Flat'");
  EXPECT_EQ(ivf.size(), 0u);
  EXPECT_FALSE(ivf.is_trained());
  FaissIndex pq("PQ8", kDim, kOneThread);  // 256 centroids per sub-quantiser
  expect_error([&] { pq.add(corpus().rows.data(), 100); }, ErrorCode::InvalidArgument, "'PQ8'");
  EXPECT_EQ(pq.size(), 0u);
}

TEST(FaissIndex, SearchLeavesTheCallersOpenMpSettingAndIsThreadSafe) {
  const FaissIndex hnsw = build("HNSW32", 5000);
  omp_set_num_threads(2);
  hnsw.search(corpus().query(0), kK, nullptr);
  EXPECT_EQ(omp_get_max_threads(), 2);
  std::vector<std::vector<std::uint32_t>> serial(kQueries), parallel(kQueries);
  for (std::size_t q = 0; q < kQueries; ++q) serial[q] = ids_of(hnsw.search(corpus().query(q), kK, nullptr));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t q = t; q < kQueries; q += 4) parallel[q] = ids_of(hnsw.search(corpus().query(q), kK, nullptr));
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(serial, parallel);
}

TEST(FaissIndex, EdgeCases) {
  FaissIndex empty("HNSW32", kDim);
  EXPECT_TRUE(empty.search(corpus().query(0), kK, nullptr).empty());
  FaissIndex small("HNSW32", kDim);
  small.add(corpus().rows.data(), 5);
  EXPECT_EQ(small.search(corpus().query(0), kK, nullptr).size(), 5u);
  EXPECT_TRUE(small.search(corpus().query(0), 0, nullptr).empty());
}

TEST(FaissIndex, DefaultFactoryBySize) {
  EXPECT_EQ(default_factory(1000, 384), "Flat");
  EXPECT_EQ(default_factory(200'000, 384), "Flat");
  EXPECT_EQ(default_factory(200'000, 768), "HNSW32,SQfp16");
  EXPECT_EQ(default_factory(5'000'000, 768), "HNSW32,SQfp16");
  for (const std::size_t rows : {std::size_t{10}, std::size_t{100'000}, std::size_t{1'000'000}, std::size_t{50'000'000}}) {
    EXPECT_NO_THROW(validate_factory(default_factory(rows, 768), 768));
  }
}

}  // namespace
}  // namespace medsearch::vector
