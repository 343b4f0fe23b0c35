// kill -9 at random moments of `medsearch embed` (the tiny BERT fixture model) that adds
// new segments to an index whose dense side is committed: after every kill the index and
// its committed dense side (dense.json, its FAISS file and vectors) open and answer dense
// queries with the committed vector count; the same command run again finishes with
// exactly the vectors and results of an uninterrupted run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crash_harness.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "support/cli_runner.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

std::string corpus(int first, int count) { return ten_word_corpus_gz(first, count); }

// Segments the committed FAISS index covers and the vectors it holds (0, 0: none).
std::pair<std::size_t, std::uint32_t> committed_vectors(const std::string& dir) {
  const auto state = engine::load_dense_state(dir);
  if (!state || !state->index) return {0, 0};
  return {state->index->segments.size(), state->index->doc_count};
}

std::string dense_hits(const std::string& dir, const std::string& query) {
  const CliRun run = run_cli("search --index " + dir + " --mode dense --k 10 --format json " + query, false);
  if (run.exit_code != 0) return "exit " + std::to_string(run.exit_code);
  std::string ids;
  const nlohmann::json response = nlohmann::json::parse(run.out);
  for (const auto& hit : response["hits"]) ids += hit["id"].get<std::string>() + " ";
  return ids;
}

TEST(CrashSafety, KillNineDuringEmbed) {
  TempDir tmp;
  const std::string pre = tmp.file("pre");
  const std::string model = std::string(MEDSEARCH_TESTS_DIR) + "/data/encoder/bert-tiny";
  auto embed = [&](const std::string& dir) {
    return std::vector<std::string>{"embed", "--index", dir, "--threads", "1", "--model", model, "--index-type", "Flat"};
  };
  ASSERT_EQ(run_to_end({"ingest", "--index", pre, tmp.write("a.xml.gz", corpus(1, 1000))}, tmp.file("log")).first, 0);
  ASSERT_EQ(run_to_end(embed(pre), tmp.file("log")).first, 0) << slurp(tmp.file("log"));
  // New documents in 4 segments (each finished segment's vectors are kept by a rerun).
  ASSERT_EQ(run_to_end({"ingest", "--index", pre, "--checkpoint-docs", "800", "--merge-factor", "0", "--threads", "1",
                        tmp.write("b1.xml.gz", corpus(1001, 800)), tmp.write("b2.xml.gz", corpus(1801, 800)),
                        tmp.write("b3.xml.gz", corpus(2601, 800)), tmp.write("b4.xml.gz", corpus(3401, 800))},
                       tmp.file("log")).first, 0) << slurp(tmp.file("log"));
  const auto before = committed_vectors(pre);
  ASSERT_EQ(before, (std::pair<std::size_t, std::uint32_t>{1, 1000}));

  copy_dir(pre, tmp.file("ref"));
  auto [ref_code, seconds] = run_to_end(embed(tmp.file("ref")), tmp.file("ref.log"));
  ASSERT_EQ(ref_code, 0) << slurp(tmp.file("ref.log"));
  const auto after = committed_vectors(tmp.file("ref"));
  ASSERT_EQ(after, (std::pair<std::size_t, std::uint32_t>{5, 4200}));
  const std::string expected_hits = dense_hits(tmp.file("ref"), "aspirin") + "| " + dense_hits(tmp.file("ref"), "kidney");

  std::mt19937 rng = crash_rng("embed");
  int attempts = 0;
  int killed = 0, committed_before = 0;
  for (int point = 0; killed < crash_points() && point < max_attempts(); ++point) {
    ++attempts;
    const std::string dir = tmp.file("work");
    copy_dir(pre, dir);
    Child child(embed(dir), tmp.file("work.log"));
    if (kill_at_random_moment(child, rng, seconds)) ++killed;
    const auto now = committed_vectors(dir);
    EXPECT_TRUE(now == before || now == after) << "point " << point << ": " << now.first << " segments";
    committed_before += now == before ? 1 : 0;
    EXPECT_EQ(engine::IndexReader(dir).live_count(), 4200u);
    const std::string hits = dense_hits(dir, "stroke");
    EXPECT_FALSE(hits.empty() || hits.starts_with("exit")) << "point " << point << ": the committed dense side must answer";
    const auto [code, unused] = run_to_end(embed(dir), tmp.file("resume.log"));
    ASSERT_EQ(code, 0) << slurp(tmp.file("resume.log"));
    EXPECT_EQ(committed_vectors(dir), after);
    EXPECT_EQ(dense_hits(dir, "aspirin") + "| " + dense_hits(dir, "kidney"), expected_hits) << "point " << point;
  }
  EXPECT_EQ(killed, crash_points()) << "too few kills landed in a running job";
  std::printf("[crash] embed: %d of %d attempts killed a running job (job %.2f s); %d left the previous dense commit\n",
              killed, attempts, seconds, committed_before);
}

}  // namespace
}  // namespace medsearch
