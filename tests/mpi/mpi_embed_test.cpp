// `mpirun -np 2|3 medsearch embed` against one process on copies of one index (five
// segments, the tiny BERT fixture model): every segment's vectors byte for byte, dense.json
// and dense search results the same; and a rank killed after its first segment, then the
// command run again with three ranks: only the missing segments are encoded and the result
// is the same.
#include <gtest/gtest.h>

#include "medsearch/engine/index/dense_state.hpp"
#include "mpi_support.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

std::string corpus(int first, int count) { return ten_word_corpus_gz(first, count); }

// The index and the single-process reference are built once for the suite (each medsearch
// start costs seconds in the sanitizer build); every test works on copies.
class MpiEmbed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir;
    // Five segments of unequal sizes (one file each), a revision making a dead document.
    pre_ = tmp_->file("pre");
    std::string files;
    const int sizes[] = {120, 60, 90, 30, 75};
    int first = 1;
    for (int i = 0; i < 5; ++i) {
      files += " " + tmp_->write("f" + std::to_string(i) + ".xml.gz", corpus(first, sizes[i]));
      first += sizes[i];
    }
    files += " " + tmp_->write("g.xml.gz", corpus(5, 3));
    const CliRun ingest = run_cli("ingest --index " + pre_ + " --threads 1 --checkpoint-docs 1 --merge-factor 0 --compact-dead 0" + files);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
    ref_ = tmp_->file("ref");
    copy_tree(pre_, ref_);
    const CliRun single = run_cli(embed_args(ref_));
    ASSERT_EQ(single.exit_code, 0) << single.out;
  }

  static std::string embed_args(const std::string& dir) {
    return "embed --index " + dir + " --threads 1 --index-type Flat --model " + std::string(MEDSEARCH_TESTS_DIR) +
           "/data/encoder/bert-tiny";
  }

  // The MPI-built index equals the single-process one: vectors, dense.json, results.
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (!std::filesystem::exists(ref_ + "/dense.json")) GTEST_SKIP() << "the suite's set-up failed";
  }

  void expect_same_as_reference(const std::string& dir) {
    const engine::IndexReader reader(ref_);
    ASSERT_EQ(reader.manifest().segments.size(), 6u);
    for (const store::SegmentInfo& segment : reader.manifest().segments) {
      const std::string name = segment.name + ".vec";
      EXPECT_EQ(file_bytes(ref_ + "/" + name), file_bytes(dir + "/" + name)) << name;
      EXPECT_FALSE(std::filesystem::exists(dir + "/" + segment.name + ".vec.partial")) << segment.name;
    }
    const auto a = engine::load_dense_state(ref_);
    const auto b = engine::load_dense_state(dir);
    ASSERT_TRUE(a && b && a->index && b->index);
    EXPECT_EQ(a->model.id, b->model.id);
    EXPECT_EQ(a->model.dim, b->model.dim);
    EXPECT_EQ(a->index->factory, b->index->factory);
    EXPECT_EQ(a->index->segments, b->index->segments);
    EXPECT_EQ(a->index->doc_count, b->index->doc_count);
    EXPECT_EQ(a->index->docid_epoch, b->index->docid_epoch);
    for (const char* query : {"aspirin", "kidney", "\"heart study\""}) {
      const std::string expected = hits(ref_, query, true);
      EXPECT_NE(expected.find(':'), std::string::npos) << expected;
      EXPECT_EQ(hits(dir, query, true), expected) << query;
    }
  }

  static inline TempDir* tmp_ = nullptr;
  static inline std::string pre_, ref_;
};

TEST_F(MpiEmbed, TwoRanksWriteTheSingleProcessVectors) {
  const std::string dir = tmp_->file("mpi2");
  copy_tree(pre_, dir);
  const CliRun run = run_mpi(2, embed_args(dir));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  // One summary (rank 0's), counting every rank's documents.
  const nlohmann::json summary = summary_of(run.out);
  EXPECT_EQ(summary["segments_encoded"], 6) << run.out;
  EXPECT_EQ(summary["documents_encoded"], 375);  // 378 DocIds, three replaced
  expect_same_as_reference(dir);
}

TEST_F(MpiEmbed, KilledRankLeavesItsShareAndAThreeRankRerunFinishesOnlyWhatIsMissing) {
#ifndef MEDSEARCH_TEST_HOOKS
  GTEST_SKIP() << "the kill hook (cluster/test_hooks.hpp) is compiled in Debug builds only";
#endif
  const std::string dir = tmp_->file("killed");
  copy_tree(pre_, dir);
  // Rank 1 dies (SIGKILL) after finishing its first segment; mpirun ends the job.
  const CliRun killed = run_mpi(2, embed_args(dir), "MEDSEARCH_TEST_KILL_AFTER_SHARES=1 MEDSEARCH_TEST_KILL_RANK=1");
  ASSERT_NE(killed.exit_code, 0) << killed.out;
  EXPECT_FALSE(engine::load_dense_state(dir)) << "no dense.json before every share is done";
  std::size_t finished = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) finished += entry.path().extension() == ".vec";
  EXPECT_GE(finished, 1u);
  EXPECT_LT(finished, 6u);

  // Run again with three ranks: the shares are segments, whoever finishes them.
  const CliRun rerun = run_mpi(3, embed_args(dir));
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  const nlohmann::json summary = summary_of(rerun.out);
  EXPECT_EQ(summary["segments_kept"].get<std::size_t>(), finished);
  EXPECT_EQ(summary["segments_encoded"].get<std::size_t>(), 6 - finished);
  EXPECT_LT(summary["documents_encoded"].get<int>(), 375);
  expect_same_as_reference(dir);
}

}  // namespace
}  // namespace medsearch
