// `medsearch sync` end to end: the real binary against a mirror on loopback (or a local
// directory), faults injected, the result compared with a plain ingest of the same files.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/store/index_lock.hpp"
#include "mirror_server.hpp"
#include "support/cli_runner.hpp"
#include "sync_fixture.hpp"

namespace medsearch::testing {
namespace {

// The JSON summary `sync` prints on stdout (the last top-level object of the output).
nlohmann::json summary_of(const CliRun& run) {
  const std::size_t start = run.out.rfind("\n{");
  if (start == std::string::npos) return nlohmann::json();
  return nlohmann::json::parse(run.out.substr(start + 1), nullptr, false);
}

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_shared_samples()) GTEST_SKIP() << "../shared/data/pubmed is absent: the sync tests need its samples";
    build_sample_mirror(mirror_dir());
  }
  std::string mirror_dir() const { return tmp_.file("mirror"); }
  std::string root() const { return tmp_.file("root"); }
  Fingerprint oracle() { return plain_ingest(mirror_dir(), tmp_.file("oracle")); }
  CliRun sync(const std::string& source, const std::string& extra = "") {
    return run_cli("sync --index " + root() + " --source " + source + " --threads 2 --retry-wait-ms 10 " + extra);
  }
  TempDir tmp_;
};

TEST_F(SyncTest, LocalDirectoryMatchesPlainIngestAndASecondRunDoesNothing) {
  const CliRun first = sync(mirror_dir());
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_EQ(engine::current_generation(root()), "pubmed26");
  EXPECT_EQ(fingerprint(root()), oracle());
  const nlohmann::json s = summary_of(first);
  EXPECT_EQ(s["files_applied"], 6);
  EXPECT_EQ(s["switched"], true);

  const CliRun again = sync(mirror_dir());
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(summary_of(again)["files_applied"], 0);
  EXPECT_EQ(summary_of(again)["files_already_applied"], 6);
  EXPECT_TRUE(std::filesystem::is_empty(root() + "/downloads"));
}

TEST_F(SyncTest, HttpMirrorListedOutOfOrderMatchesPlainIngestDownloadingEachFileOnce) {
  MirrorServer server(mirror_dir());
  server.reverse_listings(true);
  const CliRun run = sync(server.url());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(fingerprint(root()), oracle());
  for (const MirrorFile& f : sample_mirror_files()) {
    const std::string name = std::filesystem::path(f.path).filename().string();
    EXPECT_EQ(server.requests_for(name).size(), 1u) << name;
  }
  // NLM's order whatever the listing's: the log names the files staged 0001 … 0006.
  EXPECT_LT(run.out.find("staged pubmed26n0001"), run.out.find("staged pubmed26n0006"));
}

TEST_F(SyncTest, DryRunPlansAndChangesNothing) {
  MirrorServer server(mirror_dir());
  const CliRun run = sync(server.url(), "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json s = summary_of(run);
  ASSERT_EQ(s["files_planned"].size(), 6u);
  EXPECT_EQ(s["files_planned"][0], "baseline/pubmed26n0001.xml.gz");
  EXPECT_EQ(s["files_planned"][5], "updatefiles/pubmed26n0006.xml.gz");
  EXPECT_FALSE(std::filesystem::exists(root()));
  EXPECT_TRUE(server.requests_for("pubmed26n0001.xml.gz").empty());
}

TEST_F(SyncTest, UpdatesPublishedLaterAreAppliedWithoutFetchingTheBaselineAgain) {
  const std::string later = tmp_.file("later");
  std::filesystem::rename(mirror_dir() + "/updatefiles", later);
  MirrorServer server(mirror_dir());
  ASSERT_EQ(sync(server.url()).exit_code, 0);
  std::filesystem::rename(later, mirror_dir() + "/updatefiles");
  const CliRun run = sync(server.url());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(summary_of(run)["files_applied"], 3);
  EXPECT_EQ(server.requests_for("pubmed26n0001.xml.gz").size(), 1u);
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, AFileCorruptOnceIsDownloadedAgain) {
  MirrorServer server(mirror_dir());
  server.set_faults("pubmed26n0002.xml.gz", {.corrupt_first = 1});
  const CliRun run = sync(server.url());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(summary_of(run)["md5_failures"], 1);
  EXPECT_NE(run.out.find("MD5 check failed; downloaded it again"), std::string::npos) << run.out;
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, AFileCorruptTwiceStopsWithAClearErrorAndTheRerunKeepsTheVerifiedFiles) {
  MirrorServer server(mirror_dir());
  server.set_faults("pubmed26n0004.xml.gz", {.corrupt_first = 2});
  const CliRun failed = sync(server.url());
  EXPECT_EQ(failed.exit_code, 1) << failed.out;
  EXPECT_NE(failed.out.find(server.url() + "/updatefiles/pubmed26n0004.xml.gz: MD5 check failed twice"), std::string::npos)
      << failed.out;
  // The mirror recovers: files 1-3, verified before the failure, are not downloaded again.
  const CliRun rerun = sync(server.url());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(summary_of(rerun)["files_staged_before"], 3);
  EXPECT_EQ(server.requests_for("pubmed26n0001.xml.gz").size(), 1u);
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, ADownloadCutMidFileResumesWithARangeRequest) {
  MirrorServer server(mirror_dir());
  const std::uint64_t size = std::filesystem::file_size(mirror_dir() + "/updatefiles/pubmed26n0005.xml.gz");
  server.set_faults("pubmed26n0005.xml.gz", {.cut_first_at = 100'000});
  const CliRun run = sync(server.url());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto requests = server.requests_for("pubmed26n0005.xml.gz");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].range, "");
  EXPECT_EQ(requests[1].range, "bytes=100000-");
  EXPECT_EQ(requests[1].status, 206);
  EXPECT_NE(run.out.find("resumed"), std::string::npos) << run.out;
  // Every byte of the files crossed the wire once.
  std::uint64_t total = 0;
  for (const MirrorFile& f : sample_mirror_files()) total += std::filesystem::file_size(mirror_dir() + "/" + f.path);
  EXPECT_EQ(summary_of(run)["bytes_downloaded"], total);
  EXPECT_GT(size, 100'000u);
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, AMissingMd5HoldsBackThatFileAndTheLaterOnesWithExitCode75) {
  std::filesystem::remove(mirror_dir() + "/updatefiles/pubmed26n0005.xml.gz.md5");
  MirrorServer server(mirror_dir());
  const CliRun held = sync(server.url());
  EXPECT_EQ(held.exit_code, 75) << held.out;
  EXPECT_EQ(summary_of(held)["files_applied"], 4);
  EXPECT_EQ(summary_of(held)["held_back"], "pubmed26n0005.xml.gz has no .md5 listed yet");
  EXPECT_TRUE(server.requests_for("pubmed26n0006.xml.gz").empty());
  build_sample_mirror(mirror_dir());  // NLM finishes uploading
  const CliRun rerun = sync(server.url());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(summary_of(rerun)["files_applied"], 2);
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, AServerThatAnswers500ThenRecoversIsRetried) {
  MirrorServer server(mirror_dir());
  server.set_faults("baseline/", {.fail_first = 2});
  server.set_faults("pubmed26n0003.xml.gz", {.fail_first = 3});
  server.set_faults("pubmed26n0006.xml.gz.md5", {.fail_first = 1});
  const CliRun run = sync(server.url());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("pubmed26n0003.xml.gz: HTTP status 500; retrying"), std::string::npos) << run.out;
  EXPECT_EQ(server.requests_for("pubmed26n0003.xml.gz").size(), 4u);
  EXPECT_EQ(fingerprint(root()), oracle());
}

TEST_F(SyncTest, ASourceThatStaysDownExitsWith75) {
  MirrorServer server(mirror_dir());
  server.set_faults("baseline/", {.fail_first = 100});
  const CliRun run = sync(server.url(), "--retries 2");
  EXPECT_EQ(run.exit_code, 75) << run.out;
  EXPECT_NE(run.out.find("/baseline/: HTTP status 500 (gave up after 3 attempts)"), std::string::npos) << run.out;
}

TEST_F(SyncTest, AnotherSyncHoldingTheRootExitsWith75) {
  std::filesystem::create_directories(root());
  const store::IndexLock held(root());
  const CliRun run = sync(mirror_dir());
  EXPECT_EQ(run.exit_code, 75) << run.out;
  EXPECT_NE(run.out.find("another medsearch process is writing this index"), std::string::npos) << run.out;
}

TEST_F(SyncTest, APlainIndexDirectoryIsRefusedWithTheWayToMoveIt) {
  oracle();
  const CliRun run = run_cli("sync --index " + tmp_.file("oracle") + " --source " + mirror_dir());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("is an index directory made by `ingest`"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace medsearch::testing
