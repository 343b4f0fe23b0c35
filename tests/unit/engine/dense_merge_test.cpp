// Background merges of segments that have dense vectors (docs/decisions/0010): the merged
// segment's vector file is its inputs' rows end to end, and the FAISS index, keyed by
// DocId and the manifest's docid_epoch, stays in use across the merge; a compaction
// (which renumbers) retires it until `embed` runs again; a dense.json from before epochs
// keeps the old rule (embedded segments do not merge).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/vector/vector_file.hpp"
#include "unit/engine/dense_test_index.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::small_sif_model;
using medsearch::testing::expect_same_ranking;
using medsearch::testing::two_topic_corpus;

constexpr int kFileDocs = 60;
constexpr DenseSearchOptions kFaissAbove10{.exact_search_limit = 10};

class DenseMergeTest : public medsearch::testing::DenseTestIndex {
 protected:
  // Ingests file number `n` (kFileDocs new citations) with merges of `merge_factor`
  // same-level segments (0: none); every file is one segment of level 0.
  void ingest_file(int n, std::uint32_t merge_factor) {
    IngestOptions options;
    options.compact_dead_fraction = 0;
    options.merge_policy.merge_factor = merge_factor;
    options.merge_policy.min_segment_docs = 1000;  // every file's segment on level 0
    const auto docs = two_topic_corpus(1 + n * kFileDocs, kFileDocs, 11 + n);
    Indexer(dir_, options).ingest({tmp_.write("f" + std::to_string(n) + ".xml", medsearch::testing::pubmed_xml(docs, {}))},
                                  nullptr, nullptr);
  }

  EmbedSummary embed_flat() {
    EmbedOptions options = small_sif_model();
    options.factory = "Flat";
    return embed_index(dir_, options);
  }

  // Every document's stored vector, in DocId order.
  std::vector<std::vector<float>> all_vectors() const {
    const IndexReader index(dir_);
    const DenseIndex dense(index, 1, kFaissAbove10);
    std::vector<std::vector<float>> rows;
    for (std::uint32_t d = 0; d < index.doc_count(); ++d) {
      rows.emplace_back(dense.dim());
      EXPECT_TRUE(dense.vector_of(DocId(d), rows.back().data())) << d;
    }
    return rows;
  }

  std::size_t segment_count() const { return IndexReader(dir_).manifest().segments.size(); }
};

// The search of `text` through DenseIndex::search: its trace and whether it equals the
// exact oracle's ranking.
struct Searched {
  DenseSearchTrace trace;
  RankedList hits, oracle;
};
Searched search(const std::string& dir, const std::string& text) {
  const IndexReader index(dir);
  const DenseIndex dense(index, 1, kFaissAbove10);
  const std::vector<float> query = dense.embed_query(text);
  Searched s;
  s.hits = dense.search(query.data(), 20, nullptr, {}, &s.trace);
  s.oracle = dense.search_exact(query.data(), 20, nullptr);
  return s;
}

TEST_F(DenseMergeTest, EmbeddedSegmentsMergeWithTheirVectorsAndFaissStaysInUse) {
  for (int n = 0; n < 3; ++n) ingest_file(n, /*merge_factor=*/0);
  ASSERT_EQ(segment_count(), 3u);
  embed_flat();
  const std::vector<std::vector<float>> before = all_vectors();
  ASSERT_TRUE(search(dir_, "myocardial infarction coronary").trace.faiss);

  // A fourth file (no vectors yet) and merges of 3: the three embedded segments merge with
  // each other, not with the new one.
  ingest_file(3, /*merge_factor=*/3);
  const IndexReader index(dir_);
  const auto& segments = index.manifest().segments;
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0].doc_count, 3u * kFileDocs);
  const vector::VectorFile merged(vectors_path(dir_, segments[0].name));
  EXPECT_EQ(merged.count(), 3u * kFileDocs);
  EXPECT_FALSE(std::filesystem::exists(vectors_path(dir_, segments[1].name)));

  // The same rows, bit for bit, under the same DocIds.
  std::vector<float> row(merged.dim());
  for (std::uint32_t d = 0; d < before.size(); ++d) {
    merged.row(d, row.data());
    EXPECT_EQ(row, before[d]) << "DocId " << d;
  }
  // FAISS still answers for the merged segment; the new file is searched exactly.
  for (const char* text : {"myocardial infarction coronary", "epilepsy seizure cortex"}) {
    const Searched s = search(dir_, text);
    EXPECT_TRUE(s.trace.faiss);
    EXPECT_FALSE(s.trace.exact_fallback);
    expect_same_ranking(s.hits, s.oracle);
  }

  // `embed` extends the FAISS index past the merge instead of rebuilding it.
  const EmbedSummary again = embed_flat();
  EXPECT_FALSE(again.index_rebuilt);
  EXPECT_EQ(again.vectors_indexed, 4u * kFileDocs);
  const Searched s = search(dir_, "epilepsy seizure cortex");
  EXPECT_TRUE(s.trace.faiss);
  EXPECT_FALSE(s.trace.newer_segments);
  expect_same_ranking(s.hits, s.oracle);
}

TEST_F(DenseMergeTest, SegmentsWithAndWithoutVectorsDoNotMergeTogether) {
  for (int n = 0; n < 2; ++n) ingest_file(n, 0);
  embed_flat();
  ingest_file(2, 3);  // two embedded segments and one without vectors: no group of 3
  EXPECT_EQ(segment_count(), 3u);
}

TEST_F(DenseMergeTest, CompactionRetiresTheFaissIndexUntilEmbedRunsAgain) {
  for (int n = 0; n < 2; ++n) ingest_file(n, 0);
  embed_flat();
  ASSERT_TRUE(search(dir_, "heart").trace.faiss);
  EXPECT_EQ(IndexReader(dir_).manifest().docid_epoch, 0u);
  Indexer(dir_, IngestOptions{}).compact();
  EXPECT_EQ(IndexReader(dir_).manifest().docid_epoch, 1u);
  // Same DocId count (nothing was dead), but the numbering may differ: not used.
  Searched s = search(dir_, "heart");
  EXPECT_FALSE(s.trace.faiss);
  expect_same_ranking(s.hits, s.oracle);
  const EmbedSummary rebuilt = embed_flat();
  EXPECT_TRUE(rebuilt.index_rebuilt);
  EXPECT_TRUE(search(dir_, "heart").trace.faiss);
}

TEST_F(DenseMergeTest, DenseStateWithoutAnEpochKeepsEmbeddedSegmentsApart) {
  for (int n = 0; n < 3; ++n) ingest_file(n, 0);
  embed_flat();
  // dense.json as an older build wrote it: coverage keyed by segment names only.
  const std::string path = dir_ + "/" + kDenseStateName;
  nlohmann::json j = nlohmann::json::parse(std::ifstream(path));
  j["index"].erase("docid_epoch");
  std::ofstream(path) << j.dump(2);
  ASSERT_FALSE(load_dense_state(dir_)->index->docid_epoch);
  ASSERT_TRUE(search(dir_, "heart").trace.faiss);

  ingest_file(3, 3);  // the three embedded segments would merge, but may not
  EXPECT_EQ(segment_count(), 4u);
  EXPECT_TRUE(search(dir_, "heart").trace.faiss);
}

}  // namespace
}  // namespace medsearch::engine
