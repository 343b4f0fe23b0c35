#include <gtest/gtest.h>

#include "eval_test_util.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/eval/qrels.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::eval {
namespace {

using testing::error_message;
using testing::qrels_from;

TEST(Qrels, ReadsTrecFormat) {
  const QrelsFile f = qrels_from("q1 0 d1 2\nq1 0 d2 0\nq2\t0\td3\t1\n");
  EXPECT_EQ(f.format, QrelsFormat::Trec);
  EXPECT_EQ(f.judgments, 3u);
  const Qrels expected{{"q1", {{"d1", 2}, {"d2", 0}}}, {"q2", {{"d3", 1}}}};
  EXPECT_EQ(f.qrels, expected);
}

TEST(Qrels, ReadsBeirTsvWithHeader) {
  const QrelsFile f = qrels_from("query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t1\nq2\td3\t0\n");
  EXPECT_EQ(f.format, QrelsFormat::Beir);
  const Qrels expected{{"q1", {{"d1", 2}, {"d2", 1}}}, {"q2", {{"d3", 0}}}};
  EXPECT_EQ(f.qrels, expected);
  EXPECT_EQ(qrels_format_name(f.format), "beir");
}

TEST(Qrels, ReadsHeaderlessBeirTsv) {
  const QrelsFile f = qrels_from("q1\td1\t1\nq1\td2\t0\n");
  EXPECT_EQ(f.format, QrelsFormat::Beir);
  EXPECT_EQ(f.qrels.at("q1").at("d1"), 1);
}

TEST(Qrels, ToleratesCrlfBlankLinesRunsOfSpacesSignsAndNegativeGrades) {
  const QrelsFile f = qrels_from("\r\n  \nq1   0  d1   +2\r\n\nq1 0 d2 -1\r\n");
  EXPECT_EQ(f.format, QrelsFormat::Trec);
  const Qrels expected{{"q1", {{"d1", 2}, {"d2", -1}}}};
  EXPECT_EQ(f.qrels, expected);
}

TEST(Qrels, SkipsCommentLinesButNotHashesInsideIds) {
  const QrelsFile f = qrels_from("# judged by two assessors\nq1 0 d#1 1\n  # indented comment\nq1 0 d2 0\n");
  const Qrels expected{{"q1", {{"d#1", 1}, {"d2", 0}}}};
  EXPECT_EQ(f.qrels, expected);
  EXPECT_EQ(qrels_from("# header comment\nquery-id\tcorpus-id\tscore\nq1\td1\t1\n").format, QrelsFormat::Beir);
}

TEST(Qrels, BeirFileWithCrlfAndSpacesAroundFields) {
  const QrelsFile f = qrels_from("query-id\tcorpus-id\tscore\r\nq1 \t d1\t1\r\n");
  EXPECT_EQ(f.qrels.at("q1").at("d1"), 1);
}

TEST(Qrels, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(error_message([] { qrels_from("q1 0 d1 1\n\nq1 0 d2\n", "a.qrels"); }),
            "a.qrels:3: expected 4 fields (qid iter docid grade), found 3");
  EXPECT_EQ(error_message([] { qrels_from("q1 0 d1 1\nq1 0 d2 high\n", "a.qrels"); }),
            "a.qrels:2: grade 'high' is not an integer");
  EXPECT_EQ(error_message([] { qrels_from("q1 0 d1 1\nq1 0 d2 1.5\n", "a.qrels"); }),
            "a.qrels:2: grade '1.5' is not an integer");
  EXPECT_EQ(error_message([] { qrels_from("query-id\tcorpus-id\tscore\nq1\td1\n", "b.tsv"); }),
            "b.tsv:2: expected 3 tab-separated fields (query-id, corpus-id, score), found 2");
  EXPECT_EQ(error_message([] { qrels_from("query-id\tcorpus-id\tscore\n\td1\t1\n", "b.tsv"); }),
            "b.tsv:2: empty query id");
  EXPECT_EQ(error_message([] { qrels_from("q1 0 d1 1\nq2 0 d1 1\nq1 0 d1 0\n", "a.qrels"); }),
            "a.qrels:3: second judgment of document 'd1' for query 'q1' (trec_eval rejects duplicates too)");
}

TEST(Qrels, ErrorCodes) {
  try {
    qrels_from("q1 0 d1\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
  try {
    qrels_from("\n\n", "empty.qrels");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(std::string(e.what()), "empty.qrels: no judgments in qrels file");
  }
  try {
    read_qrels("/nonexistent/dir/q.trec");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/q.trec"), std::string::npos);
  }
}

TEST(Qrels, ReadsFilesAndTheErrorNamesThePath) {
  medsearch::testing::TempDir dir;
  const std::string good = dir.write("good.trec", "q1 0 d1 1\n");
  EXPECT_EQ(read_qrels(good).at("q1").at("d1"), 1);
  const std::string bad = dir.write("bad.trec", "q1 0 d1 1\nq1 0 d2 x\n");
  EXPECT_EQ(error_message([&] { read_qrels(bad); }), bad + ":2: grade 'x' is not an integer");
}

TEST(Qrels, CountRelevantUsesTheRelevanceLevel) {
  const Judgments j{{"a", 2}, {"b", 1}, {"c", 0}, {"d", -1}};
  EXPECT_EQ(count_relevant(j), 2u);
  EXPECT_EQ(count_relevant(j, 2), 1u);
  EXPECT_EQ(count_relevant(j, 3), 0u);
}

}  // namespace
}  // namespace medsearch::eval
