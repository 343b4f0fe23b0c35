// kill -9 during `medsearch sync`, mid-download and mid-apply: the re-run resumes (a cut
// download continues with a Range request) and the index ends equal to a plain ingest of
// the same files.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "mirror_server.hpp"
#include "support/cli_runner.hpp"
#include "sync_fixture.hpp"

namespace medsearch::testing {
namespace {

using namespace std::chrono_literals;

// Starts `medsearch ARGS` (through `sh -c exec`, so the pid is medsearch's own), output to LOG.
pid_t spawn_cli(const std::string& args, const std::string& log) {
  const std::string command = "exec " + std::string(MEDSEARCH_CLI_PATH) + " " + args + " >" + log + " 2>&1";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return false;
}

struct KillPoint {
  const char* name;
  const char* slow_file;        // served slowly, so the kill lands while it downloads
  double sent_fraction;         // kill once this fraction of it is sent ...
  std::chrono::milliseconds after;  // ... and this long after
  const char* killed_after;     // the killed run's log shows this line ...
  const char* killed_before;    // ... and not this one: where the kill landed
};

// Names the point in test listings (otherwise its bytes, pointers included, are printed).
void PrintTo(const KillPoint& point, std::ostream* out) { *out << point.name; }

class SyncKillTest : public ::testing::TestWithParam<KillPoint> {};

TEST_P(SyncKillTest, RerunAfterKill9EqualsAPlainIngest) {
  if (!have_shared_samples()) GTEST_SKIP() << "../shared/data/pubmed is absent: the sync tests need its samples";
  const KillPoint& point = GetParam();
  TempDir tmp;
  const std::string mirror = tmp.file("mirror");
  build_sample_mirror(mirror);
  const Fingerprint expected = plain_ingest(mirror, tmp.file("oracle"));
  const std::string slow_path = mirror + "/" + (std::string(point.slow_file) < "pubmed26n0004" ? "baseline/" : "updatefiles/") +
                                point.slow_file;
  const auto slow_size = std::filesystem::file_size(slow_path);
  const std::string root = tmp.file("root");
  const std::string args = "sync --index " + root + " --threads 2 --chunk-files 1 --retry-wait-ms 10 --source ";
  {
    MirrorServer server(mirror);
    server.set_faults(point.slow_file, {.slow_chunk_ms = 2});
    // The last file comes slowly too, so the process is still running when a kill "after"
    // the slow file lands (it counts in slow_bytes_sent only after the slow file is done).
    if (std::string(point.slow_file) != "pubmed26n0006.xml.gz") server.set_faults("pubmed26n0006.xml.gz", {.slow_chunk_ms = 30});
    const pid_t pid = spawn_cli(args + server.url(), tmp.file("killed.log"));
    const bool reached = wait_for([&] { return server.slow_bytes_sent() >= point.sent_fraction * slow_size; }, 120s);
    std::this_thread::sleep_for(point.after);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(reached) << read_file(tmp.file("killed.log"));
    const std::string log = read_file(tmp.file("killed.log"));
    ASSERT_TRUE(WIFSIGNALED(status)) << "the sync finished before the kill: " << log;
    EXPECT_NE(log.find(point.killed_after), std::string::npos) << log;
    EXPECT_EQ(log.find(point.killed_before), std::string::npos) << log;
  }
  MirrorServer server(mirror);
  const CliRun rerun = run_cli(args + server.url());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_EQ(fingerprint(root), expected) << rerun.out;
  // A file cut mid-download continues where it stopped.
  const auto requests = server.requests_for(point.slow_file);
  if (point.sent_fraction < 1.0) {
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_TRUE(requests[0].range.starts_with("bytes=")) << "the re-run downloaded it from the start";
  }
  // Files applied before the kill are neither fetched nor applied again.
  const std::string first = "pubmed26n0001.xml.gz";
  EXPECT_TRUE(server.requests_for(first).empty());
  EXPECT_EQ(fingerprint(root).files.size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(
    KillPoints, SyncKillTest,
    ::testing::Values(KillPoint{"MidDownloadOfABaselineFile", "pubmed26n0002.xml.gz", 0.5, 0ms, "applied files 1-1",
                                "staged pubmed26n0002"},
                      KillPoint{"MidDownloadOfAnUpdateFile", "pubmed26n0005.xml.gz", 0.3, 0ms, "applied files 4-4",
                                "staged pubmed26n0005"},
                      KillPoint{"JustAfterADownload", "pubmed26n0005.xml.gz", 1.0, 20ms, "applied files 4-4",
                                "applied files 5-5"},
                      KillPoint{"MidApply", "pubmed26n0005.xml.gz", 1.0, 250ms, "staged pubmed26n0005",
                                "applied files 5-5"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace medsearch::testing
