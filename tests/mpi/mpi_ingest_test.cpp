// `mpirun -np 2|3 medsearch ingest` against one process over the same files in the same
// order: NLM samples from ../shared (when present) and generated files with revisions and
// deletions across files (a later file's version wins, a DeleteCitation removes only
// earlier versions, a deleted PMID added again by a later file is live). The indexes must
// hold the same documents under the same DocIds with the same ones live, the same totals,
// and answer queries with the same hits and scores. And a rank killed after staging its
// first file, then the command run again: the staged files are reused, the result the same.
#include <gtest/gtest.h>

#include "mpi_support.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

std::string citations(int first, int count, const std::string& topic, const std::vector<std::string>& deleted = {}) {
  std::vector<FixtureCitation> list;
  const char* words[] = {"stroke", "aspirin", "asthma", "insulin", "tumor", "kidney"};
  for (int i = first; i < first + count; ++i) {
    list.push_back({std::to_string(i), topic + " " + words[i % 6] + " trial", 1990 + i % 30, "eng",
                    std::string("patients with ") + words[(i / 6) % 6] + " " + topic});
  }
  return gzip(pubmed_xml(list, deleted));
}

// The files and the single-process reference are made once for the suite (each medsearch
// start costs seconds in the sanitizer build). --compact-dead 0 everywhere: compaction
// depends on where runs end (it is the same code either way), and without it the DocId
// tables below compare every dead version too.
class MpiIngest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir;
    const std::string shared = std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed/";
    for (const char* name : {"pubmedsample18n0001.xml.gz", "medsamp2014.xml.gz", "pubmed21n1016_excerpt_original.xml.gz",
                             "pubmed21n1016_excerpt_partially_changed.xml.gz"}) {
      if (std::filesystem::exists(shared + name)) files_ += " " + shared + name;
    }
    // A baseline of two files, then updates: revisions, deletions, a deleted id re-added.
    files_ += " " + tmp_->write("base1.xml.gz", citations(900001, 150, "first"));
    files_ += " " + tmp_->write("base2.xml.gz", citations(900151, 150, "second"));
    files_ += " " + tmp_->write("upd1.xml.gz", citations(900010, 20, "revised", {"900050", "900051", "900200", "999999"}));
    files_ += " " + tmp_->write("upd2.xml.gz", citations(900050, 2, "readded", {"900015", "900160"}));
    files_ += " " + tmp_->write("upd3.xml.gz", citations(900170, 5, "again", {"900171"}));
    ref_ = tmp_->file("ref");
    const CliRun single = run_cli("ingest --index " + ref_ + kOptions + files_);
    ASSERT_EQ(single.exit_code, 0) << single.out;
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (!std::filesystem::exists(ref_ + "/manifest.json")) GTEST_SKIP() << "the suite's set-up failed";
  }

  void expect_same_as_reference(const std::string& dir) {
    EXPECT_EQ(docid_table(dir), docid_table(ref_));
    const engine::IndexReader a(ref_), b(dir);
    EXPECT_EQ(a.manifest().live_count, b.manifest().live_count);
    EXPECT_EQ(a.manifest().files.size(), b.manifest().files.size());
    const store::IngestTotals &x = a.manifest().totals, &y = b.manifest().totals;
    EXPECT_EQ(std::tie(x.articles_added, x.replacements, x.deletions_applied, x.deletions_unknown, x.skipped),
              std::tie(y.articles_added, y.replacements, y.deletions_applied, y.deletions_unknown, y.skipped));
    EXPECT_GT(x.replacements, 20u);
    EXPECT_GE(x.deletions_applied, 5u);
    // 900050 was deleted by upd1 and added again by upd2: live. 900015 was revised by upd1
    // and deleted by upd2: gone. 900171 deleted in the file that revised it: gone.
    EXPECT_TRUE(b.find("900050").has_value());
    EXPECT_FALSE(b.find("900015").has_value());
    EXPECT_FALSE(b.find("900171").has_value());
    for (const char* query : {"aspirin", "revised kidney", "readded", "cancer", "\"second stroke\""}) {
      EXPECT_EQ(hits(dir, query), hits(ref_, query)) << query;
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/ingest-staging"));
  }

  static constexpr const char* kOptions = " --threads 1 --compact-dead 0";
  static inline TempDir* tmp_ = nullptr;
  static inline std::string files_, ref_;
};

TEST_F(MpiIngest, TwoRanksBuildTheSingleProcessIndex) {
  const std::string dir = tmp_->file("mpi2");
  const CliRun run = run_mpi(2, "ingest --index " + dir + kOptions + files_);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  expect_same_as_reference(dir);
}

TEST_F(MpiIngest, ThreeRanksApplyUpdatesToAnExistingIndexAndSkipAppliedFiles) {
  // The baseline by one process, the updates by three ranks (segments appended to a
  // committed index; the deletions reach into the committed segments).
  const std::string dir = tmp_->file("mixed");
  const std::string baseline = files_.substr(0, files_.find(" " + tmp_->file("upd1.xml.gz")));
  ASSERT_EQ(run_cli("ingest --index " + dir + kOptions + baseline).exit_code, 0);
  const CliRun run = run_mpi(3, "ingest --index " + dir + kOptions + files_);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("already applied"), std::string::npos) << run.out;
  expect_same_as_reference(dir);
}

TEST_F(MpiIngest, KilledRankLeavesItsSharesStagedAndAThreeRankRerunCompletes) {
#ifndef MEDSEARCH_TEST_HOOKS
  GTEST_SKIP() << "the kill hook (cluster/test_hooks.hpp) is compiled in Debug builds only";
#endif
  const std::string dir = tmp_->file("killed");
  const CliRun killed = run_mpi(2, "ingest --index " + dir + kOptions + files_,
                                "MEDSEARCH_TEST_KILL_AFTER_SHARES=1 MEDSEARCH_TEST_KILL_RANK=1");
  ASSERT_NE(killed.exit_code, 0) << killed.out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/manifest.json")) << "nothing is committed before every file is staged";
  std::size_t staged = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/ingest-staging")) {
    staged += entry.path().extension() == ".share";
  }
  EXPECT_GE(staged, 1u);

  const CliRun rerun = run_mpi(3, "ingest --index " + dir + kOptions + files_);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_NE(rerun.out.find("found staged"), std::string::npos) << rerun.out;
  expect_same_as_reference(dir);
}

}  // namespace
}  // namespace medsearch
