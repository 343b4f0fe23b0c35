// Runs the real medsearch binary: exit codes, messages, JSON output, kill -9 safety.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "medsearch/engine/index/index_reader.hpp"
#include "support/cli_runner.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using medsearch::testing::CliRun;
using medsearch::testing::FixtureCitation;
using medsearch::testing::gzip;
using medsearch::testing::pubmed_xml;
using medsearch::testing::run_cli;
using medsearch::testing::TempDir;

TEST(Cli, IngestStatsAndDoc) {
  TempDir tmp;
  tmp.write("a.xml.gz", gzip(pubmed_xml({{"111", "Aspirin & <b>asthma</b>", 1999, "eng", "Some text."},
                                         {"222", "Second", 2005, "fre", ""}})));
  const CliRun ingest = run_cli("ingest --index " + tmp.file("idx") + " " + tmp.file("a.xml.gz"));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out;
  EXPECT_NE(ingest.out.find("2 citations added"), std::string::npos) << ingest.out;

  const CliRun stats = run_cli("stats --index " + tmp.file("idx"));
  ASSERT_EQ(stats.exit_code, 0) << stats.out;
  const auto s = nlohmann::json::parse(stats.out);
  EXPECT_EQ(s["documents"], 2);
  EXPECT_EQ(s["years"]["1999"], 1);
  EXPECT_EQ(s["languages"]["fre"], 1);
  EXPECT_EQ(s["sample_ids"], (nlohmann::json{"111", "222"}));

  const CliRun doc = run_cli("doc --index " + tmp.file("idx") + " 111");
  ASSERT_EQ(doc.exit_code, 0) << doc.out;
  const auto d = nlohmann::json::parse(doc.out);
  EXPECT_EQ(d["title"], "Aspirin & <b>asthma</b>");
  EXPECT_EQ(d["pub_year"], 1999);
  EXPECT_EQ(d["journal"]["iso_abbreviation"], "Test J");
  EXPECT_EQ(d["abstract"][0]["text"], "Some text.");
}

TEST(Cli, ErrorsNameWhatIsWrongWithTheRightExitCode) {
  TempDir tmp;
  tmp.write("page.xml", "<?xml version=\"1.0\"?>\n<html><body>hi</body></html>\n");
  const CliRun not_pubmed = run_cli("ingest --index " + tmp.file("idx") + " " + tmp.file("page.xml"));
  EXPECT_EQ(not_pubmed.exit_code, 1);
  EXPECT_NE(not_pubmed.out.find("page.xml"), std::string::npos) << not_pubmed.out;
  EXPECT_NE(not_pubmed.out.find("not PubMed"), std::string::npos) << not_pubmed.out;

  const CliRun missing_doc = run_cli("doc --index " + tmp.file("idx") + " 42");
  EXPECT_EQ(missing_doc.exit_code, 1);

  const CliRun bad_flag = run_cli("ingest --index " + tmp.file("idx") + " --since 12 " + tmp.file("page.xml"));
  EXPECT_EQ(bad_flag.exit_code, 2) << bad_flag.out;
  EXPECT_NE(bad_flag.out.find("--since"), std::string::npos) << bad_flag.out;

  const CliRun no_file = run_cli("ingest --index " + tmp.file("idx") + " " + tmp.file("nope.xml.gz"));
  EXPECT_EQ(no_file.exit_code, 1);
  EXPECT_NE(no_file.out.find("nope.xml.gz"), std::string::npos) << no_file.out;
}

TEST(Cli, KillNineDuringIngestLeavesTheLastCommitValid) {
  TempDir tmp;
  tmp.write("base.xml", pubmed_xml({{"1", "base"}}));
  ASSERT_EQ(run_cli("ingest --index " + tmp.file("idx") + " " + tmp.file("base.xml")).exit_code, 0);
  std::vector<std::string> args = {MEDSEARCH_CLI_PATH, "ingest", "--index", tmp.file("idx"), "--checkpoint-docs", "3000"};
  for (int f = 0; f < 30; ++f) {
    std::vector<FixtureCitation> citations;
    for (int i = 0; i < 1500; ++i) citations.push_back({std::to_string(10 + f * 1500 + i), "update title", 2010});
    args.push_back(tmp.write("u" + std::to_string(100 + f) + ".xml.gz", gzip(pubmed_xml(citations))));
  }
  for (int delay_ms : {30, 400}) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::freopen("/dev/null", "w", stderr);
      ::freopen("/dev/null", "w", stdout);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Whatever the moment of the kill, the index opens and holds a committed state.
    const engine::IndexReader index(tmp.file("idx"));
    EXPECT_GE(index.live_count(), 1u);
    EXPECT_EQ((index.live_count() - 1) % 1500, 0u) << "commits happen at file boundaries only";
    EXPECT_TRUE(index.find("1").has_value());
  }
  // The same command, run again, completes the job.
  std::string command;
  for (std::size_t i = 1; i < args.size(); ++i) command += args[i] + " ";
  const CliRun resumed = run_cli(command);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_EQ(engine::IndexReader(tmp.file("idx")).live_count(), 1u + 30 * 1500);
}

}  // namespace
}  // namespace medsearch
