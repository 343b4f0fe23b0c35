// Against the NFCorpus dev judgments in ../shared (skipped when absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "medsearch/eval/metrics.hpp"
#include "medsearch/eval/qrels.hpp"
#include "medsearch/eval/run.hpp"
#include "support/require_shared.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::eval {
namespace {

std::string shared_qrels(const char* name) {
  return std::string(MEDSEARCH_SHARED_DIR) + "/data/nfcorpus-dev/qrels/" + name;
}

TEST(RealQrels, TrecAndBeirFilesHoldTheSameJudgments) {
  const std::string trec = shared_qrels("dev.trec");
  const std::string tsv = shared_qrels("dev.tsv");
  REQUIRE_SHARED(trec);
  REQUIRE_SHARED(tsv);
  const QrelsFile a = read_qrels_file(trec);
  const QrelsFile b = read_qrels_file(tsv);
  EXPECT_EQ(a.format, QrelsFormat::Trec);
  EXPECT_EQ(b.format, QrelsFormat::Beir);
  EXPECT_EQ(a.qrels, b.qrels);
  EXPECT_GT(a.qrels.size(), 100u);
}

// A run returning exactly each query's judged documents, best grade first, is ideal:
// nDCG@10 = 1 on every query, Recall@100 = min(1, 100 / R).
TEST(RealQrels, IdealRunScoresPerfectNdcgAndCappedRecall) {
  const std::string path = shared_qrels("dev.trec");
  REQUIRE_SHARED(path);
  const Qrels qrels = read_qrels(path);
  eval::Run run;
  for (const auto& [qid, judgments] : qrels) {
    Ranking& ranking = run[qid];
    for (const auto& [doc_id, grade] : judgments) ranking.push_back({doc_id, static_cast<double>(grade)});
  }
  // Through a file, as the CLI would see it.
  medsearch::testing::TempDir dir;
  write_run_file(dir.file("ideal.run"), run, "ideal");
  const eval::Run read_back = read_run(dir.file("ideal.run"));
  const std::vector<Metric> metrics{{MetricKind::Ndcg, 10}, {MetricKind::Recall, 100}, {MetricKind::AveragePrecision, 0}};
  const Evaluation e = evaluate(qrels, read_back, metrics);
  EXPECT_EQ(e.queries_without_results, 0u);
  std::size_t over_100 = 0;
  for (std::size_t q = 0; q < e.query_ids.size(); ++q) {
    const Judgments& judgments = qrels.at(e.query_ids[q]);
    const std::size_t relevant = count_relevant(judgments);
    SCOPED_TRACE(e.query_ids[q] + ", R = " + std::to_string(relevant));
    if (relevant == 0) continue;  // none in this file; such a query would score 0
    EXPECT_NEAR(e.values[0][q], 1.0, 1e-12);
    EXPECT_NEAR(e.values[1][q], std::min(1.0, 100.0 / static_cast<double>(relevant)), 1e-12);
    EXPECT_NEAR(e.values[2][q], 1.0, 1e-12);
    if (relevant > 100) ++over_100;
  }
  EXPECT_EQ(e.queries_without_relevant, 0u);
  EXPECT_GT(over_100, 0u);  // the recall cap is exercised
  EXPECT_NEAR(e.means[0], 1.0, 1e-12);
}

}  // namespace
}  // namespace medsearch::eval
