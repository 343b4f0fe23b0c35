#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "eval_test_util.hpp"
#include "medsearch/eval/report.hpp"

namespace medsearch::eval {
namespace {

// q1: a=2, b=1, c=0; run A ranks a, c, b: DCG = 2 + 0 + 1/log2(4) = 2.5,
// IDCG = 2 + 1/log2(3) = 2.6309297536, nDCG@10 = 0.9502344168. q2 gets an unjudged
// document only, q3 nothing; q9 is not judged. Run B is perfect.
Qrels qrels() { return testing::qrels_from("q1 0 a 2\nq1 0 b 1\nq1 0 c 0\nq2 0 d 1\nq3 0 e 1\n").qrels; }
eval::Run run_a() { return testing::run_from("q1 Q0 a 1 3 A\nq1 Q0 c 2 2 A\nq1 Q0 b 3 1 A\nq2 Q0 x 1 1 A\nq9 Q0 a 1 1 A\n"); }
eval::Run run_b() { return testing::run_from("q1 Q0 a 1 3 B\nq1 Q0 b 2 2 B\nq2 Q0 d 1 1 B\nq3 Q0 e 1 1 B\n"); }
const std::vector<Metric> kMetrics{{MetricKind::Ndcg, 10}, {MetricKind::Precision, 1}};
const ReportSources kSources{"q.trec", "a.run", "b.run"};

TEST(Report, EvaluationTextIsAnAlignedTable) {
  const Evaluation e = evaluate(qrels(), run_a(), kMetrics);
  EXPECT_EQ(evaluation_text(e, kSources, false),
            "qrels: q.trec\n"
            "run:   a.run\n"
            "queries: 3 (without results, scored 0: 1; without relevant judgments, scored 0: 0; run queries not in "
            "the qrels, ignored: 1)\n"
            "\n"
            "metric    value\n"
            "ndcg@10  0.3167\n"
            "p@1      0.3333\n");
  const std::string per_query = evaluation_text(e, kSources, true);
  EXPECT_NE(per_query.find("query  ndcg@10     p@1\n"
                           "q1      0.9502  1.0000\n"
                           "q2      0.0000  0.0000\n"
                           "q3      0.0000  0.0000\n"
                           "mean    0.3167  0.3333\n"),
            std::string::npos)
      << per_query;
}

TEST(Report, EvaluationJsonCarriesFullPrecision) {
  const Evaluation e = evaluate(qrels(), run_a(), kMetrics);
  const nlohmann::json j = nlohmann::json::parse(evaluation_json(e, kSources, true));
  EXPECT_EQ(j["qrels"], "q.trec");
  EXPECT_EQ(j["run"], "a.run");
  EXPECT_EQ(j["queries"], 3);
  EXPECT_EQ(j["queries_without_results"], 1);
  EXPECT_EQ(j["ignored_run_queries"], 1);
  EXPECT_EQ(j["metrics"]["ndcg@10"].get<double>(), e.means[0]);
  EXPECT_NEAR(j["per_query"]["q1"]["ndcg@10"].get<double>(), 2.5 / (2 + 1 / std::log2(3.0)), 1e-12);
  EXPECT_EQ(j["per_query"]["q3"]["p@1"].get<double>(), 0.0);
  EXPECT_FALSE(nlohmann::json::parse(evaluation_json(e, kSources, false)).contains("per_query"));
}

TEST(Report, ComparisonTextAndJson) {
  const Evaluation a = evaluate(qrels(), run_a(), kMetrics);
  const Evaluation b = evaluate(qrels(), run_b(), kMetrics);
  const Comparison c = compare(a, b);
  const std::string text = comparison_text(a, b, c, kSources, true);
  // ndcg@10 differences 0.0498, 1, 1: all 3 non-zero and positive, exact p = 2/8.
  EXPECT_NE(text.find("metric        A       B      B-A  better/worse/tied  p(rand)    p(t)\n"
                      "ndcg@10  0.3167  1.0000  +0.6833              3/0/0   0.2500  0.1637\n"
                      "p@1      0.3333  1.0000  +0.6667              2/0/1   0.5000  0.1835\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ndcg@10 per query:\nquery       A       B      B-A\nq1     0.9502  1.0000  +0.0498\n"),
            std::string::npos)
      << text;
  const nlohmann::json j = nlohmann::json::parse(comparison_json(a, b, c, kSources, true));
  EXPECT_EQ(j["run_b"], "b.run");
  EXPECT_EQ(j["test"]["permutations"], 10000);
  EXPECT_EQ(j["metrics"]["ndcg@10"]["p_randomization"].get<double>(), 0.25);
  EXPECT_EQ(j["metrics"]["ndcg@10"]["randomization_exact"], true);
  EXPECT_EQ(j["metrics"]["p@1"]["better"], 2);
  EXPECT_EQ(j["per_query"]["q2"]["p@1"]["diff"].get<double>(), 1.0);
}

TEST(Report, UndefinedValuesAreNullInJsonAndNaInText) {
  // One query: the t-test is undefined.
  const Qrels one = testing::qrels_from("q1 0 a 1\n").qrels;
  const eval::Run ra = testing::run_from("q1 Q0 x 1 1 A\n");
  const eval::Run rb = testing::run_from("q1 Q0 a 1 1 B\n");
  const Evaluation a = evaluate(one, ra, kMetrics);
  const Evaluation b = evaluate(one, rb, kMetrics);
  const Comparison c = compare(a, b);
  const nlohmann::json j = nlohmann::json::parse(comparison_json(a, b, c, kSources, false));
  EXPECT_TRUE(j["metrics"]["ndcg@10"]["p_t_test"].is_null());
  EXPECT_EQ(j["metrics"]["ndcg@10"]["p_randomization"].get<double>(), 1.0);  // 2 of 2 assignments reach |1|
  EXPECT_NE(comparison_text(a, b, c, kSources, false).find("n/a"), std::string::npos);
}

}  // namespace
}  // namespace medsearch::eval
