#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "eval_test_util.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/eval/run.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::eval {
namespace {

using testing::error_message;
using testing::run_from;

TEST(Run, RanksByScoreDescendingIgnoringTheRankColumnAndLineOrder) {
  const eval::Run run = run_from(
      "q1 Q0 d1 1 0.5 tag\n"
      "q1 Q0 d2 2 2.5 tag\n"
      "q2 Q0 d9 1 1 tag\n"
      "q1 Q0 d3 3 1.5e0 tag\n");
  const Ranking q1{{"d2", 2.5}, {"d3", 1.5}, {"d1", 0.5}};
  EXPECT_EQ(run.at("q1"), q1);
  EXPECT_EQ(run.at("q2"), (Ranking{{"d9", 1.0}}));
}

// trec_eval (form_res_rels.c, comp_sim_docno): equal scores are ordered by docno
// descending, whatever the rank column says.
TEST(Run, TiesAreBrokenByDocIdDescendingLikeTrecEval) {
  const eval::Run run = run_from(
      "q1 Q0 a 1 1.0 t\n"
      "q1 Q0 c 2 1.0 t\n"
      "q1 Q0 b 3 1.0 t\n"
      "q1 Q0 B 4 1.0 t\n"   // 'B' (0x42) < 'a' (0x61): byte order, not case-folded
      "q1 Q0 z 5 0.5 t\n");
  const Ranking expected{{"c", 1.0}, {"b", 1.0}, {"a", 1.0}, {"B", 1.0}, {"z", 0.5}};
  EXPECT_EQ(run.at("q1"), expected);
  EXPECT_TRUE(ranks_before({"b", 1.0}, {"a", 1.0}));
  EXPECT_FALSE(ranks_before({"a", 1.0}, {"b", 1.0}));
  EXPECT_TRUE(ranks_before({"a", 2.0}, {"b", 1.0}));
  EXPECT_FALSE(ranks_before({"a", 1.0}, {"a", 1.0}));
}

TEST(Run, AcceptsSignsExponentsInfinitiesTabsAndCrlf) {
  const eval::Run run = run_from("q1\tQ0\td1\t1\t-3.25\tt\r\nq1 Q0 d2 2 +1e-3 t\nq1 Q0 d3 3 inf t\n\n");
  const Ranking expected{{"d3", std::numeric_limits<double>::infinity()}, {"d2", 1e-3}, {"d1", -3.25}};
  EXPECT_EQ(run.at("q1"), expected);
}

TEST(Run, SkipsCommentLines) {
  const eval::Run run = run_from("# bm25 k1=0.9 b=0.4\nq1 Q0 d1 1 2 t\n#q1 Q0 d2 2 1 t\n");
  EXPECT_EQ(run.at("q1"), (Ranking{{"d1", 2.0}}));
}

TEST(Run, EmptyFileIsAnEmptyRun) { EXPECT_TRUE(run_from("\n  \n").empty()); }

TEST(Run, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 0.4\n", "r.txt"); }),
            "r.txt:2: expected 6 fields (qid Q0 docid rank score tag), found 5");
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 high t\n", "r.txt"); }), "r.txt:1: score 'high' is not a number");
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 0.5x t\n", "r.txt"); }), "r.txt:1: score '0.5x' is not a number");
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 nan t\n", "r.txt"); }), "r.txt:1: score 'nan' is NaN");
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 1e999 t\n", "r.txt"); }), "r.txt:1: score '1e999' is out of the range of a double");
  EXPECT_EQ(error_message([] { run_from("q1 Q0 d1 1 0.5 t\nq2 Q0 d1 1 0.5 t\nq1 Q0 d1 2 0.4 t\n", "r.txt"); }),
            "r.txt:3: document 'd1' listed twice for query 'q1' (first at line 1; trec_eval rejects duplicates too)");
  try {
    run_from("q1 Q0 d1\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
  try {
    read_run("/nonexistent/dir/run.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
  }
}

TEST(Run, WritesTrecLinesInTrecEvalOrderWithRanks) {
  eval::Run run;
  run["q2"] = {{"x", 1.0}};
  run["q1"] = {{"a", 0.25}, {"c", 2.0}, {"b", 0.25}};
  std::ostringstream out;
  write_run(out, run, "bm25");
  EXPECT_EQ(out.str(),
            "q1 Q0 c 1 2 bm25\n"
            "q1 Q0 b 2 0.25 bm25\n"
            "q1 Q0 a 3 0.25 bm25\n"
            "q2 Q0 x 1 1 bm25\n");
}

TEST(Run, WriteThenReadGivesTheSameScoresBitForBit) {
  medsearch::testing::TempDir dir;
  eval::Run run;
  run["q1"] = {{"d1", 0.1 + 0.2}, {"d2", 0.30000000000000004}, {"d3", 1e-300}, {"d4", -7.0 / 3.0}, {"d5", 123456789.125}};
  sort_ranking(run["q1"]);
  const std::string path = dir.file("run.txt");
  write_run_file(path, run, "test");
  EXPECT_EQ(read_run(path), run);
}

TEST(Run, WriteRejectsWhitespaceInIdsAndTagAndNaNScores) {
  std::ostringstream out;
  eval::Run run{{"q 1", {{"d1", 1.0}}}};
  EXPECT_EQ(error_message([&] { write_run(out, run, "t"); }), "run: query id 'q 1' is empty or contains whitespace");
  run = eval::Run{{"q1", {{"d\t1", 1.0}}}};
  EXPECT_EQ(error_message([&] { write_run(out, run, "t"); }), "run: document id 'd\t1' is empty or contains whitespace");
  run = eval::Run{{"q1", {{"d1", 1.0}}}};
  EXPECT_EQ(error_message([&] { write_run(out, run, ""); }), "run: tag '' is empty or contains whitespace");
  run = eval::Run{{"q1", {{"d1", std::numeric_limits<double>::quiet_NaN()}}}};
  EXPECT_EQ(error_message([&] { write_run(out, run, "t"); }), "run: NaN score for document 'd1' of query 'q1'");
  EXPECT_EQ(error_message([] { write_run_file("/nonexistent/dir/run.txt", eval::Run{}, "t"); }).find("/nonexistent/dir/run.txt") !=
                std::string::npos,
            true);
}

}  // namespace
}  // namespace medsearch::eval
