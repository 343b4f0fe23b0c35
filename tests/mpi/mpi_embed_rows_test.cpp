// `mpirun -np 2 medsearch embed` on an index of ONE segment (300 documents, chunks of 16):
// the ranks split the segment into row ranges (cluster::split_rows_by_size), and the
// segment's .vec is byte for byte the single-process one, as are dense.json and dense
// results. Then rank 1 killed in the middle of its range, and three ranks run again: only
// the rows the parts lack are encoded.
#include <gtest/gtest.h>

#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "mpi_support.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

constexpr int kDocs = 300;
constexpr int kChunk = 16;

class MpiEmbedRows : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir;
    pre_ = tmp_->file("pre");
    const std::string file = tmp_->write("one.xml.gz", ten_word_corpus_gz(1, kDocs));
    const CliRun ingest = run_cli("ingest --index " + pre_ + " --threads 1 --merge-factor 0 " + file);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    ref_ = tmp_->file("ref");
    copy_tree(pre_, ref_);
    const CliRun single = run_cli(embed_args(ref_));
    ASSERT_EQ(single.exit_code, 0) << single.out;
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (!std::filesystem::exists(ref_ + "/dense.json")) GTEST_SKIP() << "the suite's set-up failed";
    const engine::IndexReader reader(ref_);
    ASSERT_EQ(reader.manifest().segments.size(), 1u) << "the test needs a one-segment index";
    segment_ = reader.manifest().segments[0].name;
  }

  static std::string embed_args(const std::string& dir) {
    return "embed --index " + dir + " --threads 1 --index-type Flat --chunk-docs " + std::to_string(kChunk) + " --model " +
           std::string(MEDSEARCH_TESTS_DIR) + "/data/encoder/bert-tiny";
  }

  void expect_same_as_reference(const std::string& dir) {
    EXPECT_EQ(file_bytes(ref_ + "/" + segment_ + ".vec"), file_bytes(dir + "/" + segment_ + ".vec"));
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      EXPECT_EQ(entry.path().filename().string().find(".vec.partial"), std::string::npos) << entry.path() << " left behind";
    }
    const auto a = engine::load_dense_state(ref_);
    const auto b = engine::load_dense_state(dir);
    ASSERT_TRUE(a && b && a->index && b->index);
    EXPECT_EQ(a->model.id, b->model.id);
    EXPECT_EQ(a->index->segments, b->index->segments);
    EXPECT_EQ(a->index->doc_count, b->index->doc_count);
    EXPECT_EQ(file_bytes(ref_ + "/" + a->index->file), file_bytes(dir + "/" + b->index->file)) << "the FAISS index";
    for (const char* query : {"aspirin", "kidney"}) {
      const std::string expected = hits(ref_, query, true);
      EXPECT_NE(expected.find(':'), std::string::npos) << expected;
      EXPECT_EQ(hits(dir, query, true), expected) << query;
    }
  }

  static inline TempDir* tmp_ = nullptr;
  static inline std::string pre_, ref_;
  std::string segment_;
};

TEST_F(MpiEmbedRows, TwoRanksSplitOneSegmentIntoTheSingleProcessVectors) {
  const std::string dir = tmp_->file("mpi2");
  copy_tree(pre_, dir);
  const CliRun run = run_mpi(2, embed_args(dir));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json summary = summary_of(run.out);
  EXPECT_EQ(summary["ranges_encoded"], 2) << "one segment, cut in two: " << run.out;
  EXPECT_EQ(summary["segments_encoded"], 1);
  EXPECT_EQ(summary["documents_encoded"], kDocs);
  expect_same_as_reference(dir);
}

TEST_F(MpiEmbedRows, RankKilledMidRangeThenThreeRanksEncodeOnlyTheMissingRows) {
#ifndef MEDSEARCH_TEST_HOOKS
  GTEST_SKIP() << "the kill hook (cluster/test_hooks.hpp) is compiled in Debug builds only";
#endif
  const std::string dir = tmp_->file("killed");
  copy_tree(pre_, dir);
  // Rank 1 dies (SIGKILL) after its third synced chunk; mpirun ends the job.
  const CliRun killed = run_mpi(2, embed_args(dir), "MEDSEARCH_TEST_KILL_AFTER_CHUNKS=3 MEDSEARCH_TEST_KILL_RANK=1");
  ASSERT_NE(killed.exit_code, 0) << killed.out;
  EXPECT_FALSE(engine::load_dense_state(dir)) << "no dense.json before every range is done";
  EXPECT_FALSE(std::filesystem::exists(dir + "/" + segment_ + ".vec")) << "a split segment is joined only when complete";

  // The parts: rank 1's (from a chunk boundary past row 0) holds exactly its 3 chunks; rank
  // 0's (from row 0) whatever it synced before mpirun ended it. A rerun keeps whole chunks.
  const std::size_t row_bytes = engine::load_dense_state(ref_)->model.dim * sizeof(float);
  int rank1_parts = 0, rows_kept = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto part = engine::parse_partial_vectors_name(entry.path().filename().string());
    if (!part) continue;
    const int first = static_cast<int>(part->first_row);
    const int rows = static_cast<int>(std::filesystem::file_size(entry.path()) / row_bytes);
    if (first > 0) {
      ++rank1_parts;
      EXPECT_EQ(first % kChunk, 0) << entry.path();
      EXPECT_EQ(rows, 3 * kChunk) << entry.path();
    }
    rows_kept += first + rows == kDocs ? rows : (first + rows) / kChunk * kChunk - first;
  }
  EXPECT_EQ(rank1_parts, 1);

  const CliRun rerun = run_mpi(3, embed_args(dir));
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  const nlohmann::json summary = summary_of(rerun.out);
  EXPECT_EQ(summary["documents_encoded"].get<int>(), kDocs - rows_kept) << rerun.out;
  EXPECT_LE(summary["documents_encoded"].get<int>(), kDocs - 3 * kChunk);
  EXPECT_EQ(summary["segments_encoded"], 1);
  EXPECT_EQ(summary["segments_kept"], 0);
  expect_same_as_reference(dir);
}

}  // namespace
}  // namespace medsearch
