#include <gtest/gtest.h>

#include <cstdio>

#include "eval_test_util.hpp"
#include "medsearch/eval/compare.hpp"

namespace medsearch::eval {
namespace {

using testing::error_message;

const std::vector<Metric> kMetrics{{MetricKind::ReciprocalRank, 10}, {MetricKind::Ndcg, 10}, {MetricKind::Recall, 100}};

std::string qid(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "q%02d", i);
  return buf;
}

// Every query has one relevant document "r" and non-relevant "n1".."n4".
Qrels thirty_queries() {
  Qrels qrels;
  for (int i = 0; i < 30; ++i) qrels[qid(i)] = {{"r", 1}, {"n1", 0}, {"n2", 0}, {"n3", 0}, {"n4", 0}};
  return qrels;
}

// A ranking of the five judged documents with "r" at `rank` (1-based).
Ranking relevant_at(int rank) {
  Ranking ranking;
  int next_nonrel = 1;
  for (int r = 1; r <= 5; ++r) {
    const std::string doc = r == rank ? "r" : "n" + std::to_string(next_nonrel++);
    ranking.push_back({doc, 10.0 - r});
  }
  return ranking;
}

TEST(Compare, IdenticalRunsHaveNoDifferenceAndPOne) {
  eval::Run run;
  for (int i = 0; i < 30; ++i) run[qid(i)] = relevant_at(1 + i % 5);
  const Evaluation a = evaluate(thirty_queries(), run, kMetrics);
  const Comparison c = compare(a, a);
  ASSERT_EQ(c.metrics.size(), kMetrics.size());
  for (const MetricComparison& mc : c.metrics) {
    SCOPED_TRACE(metric_name(mc.metric));
    EXPECT_EQ(mc.mean_diff, 0.0);
    EXPECT_EQ(mc.mean_a, mc.mean_b);
    EXPECT_EQ(mc.tied, 30u);
    EXPECT_EQ(mc.randomization.p_value, 1.0);
    EXPECT_EQ(mc.t_test.p_value, 1.0);
    for (double d : mc.diffs) EXPECT_EQ(d, 0.0);
  }
}

TEST(Compare, ClearlyBetterRunIsSignificant) {
  // A puts the relevant document at rank 3 everywhere. B puts it at rank 1 on 25 queries
  // (RR +2/3), at rank 5 on 3 (RR 1/5 - 1/3 = -2/15) and at rank 3 on 2 (tie).
  eval::Run a;
  eval::Run b;
  for (int i = 0; i < 30; ++i) {
    a[qid(i)] = relevant_at(3);
    b[qid(i)] = relevant_at(i < 25 ? 1 : i < 28 ? 5 : 3);
  }
  const Qrels qrels = thirty_queries();
  const Evaluation ea = evaluate(qrels, a, kMetrics);
  const Evaluation eb = evaluate(qrels, b, kMetrics);
  const Comparison c = compare(ea, eb);
  const MetricComparison& rr = c.metrics[0];
  EXPECT_EQ(rr.better, 25u);
  EXPECT_EQ(rr.worse, 3u);
  EXPECT_EQ(rr.tied, 2u);
  // mean diff = (25 * 2/3 - 3 * 2/15) / 30 = (50/3 - 2/5) / 30 = (244/15) / 30 = 0.5422222
  EXPECT_NEAR(rr.mean_diff, 244.0 / 450.0, 1e-12);
  EXPECT_NEAR(rr.mean_b - rr.mean_a, rr.mean_diff, 1e-12);
  EXPECT_FALSE(rr.randomization.exact);  // 28 non-zero differences: 2^28 > 10,000
  EXPECT_EQ(rr.randomization.assignments, 10000u);
  EXPECT_LT(rr.randomization.p_value, 0.05);
  EXPECT_LT(rr.t_test.p_value, 0.05);
  EXPECT_GT(rr.t_test.t, 0.0);
  const MetricComparison& ndcg = c.metrics[1];
  EXPECT_GT(ndcg.mean_diff, 0.0);
  EXPECT_LT(ndcg.randomization.p_value, 0.05);
  EXPECT_LT(ndcg.t_test.p_value, 0.05);
  // Recall@100 is 1 for both runs on every query.
  EXPECT_EQ(c.metrics[2].randomization.p_value, 1.0);
  EXPECT_EQ(c.metrics[2].mean_diff, 0.0);
  // The reverse comparison mirrors it.
  const Comparison reverse = compare(eb, ea);
  EXPECT_NEAR(reverse.metrics[0].mean_diff, -rr.mean_diff, 1e-15);
  EXPECT_EQ(reverse.metrics[0].randomization.p_value, rr.randomization.p_value);
  EXPECT_NEAR(reverse.metrics[0].t_test.p_value, rr.t_test.p_value, 1e-15);
}

TEST(Compare, FiveQueriesCannotReachSignificanceWithTheExactTest) {
  // B better on all 5 queries by the same amount: the exact randomization p is 2/32.
  Qrels qrels;
  eval::Run a;
  eval::Run b;
  for (int i = 0; i < 5; ++i) {
    qrels[qid(i)] = {{"r", 1}, {"n1", 0}, {"n2", 0}, {"n3", 0}, {"n4", 0}};
    a[qid(i)] = relevant_at(2);
    b[qid(i)] = relevant_at(1);
  }
  const Comparison c = compare(evaluate(qrels, a, kMetrics), evaluate(qrels, b, kMetrics));
  EXPECT_TRUE(c.metrics[0].randomization.exact);
  EXPECT_DOUBLE_EQ(c.metrics[0].randomization.p_value, 0.0625);
  EXPECT_EQ(c.metrics[0].t_test.p_value, 0.0);  // constant difference: t = inf
}

TEST(Compare, RejectsMismatchedEvaluations) {
  const Qrels qrels = thirty_queries();
  Qrels fewer = qrels;
  fewer.erase("q00");
  const eval::Run run{{"q01", relevant_at(1)}};
  const Evaluation e = evaluate(qrels, run, kMetrics);
  EXPECT_NE(error_message([&] { compare(e, evaluate(fewer, run, kMetrics)); }), "");
  const std::vector<Metric> other{{MetricKind::Ndcg, 5}, {MetricKind::Ndcg, 10}, {MetricKind::Recall, 100}};
  EXPECT_NE(error_message([&] { compare(e, evaluate(qrels, run, other)); }), "");
  CompareOptions zero;
  zero.permutations = 0;
  EXPECT_EQ(error_message([&] { compare(e, e, zero); }), "compare: permutations must be >= 1");
}

}  // namespace
}  // namespace medsearch::eval
