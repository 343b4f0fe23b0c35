// DenseIndex::search's FAISS path, end to end on a small index: the exact-search limit is
// lowered (DenseSearchOptions) so that FAISS is searched, and each branch of
// docs/dense.md "Search" is checked against search_exact (the oracle), with
// DenseSearchTrace showing that the branch was taken: FAISS with the allowed DocIds as its
// id selector (Flat: the same answers; HNSW, IVF: recall), dead documents, segments newer
// than the FAISS index (scored exactly and merged) and the exact fallback.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/vector/faiss_index.hpp"
#include "unit/engine/dense_test_index.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::small_sif_model;
using medsearch::testing::expect_same_ranking;
using medsearch::testing::two_topic_corpus;

constexpr int kDocs = 300;
// Every search below allows more than 10 documents, so each goes to FAISS.
constexpr DenseSearchOptions kFaissAbove10{.exact_search_limit = 10};

// The DocIds d < universe with d % n == r.
DocSet every_nth(std::uint32_t universe, std::uint32_t n, std::uint32_t r) {
  DocSet set(universe);
  for (std::uint32_t d = r; d < universe; d += n) set.insert(DocId(d));
  return set;
}

// The fraction of the oracle's documents that `got` holds.
double recall(const RankedList& got, const RankedList& oracle) {
  std::size_t found = 0;
  for (const ScoredDoc& want : oracle) {
    found += std::any_of(got.begin(), got.end(), [&](const ScoredDoc& hit) { return hit.doc == want.doc; });
  }
  return oracle.empty() ? 1.0 : static_cast<double>(found) / static_cast<double>(oracle.size());
}

class DenseFaissPathTest : public medsearch::testing::DenseTestIndex {
 protected:
  void SetUp() override { ingest("a.xml", two_topic_corpus(1, kDocs, 7)); }

  // `medsearch embed` with the default model and this FAISS factory.
  EmbedSummary embed(const std::string& factory) {
    EmbedOptions options = small_sif_model();
    options.factory = factory;
    return embed_index(dir_, options);
  }

  // Three topic queries and the stored vector of the last document of the first file (a
  // brain one; no test deletes it).
  static std::vector<std::vector<float>> queries(const DenseIndex& dense) {
    std::vector<std::vector<float>> out;
    for (const char* text : {"myocardial infarction coronary", "epilepsy seizure cortex", "clinical trial outcome"}) {
      out.push_back(dense.embed_query(text));
    }
    out.emplace_back(dense.dim());
    EXPECT_TRUE(dense.vector_of(DocId(kDocs - 1), out.back().data()));
    return out;
  }
};

TEST_F(DenseFaissPathTest, FlatFaissWithAnIdSelectorEqualsTheExactOracle) {
  embed("Flat");
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1, kFaissAbove10);
  ASSERT_TRUE(dense.uses_faiss());
  const std::uint32_t n = index.doc_count();
  // 100, 60 ("fre") and 43 allowed documents; k = 50 is more than the last allows.
  const std::vector<DocSet> filters = {every_nth(n, 3, 0), every_nth(n, 5, 0), every_nth(n, 7, 3)};
  for (const std::vector<float>& query : queries(dense)) {
    for (const DocSet& filter : filters) {
      for (std::size_t k : {1u, 10u, 50u}) {
        DenseSearchTrace trace;
        const RankedList got = dense.search(query.data(), k, &filter, {}, &trace);
        EXPECT_TRUE(trace.faiss && trace.id_selector);
        EXPECT_FALSE(trace.newer_segments || trace.exact_fallback);
        expect_same_ranking(got, dense.search_exact(query.data(), k, &filter));
      }
    }
    // Every document live and indexed: FAISS needs no selector.
    DenseSearchTrace trace;
    const RankedList got = dense.search(query.data(), 10, nullptr, {}, &trace);
    EXPECT_TRUE(trace.faiss);
    EXPECT_FALSE(trace.id_selector || trace.exact_fallback);
    expect_same_ranking(got, dense.search_exact(query.data(), 10, nullptr));
  }
  // With the production limit this index is small enough to be scored exactly.
  DenseSearchTrace trace;
  const DenseIndex production(index, 1);
  EXPECT_EQ(production.search(queries(dense).front().data(), 10, nullptr, {}, &trace).size(), 10u);
  EXPECT_FALSE(trace.faiss);
}

TEST_F(DenseFaissPathTest, ApproximateFaissWithAnIdSelectorFindsTheOraclesNeighbours) {
  struct Case {
    std::string factory;
    DenseSearchParams params;
    double min_recall;  // mean recall@10 against the oracle
  };
  // IVF visiting 1 of its 4 lists is approximate (its default nprobe, 16, visits all).
  for (const Case& c : {Case{"HNSW16", {}, 0.95}, Case{"IVF4,Flat", {.nprobe = 1}, 0.7}}) {
    SCOPED_TRACE(c.factory);
    embed(c.factory);
    const IndexReader index(dir_);
    const DenseIndex dense(index, 1, kFaissAbove10);
    const std::uint32_t n = index.doc_count();
    double recall_sum = 0;
    int searches = 0;
    for (const std::vector<float>& query : queries(dense)) {
      for (const DocSet& filter : {every_nth(n, 3, 0), every_nth(n, 5, 0), every_nth(n, 7, 3)}) {
        DenseSearchTrace trace;
        const RankedList got = dense.search(query.data(), 10, &filter, c.params, &trace);
        EXPECT_TRUE(trace.faiss && trace.id_selector);
        ASSERT_EQ(got.size(), 10u);
        for (const ScoredDoc& hit : got) EXPECT_TRUE(filter.contains(hit.doc)) << hit.doc.value;
        EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), ranks_before));
        recall_sum += recall(got, dense.search_exact(query.data(), 10, &filter));
        ++searches;
      }
    }
    EXPECT_GE(recall_sum / searches, c.min_recall);
  }
}

// A selective filter on HNSW: FAISS's first round (ef_search 1: a queue of k) finds few of
// the 12 allowed documents, and widening would visit the whole graph (300 vectors), more
// than the 12 an exact search scores, so FAISS stops there (vector::FaissSearchBounds) and
// the search is redone exactly: the oracle's answer. Without the bound FAISS widens until
// it finds 10 and no fallback happens.
TEST_F(DenseFaissPathTest, ASelectiveFilterStopsFaissWideningAndIsScoredExactly) {
  embed("HNSW16");
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1, kFaissAbove10);
  const DocSet twelve = every_nth(index.doc_count(), 25, 0);
  ASSERT_EQ(twelve.count(), 12u);
  for (const std::vector<float>& query : queries(dense)) {
    DenseSearchTrace trace;
    const RankedList got = dense.search(query.data(), 10, &twelve, {.ef_search = 1, .nprobe = 0}, &trace);
    EXPECT_TRUE(trace.faiss && trace.id_selector && trace.exact_fallback);
    EXPECT_LT(trace.faiss_hits, 10u);
    expect_same_ranking(got, dense.search_exact(query.data(), 10, &twelve));
  }
}

// The exact scoring (the oracle of the FAISS paths, and the plan for small allowed sets)
// against a brute-force scan written here: every stored vector read back, its inner
// product with the query, the allowed ones kept. k covers every allowed document, so the
// document sets must be equal; masks dense, sparse, at word boundaries (DocIds 63, 64) and
// at the ends of the index.
TEST_F(DenseFaissPathTest, TheExactScoringEqualsABruteForceScanOfTheStoredVectors) {
  embed("Flat");
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1);
  const std::uint32_t n = index.doc_count();
  std::vector<DocSet> masks = {every_nth(n, 1, 0), every_nth(n, 3, 1), every_nth(n, 64, 63), every_nth(n, 97, 5)};
  DocSet edges(n);
  for (const std::uint32_t d : {0u, 63u, 64u, 127u, 128u, n - 1}) edges.insert(DocId(d));
  masks.push_back(edges);
  masks.emplace_back(n);  // nothing allowed
  std::vector<float> row(dense.dim());
  for (const std::vector<float>& query : queries(dense)) {
    for (const DocSet& mask : masks) {
      std::vector<std::pair<std::uint32_t, double>> want;
      for (std::uint32_t d = 0; d < n; ++d) {
        if (!mask.contains(DocId(d)) || !dense.vector_of(DocId(d), row.data())) continue;
        double dot = 0;
        for (std::size_t i = 0; i < row.size(); ++i) dot += double{query[i]} * row[i];
        want.emplace_back(d, dot);
      }
      const RankedList got = dense.search_exact(query.data(), n, &mask);
      ASSERT_EQ(got.size(), want.size()) << "mask of " << mask.count();
      for (const ScoredDoc& hit : got) {
        const auto it = std::find_if(want.begin(), want.end(), [&](const auto& w) { return w.first == hit.doc.value; });
        ASSERT_NE(it, want.end()) << hit.doc.value;
        EXPECT_NEAR(hit.score, it->second, 1e-4) << hit.doc.value;
      }
      EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), ranks_before));
    }
  }
}

// The exact scoring stops at the request's deadline (charged one unit per vector, the
// clock read every DeadlineCheck::kTicksPerClockRead of them): 3,000 allowed documents
// scored against a deadline already past.
TEST_F(DenseFaissPathTest, TheExactScoringStopsAtTheDeadline) {
  ingest("b.xml", two_topic_corpus(1001, 2700, 8));
  embed("Flat");
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1);  // 3,000 allowed: below the exact-search limit
  const std::vector<float> query = dense.embed_query("epilepsy seizure cortex");
  const Deadline past = Deadline::after_ms(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  try {
    (void)dense.search(query.data(), 10, nullptr, {}, nullptr, past);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::DeadlineExceeded) << e.what();
  }
  EXPECT_EQ(dense.search(query.data(), 10, nullptr).size(), 10u);  // no deadline: the answer
}

TEST_F(DenseFaissPathTest, DeletedDocumentsNeverComeBackFromFaiss) {
  embed("Flat");
  // Delete the 20 best documents for a query: the FAISS index still holds their vectors.
  std::vector<std::string> deleted;
  {
    const IndexReader index(dir_);
    const DenseIndex dense(index, 1);
    const std::vector<float> query = dense.embed_query("myocardial infarction coronary");
    for (const ScoredDoc& hit : dense.search_exact(query.data(), 20, nullptr)) deleted.push_back(index.external_id(hit.doc));
  }
  ingest("deletions.xml", {}, deleted);
  const IndexReader index(dir_);
  ASSERT_EQ(index.live_count(), static_cast<std::uint64_t>(kDocs) - deleted.size());
  const DenseIndex dense(index, 1, kFaissAbove10);
  ASSERT_TRUE(dense.uses_faiss());
  const DocSet thirds = every_nth(index.doc_count(), 3, 0);
  for (const std::vector<float>& query : queries(dense)) {
    for (const DocSet* filter : {static_cast<const DocSet*>(nullptr), &thirds}) {
      for (std::size_t k : {10u, 50u}) {
        DenseSearchTrace trace;
        const RankedList got = dense.search(query.data(), k, filter, {}, &trace);
        EXPECT_TRUE(trace.faiss && trace.id_selector) << "dead documents need the selector, filter or not";
        EXPECT_FALSE(trace.newer_segments || trace.exact_fallback);
        for (const ScoredDoc& hit : got) EXPECT_TRUE(index.is_live(hit.doc)) << index.external_id(hit.doc);
        expect_same_ranking(got, dense.search_exact(query.data(), k, filter));
      }
    }
  }
}

TEST_F(DenseFaissPathTest, SegmentsNewerThanTheFaissIndexAreScoredExactlyAndMerged) {
  embed("Flat");
  std::vector<std::string> deleted;
  for (int pmid = 2; pmid <= 40; pmid += 2) deleted.push_back(std::to_string(pmid));
  ingest("b.xml", two_topic_corpus(5000, 60, 8), deleted);
  // An embed that fails at its FAISS step leaves the new segment's vectors and the previous
  // dense.json: embed_index encodes every segment before it builds the index, and an
  // unknown factory fails there. The FAISS index then covers the first segment only.
  EmbedOptions failing = small_sif_model();
  failing.factory = "NoSuchIndex";
  EXPECT_THROW(embed_index(dir_, failing), Error);

  const IndexReader index(dir_);
  const DenseIndex dense(index, 1, kFaissAbove10);
  ASSERT_TRUE(dense.uses_faiss());
  ASSERT_EQ(dense.missing_documents(), 0u) << "the new segment has its vectors";
  const std::uint32_t first_new = dense.state().index->doc_count;
  ASSERT_EQ(first_new, static_cast<std::uint32_t>(kDocs));
  ASSERT_GT(index.doc_count(), first_new);

  std::vector<std::vector<float>> all_queries = queries(dense);
  const DocId new_doc = *index.find("5003");
  all_queries.emplace_back(dense.dim());
  ASSERT_TRUE(dense.vector_of(new_doc, all_queries.back().data()));
  const DocSet thirds = every_nth(index.doc_count(), 3, 0);
  std::size_t new_found = 0;
  for (const std::vector<float>& query : all_queries) {
    for (const DocSet* filter : {static_cast<const DocSet*>(nullptr), &thirds}) {
      for (std::size_t k : {10u, 50u}) {
        DenseSearchTrace trace;
        const RankedList got = dense.search(query.data(), k, filter, {}, &trace);
        EXPECT_TRUE(trace.faiss && trace.id_selector && trace.newer_segments);
        EXPECT_GT(trace.newer_hits, 0u);
        EXPECT_FALSE(trace.exact_fallback);
        expect_same_ranking(got, dense.search_exact(query.data(), k, filter));
        new_found += static_cast<std::size_t>(std::count_if(got.begin(), got.end(), [&](const ScoredDoc& hit) { return hit.doc.value >= first_new; }));
      }
    }
  }
  EXPECT_GT(new_found, 0u) << "documents of the newer segment are merged into the results";
  EXPECT_EQ(dense.search(all_queries.back().data(), 1, nullptr).front().doc, new_doc) << "a new document is its own nearest neighbour";
}

// FaissIndex::search widens its own search until it has k allowed hits or has looked
// everywhere, so Flat, IVF and PQ indexes return min(k, allowed) whenever every allowed
// document is in the index; fewer come back only for documents FAISS cannot reach (an HNSW
// node no path leads to). The test makes such documents deterministically: it replaces
// the FAISS index by one over the even DocIds only.
TEST_F(DenseFaissPathTest, TooFewFaissHitsFallBackToTheExactSearch) {
  embed("Flat");
  {
    const IndexReader index(dir_);
    const DenseIndex dense(index, 1);
    vector::FaissIndex even("Flat", dense.dim());
    std::vector<float> rows(dense.dim());
    std::vector<DocId> ids;
    for (std::uint32_t d = 0; d < index.doc_count(); d += 2) {
      ids.push_back(DocId(d));
      rows.resize(ids.size() * dense.dim());
      ASSERT_TRUE(dense.vector_of(DocId(d), &rows[(ids.size() - 1) * dense.dim()]));
    }
    even.add(rows.data(), ids.size(), ids.data());
    even.save(dir_ + "/" + dense.state().index->file);
  }
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1, kFaissAbove10);
  ASSERT_TRUE(dense.uses_faiss());
  const DocSet first30 = every_nth(30, 1, 0);  // FAISS holds 15 of them
  for (const std::vector<float>& query : queries(dense)) {
    DenseSearchTrace trace;
    const RankedList got = dense.search(query.data(), 20, &first30, {}, &trace);
    EXPECT_TRUE(trace.faiss && trace.exact_fallback);
    EXPECT_EQ(trace.faiss_hits, 15u);
    expect_same_ranking(got, dense.search_exact(query.data(), 20, &first30));
    // The rule counts hits: 15 of min(15, 30) is enough, so FAISS's answer stands.
    const RankedList fifteen = dense.search(query.data(), 15, &first30, {}, &trace);
    EXPECT_FALSE(trace.exact_fallback);
    for (const ScoredDoc& hit : fifteen) EXPECT_EQ(hit.doc.value % 2, 0u);
  }
}

}  // namespace
}  // namespace medsearch::engine
