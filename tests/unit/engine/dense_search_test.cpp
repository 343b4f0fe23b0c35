// The dense side end to end: embed (default model), dense and hybrid search, filters,
// similar articles, and the consistency of vectors across ingest, deletion, compaction
// and interruption.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/json_views.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/encoder/sif_embedder.hpp"
#include "medsearch/engine/search/similar.hpp"
#include "medsearch/vector/vector_file.hpp"
#include "unit/engine/dense_test_index.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using medsearch::testing::two_topic_corpus;
using medsearch::testing::small_sif_model;

class DenseSearchTest : public medsearch::testing::DenseTestIndex {
 protected:
  void SetUp() override { ingest("a.xml", two_topic_corpus(1, 120, 1)); }
  std::vector<std::string> ids(const IndexReader& index, SearchRequest request) {
    std::vector<std::string> out;
    for (const SearchHit& hit : Searcher(index).search(request).hits) out.push_back(hit.id);
    return out;
  }
};

TEST_F(DenseSearchTest, EmbedTrainsTheDefaultModelAndDenseSearchFindsTheTopic) {
  std::vector<std::string> phases;
  const EmbedSummary s = embed_index(dir_, small_sif_model(), [&](const EmbedProgress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
  });
  EXPECT_TRUE(s.trained);
  EXPECT_EQ(s.documents_encoded, 120u);
  EXPECT_EQ(s.vectors_indexed, 120u);
  EXPECT_EQ(s.factory, "Flat");
  EXPECT_EQ(phases, (std::vector<std::string>{"train", "encode", "index"}));
  EXPECT_EQ(s.training_documents, 120u) << "far below the default token budget: every document";
  EXPECT_EQ(s.training_tokens, 120u * 46u);
  EXPECT_GT(s.train_seconds, 0);
  EXPECT_GT(s.encode_seconds, 0);
  EXPECT_GT(s.index_seconds, 0);
  EXPECT_LE(s.train_seconds + s.encode_seconds + s.index_seconds, s.seconds);
  EXPECT_DOUBLE_EQ(s.encode_docs_per_second, 120 / s.encode_seconds);
  const auto state = load_dense_state(dir_);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->model.kind, "sif");
  EXPECT_EQ(state->model.dim, 16u);

  const IndexReader index(dir_);
  SearchRequest r;
  r.query = "myocardial infarction coronary artery";
  r.mode = RetrievalMode::Dense;
  r.limit = 20;
  r.syntax = QuerySyntax::Plain;
  const SearchResponse response = Searcher(index).search(r);
  ASSERT_EQ(response.hits.size(), 20u);
  EXPECT_EQ(response.total, 120u);
  int cardio = 0;  // even PMIDs - 1 are the cardiology documents (pmid = 1 + i, i even)
  for (const SearchHit& hit : response.hits) cardio += (std::stoi(hit.id) - 1) % 2 == 0;
  EXPECT_GE(cardio, 16) << "dense search should rank the query's topic first";
  for (std::size_t i = 1; i < response.hits.size(); ++i) EXPECT_GE(response.hits[i - 1].score, response.hits[i].score);
}

TEST_F(DenseSearchTest, FiltersApplyInsideTheVectorSearchAndMatchExactSearch) {
  EmbedOptions options = small_sif_model();
  options.factory = "HNSW8";
  embed_index(dir_, options);
  const IndexReader index(dir_);
  const DenseIndex dense(index, 1);
  EXPECT_TRUE(dense.uses_faiss());
  const std::vector<float> query = dense.embed_query("epilepsy seizure cortex");
  // Unfiltered: Flat-equivalent ranking from the exact oracle for the top hit set.
  const auto exact = dense.search_exact(query.data(), 10, nullptr);
  const auto fast = dense.search(query.data(), 10, nullptr);
  ASSERT_EQ(fast.size(), 10u);
  EXPECT_EQ(fast.front().doc, exact.front().doc);

  SearchRequest r;
  r.query = "epilepsy seizure cortex";
  r.mode = RetrievalMode::Dense;
  r.limit = 50;
  r.filters.languages = {"fre"};  // 24 documents
  const SearchResponse response = Searcher(index).search(r);
  EXPECT_EQ(response.hits.size(), 24u) << "every matching document comes back when fewer than k match";
  EXPECT_EQ(response.total, 24u);
  for (const SearchHit& hit : response.hits) EXPECT_EQ((std::stoi(hit.id) - 1) % 5, 0) << hit.id;
}

TEST_F(DenseSearchTest, HybridFusesBothListsByRrfOrWeightedSum) {
  embed_index(dir_, small_sif_model());
  const IndexReader index(dir_);
  SearchRequest r;
  r.query = "stroke hippocampus";
  r.syntax = QuerySyntax::Plain;
  r.limit = 10;
  const std::vector<std::string> lexical = ids(index, r);
  r.mode = RetrievalMode::Dense;
  const std::vector<std::string> dense = ids(index, r);
  r.mode = RetrievalMode::Hybrid;
  for (auto fusion : {rank::FusionMethod::Rrf, rank::FusionMethod::WeightedSum}) {
    r.hybrid.fusion = fusion;
    r.hybrid.alpha = 0.5f;
    const std::vector<std::string> hybrid = ids(index, r);
    ASSERT_EQ(hybrid.size(), 10u);
    const std::set<std::string> either(lexical.begin(), lexical.end());
    EXPECT_TRUE(either.contains(hybrid.front()) || hybrid.front() == dense.front());
  }
  r.hybrid.fusion = rank::FusionMethod::WeightedSum;
  r.hybrid.alpha = 0.0f;  // all weight on the lexical list: its order
  EXPECT_EQ(ids(index, r), lexical);
  r.hybrid.alpha = 1.0f;  // all weight on the dense list
  EXPECT_EQ(ids(index, r), dense);
  r.hybrid.alpha = 1.5f;
  EXPECT_THROW(ids(index, r), Error);
  r.hybrid.alpha = 0.5f;
  r.sort = SortOrder::Date;
  EXPECT_THROW(ids(index, r), Error);
}

// The oracle of hybrid fusion: every document's real BM25F (a lexical search returning all)
// and real inner product (exact dense search over all), the candidates = the union of both
// top-depth lists, min-max over the candidates, weights 1 − α and α. The fused list must
// equal it, and every page must be the same slice of it.
TEST_F(DenseSearchTest, HybridFusesRealScoresOverTheCandidatesAndPagesAgree) {
  embed_index(dir_, small_sif_model());
  const IndexReader index(dir_);
  const Searcher searcher(index);
  SearchRequest r;
  r.query = "stroke hippocampus cardiac";
  r.syntax = QuerySyntax::Plain;
  r.fetch_documents = false;
  r.snippets = false;
  r.limit = 1000;
  std::map<DocId, double> bm25, cosine;
  std::vector<DocId> lexical_order, dense_order;
  for (const SearchHit& h : searcher.search(r).hits) bm25[h.doc] = h.score, lexical_order.push_back(h.doc);
  const std::vector<float> q = searcher.dense().embed_query(r.query);
  for (const ScoredDoc& d : searcher.dense().search_exact(q.data(), 1000, nullptr)) cosine[d.doc] = d.score, dense_order.push_back(d.doc);
  const std::size_t depth = 15;
  std::set<DocId> candidates(lexical_order.begin(), lexical_order.begin() + depth);
  candidates.insert(dense_order.begin(), dense_order.begin() + depth);
  auto range = [&](const std::map<DocId, double>& s) {
    double lo = 1e30, hi = -1e30;
    for (const DocId d : candidates) {
      const double v = s.contains(d) ? s.at(d) : 0.0;
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    return std::pair(lo, hi);
  };
  const auto [blo, bhi] = range(bm25);
  const auto [clo, chi] = range(cosine);
  std::vector<std::pair<double, DocId>> expected;
  for (const DocId d : candidates) {
    const double b = bm25.contains(d) ? bm25.at(d) : 0.0;
    expected.push_back({0.6 * (b - blo) / (bhi - blo) + 0.4 * (cosine.at(d) - clo) / (chi - clo), d});
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });

  r.mode = RetrievalMode::Hybrid;
  r.hybrid.fusion = rank::FusionMethod::WeightedSum;
  r.hybrid.alpha = 0.4f;
  r.hybrid.depth = depth;
  r.limit = 10;
  std::vector<SearchHit> paged;
  for (std::size_t offset = 0; offset < candidates.size(); offset += 10) {
    r.offset = offset;
    for (const SearchHit& h : searcher.search(r).hits) paged.push_back(h);
  }
  ASSERT_GE(paged.size(), candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    EXPECT_NEAR(paged[i].score, expected[i].first, 1e-5) << i;
    if (std::abs(expected[i].first - (i + 1 < expected.size() ? expected[i + 1].first : -1)) > 1e-5) {
      EXPECT_EQ(paged[i].doc, expected[i].second) << i;
    }
  }
  // One long page equals the pages end to end.
  r.offset = 0;
  r.limit = paged.size();
  const SearchResponse all = searcher.search(r);
  ASSERT_EQ(all.hits.size(), paged.size());
  for (std::size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(all.hits[i].doc, paged[i].doc) << i;
}

TEST_F(DenseSearchTest, DenseSearchWithoutEmbedSaysWhatToRun) {
  const IndexReader index(dir_);
  SearchRequest r;
  r.query = "heart";
  r.mode = RetrievalMode::Dense;
  try {
    Searcher(index).search(r);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Unavailable);
    EXPECT_NE(std::string(e.what()).find("medsearch embed"), std::string::npos);
  }
}

TEST_F(DenseSearchTest, SimilarArticlesByVectorExcludeTheDocumentItself) {
  embed_index(dir_, small_sif_model());
  const IndexReader index(dir_);
  const Searcher searcher(index);
  SearchRequest r;
  r.mode = RetrievalMode::Dense;
  r.limit = 10;
  const DocId doc = *index.find("1");
  const SearchResponse response = search_similar(index, searcher, doc, r);
  ASSERT_EQ(response.hits.size(), 10u);
  int same_topic = 0;
  for (const SearchHit& hit : response.hits) {
    EXPECT_NE(hit.id, "1");
    same_topic += (std::stoi(hit.id) - 1) % 2 == 0;
  }
  EXPECT_GE(same_topic, 7);
}

TEST_F(DenseSearchTest, LaterIngestsAreEncodedIncrementallyAndDeletionsNeverReturn) {
  embed_index(dir_, small_sif_model());
  // A second file: 30 new documents, 10 deletions of documents that had vectors.
  std::vector<std::string> deleted;
  for (int p = 2; p <= 20; p += 2) deleted.push_back(std::to_string(p));
  ingest("b.xml", two_topic_corpus(1000, 30, 2), deleted);
  {
    const IndexReader index(dir_);
    SearchRequest r;
    r.query = "brain neuron";
    r.mode = RetrievalMode::Dense;
    r.limit = 200;
    const std::vector<std::string> before = ids(index, r);
    EXPECT_EQ(before.size(), 110u) << "the new segment has no vectors yet; deleted documents are gone";
    for (const std::string& id : before) EXPECT_FALSE(std::find(deleted.begin(), deleted.end(), id) != deleted.end()) << id;
    EXPECT_EQ(DenseIndex(index, 1).missing_documents(), 30u);
  }
  const EmbedSummary s = embed_index(dir_, small_sif_model());
  EXPECT_FALSE(s.trained);
  EXPECT_EQ(s.segments_kept, 1u);
  EXPECT_EQ(s.documents_encoded, 30u);
  EXPECT_FALSE(s.index_rebuilt);
  const IndexReader index(dir_);
  SearchRequest r;
  r.query = "brain neuron";
  r.mode = RetrievalMode::Dense;
  r.limit = 200;
  EXPECT_EQ(ids(index, r).size(), 140u);
  EXPECT_EQ(DenseIndex(index, 1).missing_documents(), 0u);
}

TEST_F(DenseSearchTest, CompactionCarriesVectorsAndEmbedRebuildsTheIndexWithoutEncoding) {
  embed_index(dir_, small_sif_model());
  std::vector<float> before(16), after(16);
  {
    const IndexReader index(dir_);
    ASSERT_TRUE(DenseIndex(index, 1).vector_of(*index.find("77"), before.data()));
  }
  std::vector<std::string> deleted;
  for (int p = 1; p <= 60; ++p) deleted.push_back(std::to_string(p));
  ingest("b.xml", {}, deleted, /*compact_dead_fraction=*/0.25);
  SearchRequest r;
  r.query = "heart";
  r.mode = RetrievalMode::Dense;
  r.limit = 100;
  {
    const IndexReader index(dir_);
    ASSERT_EQ(index.live_count(), 60u);
    ASSERT_EQ(index.doc_count(), 60u) << "compacted";
    EXPECT_FALSE(DenseIndex(index, 1).uses_faiss()) << "the FAISS index names the old segments";
    EXPECT_EQ(DenseIndex(index, 1).missing_documents(), 0u);
    ASSERT_TRUE(DenseIndex(index, 1).vector_of(*index.find("77"), after.data()));
    EXPECT_EQ(after, before);
    EXPECT_EQ(ids(index, r).size(), 60u) << "exact search over the carried vectors";
  }
  const EmbedSummary s = embed_index(dir_, small_sif_model());
  EXPECT_EQ(s.documents_encoded, 0u);
  EXPECT_TRUE(s.index_rebuilt);
  EXPECT_EQ(s.vectors_indexed, 60u);
  const IndexReader index(dir_);
  EXPECT_TRUE(DenseIndex(index, 1).uses_faiss());
  EXPECT_EQ(ids(index, r).size(), 60u);
}

TEST_F(DenseSearchTest, StatsReportTheDenseFilesAndTheMemoryTheyNeed) {
  EXPECT_TRUE(index_stats(IndexReader(dir_))["dense"].is_null());
  embed_index(dir_, small_sif_model());
  const auto state = load_dense_state(dir_);
  ASSERT_TRUE(state && state->index);
  auto vector_bytes = [&] {
    std::uint64_t bytes = 0;
    const IndexReader index(dir_);
    for (const store::SegmentInfo& segment : index.manifest().segments) bytes += fs::file_size(vectors_path(dir_, segment.name));
    return bytes;
  };
  const std::uint64_t model_bytes = fs::file_size(dir_ + "/" + state->model.path + ".bin") + fs::file_size(dir_ + "/" + state->model.path + ".json");
  const std::uint64_t faiss_bytes = fs::file_size(dir_ + "/" + state->index->file);
  {
    const auto dense = index_stats(IndexReader(dir_))["dense"];
    EXPECT_EQ(dense["faiss_bytes"], faiss_bytes);
    EXPECT_EQ(dense["vector_bytes"], vector_bytes());
    EXPECT_GE(dense["vector_bytes"].get<std::uint64_t>(), 120u * 16u * 2u) << "fp16 rows";
    EXPECT_EQ(dense["model_bytes"], model_bytes);
    EXPECT_EQ(dense["memory_bytes"], faiss_bytes + vector_bytes() + model_bytes);
  }
  // Compacted: a serving process no longer loads the FAISS index (it names the old segments).
  std::vector<std::string> deleted;
  for (int p = 1; p <= 60; ++p) deleted.push_back(std::to_string(p));
  ingest("b.xml", {}, deleted, /*compact_dead_fraction=*/0.25);
  const auto dense = index_stats(IndexReader(dir_))["dense"];
  EXPECT_EQ(dense["faiss_bytes"], faiss_bytes);
  EXPECT_EQ(dense["vector_bytes"], vector_bytes());
  EXPECT_EQ(dense["memory_bytes"], vector_bytes() + model_bytes);
}

TEST_F(DenseSearchTest, AnInterruptedEmbedResumesFromItsPartialFile) {
  embed_index(dir_, small_sif_model());
  const IndexReader first(dir_);
  const std::string segment = first.manifest().segments.at(0).name;
  const std::string vec = vectors_path(dir_, segment);
  const auto state = load_dense_state(dir_);
  // Rebuild the state an interruption after 3 chunks (21 rows) plus a torn row leaves.
  {
    const vector::VectorFile file(vec);
    std::ofstream partial(vec + ".partial", std::ios::binary);
    std::vector<float> row(file.dim());
    for (std::size_t i = 0; i < 21; ++i) {
      file.row(i, row.data());
      partial.write(reinterpret_cast<const char*>(row.data()), static_cast<std::streamsize>(row.size() * sizeof(float)));
    }
    partial.write("torn", 4);
    std::ofstream(vec + ".partial.json") << nlohmann::json{{"model", state->model.id}, {"dim", state->model.dim}}.dump();
  }
  std::vector<float> expected(16), got(16);
  {
    const vector::VectorFile file(vec);
    file.row(50, expected.data());
  }
  fs::remove(vec);
  const EmbedSummary s = embed_index(dir_, small_sif_model());
  EXPECT_EQ(s.documents_encoded, 120u - 21u);
  EXPECT_FALSE(fs::exists(vec + ".partial"));
  const vector::VectorFile file(vec);
  ASSERT_EQ(file.count(), 120u);
  file.row(50, got.data());
  EXPECT_EQ(got, expected) << "the same model encodes a document to the same vector";
}

// A run that trained the default model and stopped while encoding (killed, or an error)
// left the model uncommitted; the rerun uses it instead of training another, so the vectors
// it had written stay valid. Different training settings train anew.
TEST_F(DenseSearchTest, ARerunUsesTheDefaultModelAnInterruptedRunTrained) {
  ingest("b.xml", two_topic_corpus(1000, 60, 2));  // a second segment, encoded after the first
  struct Stop {};
  // The first report of encoding comes after its first chunk is written.
  EXPECT_THROW(embed_index(dir_, small_sif_model(),
                           [&](const EmbedProgress& p) {
                             if (p.phase == "encode" && p.done > 0) throw Stop{};
                           }),
               Stop);
  EXPECT_FALSE(load_dense_state(dir_).has_value()) << "nothing committed";
  const std::string model = dir_ + "/" + dense_file_name("dense-sif-", 1, "");
  ASSERT_TRUE(fs::exists(model + ".json"));
  const std::string trained_id = encoder::SifEmbedder(model).model_id();

  const EmbedSummary s = embed_index(dir_, small_sif_model());
  EXPECT_FALSE(s.trained);
  EXPECT_TRUE(s.resumed_model);
  EXPECT_EQ(s.model_id, trained_id);
  EXPECT_EQ(load_dense_state(dir_)->model.id, trained_id);
  EXPECT_LT(s.documents_encoded, 180u) << "rows the first run wrote were kept";

  // With another dimension the leftover does not fit: trained again (a later generation
  // would also not reuse it; here nothing was committed after it, so it is generation 2).
  EmbedOptions wider = small_sif_model();
  wider.sif.dim = 24;
  wider.retrain = true;
  const EmbedSummary again = embed_index(dir_, wider);
  EXPECT_TRUE(again.trained);
  EXPECT_FALSE(again.resumed_model);
}

TEST_F(DenseSearchTest, IngestKeepsVectorFilesOfLiveSegments) {
  embed_index(dir_, small_sif_model());
  const std::string segment = IndexReader(dir_).manifest().segments.at(0).name;
  ingest("b.xml", two_topic_corpus(2000, 5, 3));
  EXPECT_TRUE(fs::exists(vectors_path(dir_, segment)));
}

}  // namespace
}  // namespace medsearch::engine
