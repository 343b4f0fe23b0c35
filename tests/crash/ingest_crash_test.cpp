// kill -9 at random moments of `medsearch ingest` (with background merges) and `medsearch
// compact`: after every kill the index opens at a commit (counts exactly those of the
// files the manifest records, nothing committed lost), and the same command run again
// reaches exactly the state of an uninterrupted run. Replaces the CLI test that killed an
// ingest at two fixed moments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crash_harness.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/json_views.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

constexpr int kFiles = 10;
constexpr int kPerFile = 400;
constexpr int kRevised = 40;  // of the previous file's citations, revised in each file

// File f: kPerFile - kRevised new citations and revisions of the previous file's first
// kRevised (file 0: kPerFile new). Live documents after the base and k files:
std::uint64_t live_after(std::size_t k) { return 1 + (k == 0 ? 0 : kPerFile + (k - 1) * (kPerFile - kRevised)); }

std::string pmid(int file, int i) { return std::to_string(100000 + file * 10000 + i); }

std::vector<std::string> make_update_files(TempDir& tmp) {
  std::vector<std::string> paths;
  for (int f = 0; f < kFiles; ++f) {
    std::vector<FixtureCitation> citations;
    if (f > 0) {
      for (int i = 0; i < kRevised; ++i) citations.push_back({pmid(f - 1, i), "revised title " + std::to_string(i), 2012});
    }
    for (int i = 0; i < kPerFile - (f > 0 ? kRevised : 0); ++i) {
      citations.push_back({pmid(f, i), "update title word" + std::to_string(i % 50), 2000 + i % 20});
    }
    paths.push_back(tmp.write("u" + std::to_string(100 + f) + ".xml.gz", gzip(pubmed_xml(citations))));
  }
  return paths;
}

// What must not depend on where runs were interrupted.
nlohmann::json final_state(const std::string& dir) {
  const engine::IndexReader index(dir);
  nlohmann::json stats = engine::index_stats(index);
  nlohmann::json files = nlohmann::json::array();
  for (const store::IngestedFile& f : index.manifest().files) files.push_back({f.name, f.articles});
  return {{"documents", stats["documents"]}, {"totals", stats["totals"]}, {"years", stats["years"]}, {"files", files}};
}

TEST(CrashSafety, KillNineDuringIngestAndMerges) {
  TempDir tmp;
  const std::string pre = tmp.file("pre");
  ASSERT_EQ(run_to_end({"ingest", "--index", pre, tmp.write("base.xml", pubmed_xml({{"1", "base"}}))}, tmp.file("log")).first, 0);
  const std::vector<std::string> files = make_update_files(tmp);
  auto job = [&](const std::string& dir) {
    // Small batches and merge factor 3: commits and background merges all along the run.
    std::vector<std::string> args{"ingest", "--index", dir, "--checkpoint-docs", "800", "--merge-factor", "3", "--threads", "2"};
    args.insert(args.end(), files.begin(), files.end());
    return args;
  };
  copy_dir(pre, tmp.file("ref"));
  auto [ref_code, seconds] = run_to_end(job(tmp.file("ref")), tmp.file("ref.log"));
  ASSERT_EQ(ref_code, 0) << slurp(tmp.file("ref.log"));
  const nlohmann::json expected = final_state(tmp.file("ref"));
  ASSERT_EQ(expected["documents"], live_after(kFiles));

  std::mt19937 rng = crash_rng("ingest");
  int attempts = 0;
  int killed = 0;
  std::map<std::size_t, int> files_at_kill;
  for (int point = 0; killed < crash_points() && point < max_attempts(); ++point) {
    ++attempts;
    const std::string dir = tmp.file("work");
    copy_dir(pre, dir);
    Child child(job(dir), tmp.file("work.log"));
    if (kill_at_random_moment(child, rng, seconds)) ++killed;
    {
      const engine::IndexReader index(dir);  // opens: the last commit is intact
      const std::size_t applied = index.manifest().files.size() - 1;
      ++files_at_kill[applied];
      EXPECT_EQ(index.live_count(), live_after(applied)) << "point " << point;
      EXPECT_TRUE(index.find("1").has_value());
      for (std::size_t f = 0; f < applied; ++f) {
        EXPECT_EQ(index.manifest().files[f + 1].name, "u" + std::to_string(100 + f) + ".xml.gz");
        EXPECT_TRUE(index.find(pmid(static_cast<int>(f), kPerFile - kRevised - 1)).has_value()) << "file " << f;
      }
    }
    const auto [code, resumed_seconds] = run_to_end(job(dir), tmp.file("resume.log"));
    ASSERT_EQ(code, 0) << slurp(tmp.file("resume.log"));
    EXPECT_EQ(final_state(dir), expected) << "point " << point;
  }
  std::string spread;
  for (const auto& [applied, n] : files_at_kill) spread += " " + std::to_string(applied) + ":" + std::to_string(n);
  EXPECT_EQ(killed, crash_points()) << "too few kills landed in a running job";
  std::printf("[crash] ingest: %d of %d attempts killed a running job (job %.2f s); files committed at the kill:%s\n",
              killed, attempts, seconds, spread.c_str());
}

TEST(CrashSafety, KillNineDuringCompaction) {
  TempDir tmp;
  const std::string pre = tmp.file("pre");
  std::vector<FixtureCitation> base, update;
  for (int i = 0; i < 3000; ++i) base.push_back({std::to_string(1000 + i), "citation " + std::to_string(i % 97), 1990 + i % 30});
  for (int i = 0; i < 1500; ++i) update.push_back({std::to_string(1000 + 2 * i), "revised " + std::to_string(i % 89), 2015});
  ASSERT_EQ(run_to_end({"ingest", "--index", pre, "--compact-dead", "0", "--checkpoint-docs", "800", "--merge-factor", "0",
                        tmp.write("base.xml.gz", gzip(pubmed_xml(base))), tmp.write("upd.xml.gz", gzip(pubmed_xml(update)))},
                       tmp.file("log")).first, 0) << slurp(tmp.file("log"));
  std::uint64_t pre_generation = 0;
  {
    const engine::IndexReader index(pre);
    ASSERT_EQ(index.live_count(), 3000u);
    ASSERT_EQ(index.doc_count(), 4500u);
    pre_generation = index.manifest().generation;
  }
  auto job = [](const std::string& dir) { return std::vector<std::string>{"compact", "--index", dir, "--segment-docs", "400"}; };
  copy_dir(pre, tmp.file("ref"));
  auto [ref_code, seconds] = run_to_end(job(tmp.file("ref")), tmp.file("ref.log"));
  ASSERT_EQ(ref_code, 0) << slurp(tmp.file("ref.log"));
  const nlohmann::json expected = final_state(tmp.file("ref"));
  const std::size_t expected_segments = engine::IndexReader(tmp.file("ref")).manifest().segments.size();

  std::mt19937 rng = crash_rng("compact");
  int attempts = 0;
  int killed = 0, before = 0;
  for (int point = 0; killed < crash_points() && point < max_attempts(); ++point) {
    ++attempts;
    const std::string dir = tmp.file("work");
    copy_dir(pre, dir);
    Child child(job(dir), tmp.file("work.log"));
    if (kill_at_random_moment(child, rng, seconds)) ++killed;
    {
      const engine::IndexReader index(dir);
      EXPECT_EQ(index.live_count(), 3000u) << "point " << point;
      const bool compacted = index.manifest().generation != pre_generation;
      before += compacted ? 0 : 1;
      EXPECT_EQ(index.doc_count(), compacted ? 3000u : 4500u);
      EXPECT_TRUE(index.find("1000").has_value());
      EXPECT_EQ(index.article(*index.find("1000")).title, "revised 0");
      EXPECT_EQ(index.article(*index.find("3999")).title, "citation " + std::to_string(2999 % 97));
    }
    const auto [code, unused] = run_to_end(job(dir), tmp.file("resume.log"));
    ASSERT_EQ(code, 0) << slurp(tmp.file("resume.log"));
    EXPECT_EQ(final_state(dir), expected) << "point " << point;
    const engine::IndexReader index(dir);
    EXPECT_EQ(index.doc_count(), 3000u);
    EXPECT_EQ(index.manifest().segments.size(), expected_segments);
  }
  EXPECT_EQ(killed, crash_points()) << "too few kills landed in a running job";
  std::printf("[crash] compact: %d of %d attempts killed a running job (job %.2f s); %d left it uncompacted\n", killed,
              attempts, seconds, before);
}

}  // namespace
}  // namespace medsearch
