// Hand-computed metric values. Discounts used below: log2(2) = 1, log2(3) = 1.5849625,
// log2(4) = 2, log2(5) = 2.3219281; so 2/log2(3) = 1.2618595071, 1/log2(5) = 0.4306765581.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "eval_test_util.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/eval/metrics.hpp"

namespace medsearch::eval {
namespace {

using testing::error_message;

constexpr double kTol = 1e-12;

const Metric kNdcg10{MetricKind::Ndcg, 10};
const Metric kNdcg3{MetricKind::Ndcg, 3};
const Metric kMap{MetricKind::AveragePrecision, 0};
const Metric kMap1{MetricKind::AveragePrecision, 1};
const Metric kRecall100{MetricKind::Recall, 100};
const Metric kRecall2{MetricKind::Recall, 2};
const Metric kMrr10{MetricKind::ReciprocalRank, 10};
const Metric kMrr1{MetricKind::ReciprocalRank, 1};
const Metric kP10{MetricKind::Precision, 10};
const Metric kP2{MetricKind::Precision, 2};

// q1: judged d1=2, d2=1, d3=0, d4=1, d5=2; relevant (grade >= 1): d1, d2, d4, d5, so R = 4.
// The run ranks d3 (0), d1 (2), u (unjudged), d2 (1): ranked grades [0, 2, 0, 1].
// q2: judged only non-relevant; q3: judged but absent from the run; q9: only in the run.
Qrels example_qrels() {
  return Qrels{{"q1", {{"d1", 2}, {"d2", 1}, {"d3", 0}, {"d4", 1}, {"d5", 2}}},
               {"q2", {{"d7", 0}}},
               {"q3", {{"d8", 1}}}};
}
eval::Run example_run() {
  return eval::Run{{"q1", {{"d2", 0.6}, {"u", 0.7}, {"d3", 0.9}, {"d1", 0.8}}},  // any order: evaluate ranks by score
             {"q2", {{"d7", 1.0}, {"d1", 0.5}}},
             {"q9", {{"d1", 1.0}}}};
}

QueryGrades q1_grades() {
  Ranking ranking = example_run().at("q1");
  sort_ranking(ranking);
  return grade_ranking(ranking, example_qrels().at("q1"));
}

TEST(Metrics, GradeRankingLooksUpGradesAndTheIdealOrder) {
  const QueryGrades g = q1_grades();
  EXPECT_EQ(g.ranked, (std::vector<int>{0, 2, 0, 1}));
  EXPECT_EQ(g.ideal, (std::vector<int>{2, 2, 1, 1}));
  EXPECT_EQ(g.num_relevant, 4u);
}

TEST(Metrics, NdcgHandComputed) {
  const QueryGrades g = q1_grades();
  // DCG@10  = 0/log2(2) + 2/log2(3) + 0/log2(4) + 1/log2(5) = 1.2618595071 + 0.4306765581 = 1.6925360652
  // IDCG@10 = 2/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5) = 2 + 1.2618595071 + 0.5 + 0.4306765581 = 4.1925360652
  // nDCG@10 = 1.6925360652 / 4.1925360652 = 0.4037022077
  const double dcg10 = 2 / std::log2(3.0) + 1 / std::log2(5.0);
  const double idcg10 = 2 + 2 / std::log2(3.0) + 0.5 + 1 / std::log2(5.0);
  EXPECT_NEAR(metric_value(kNdcg10, g), dcg10 / idcg10, kTol);
  EXPECT_NEAR(metric_value(kNdcg10, g), 0.40370220765864395, kTol);
  // Cut at 3, the ideal list is cut too: DCG@3 = 2/log2(3) = 1.2618595071,
  // IDCG@3 = 2 + 2/log2(3) + 1/2 = 3.7618595071, nDCG@3 = 0.3354350434.
  EXPECT_NEAR(metric_value(kNdcg3, g), (2 / std::log2(3.0)) / (2.5 + 2 / std::log2(3.0)), kTol);
  EXPECT_NEAR(metric_value(kNdcg3, g), 0.3354350434265105, kTol);
  // No cutoff: the same as @10 here (4 documents retrieved, 4 judged relevant).
  EXPECT_NEAR(metric_value({MetricKind::Ndcg, 0}, g), dcg10 / idcg10, kTol);
}

TEST(Metrics, AveragePrecisionHandComputed) {
  const QueryGrades g = q1_grades();
  // Relevant at rank 2 (P@2 = 1/2) and rank 4 (P@4 = 2/4); AP = (1/2 + 2/4) / R = 1 / 4.
  EXPECT_NEAR(metric_value(kMap, g), 0.25, kTol);
  // map@1: nothing relevant at rank 1, so 0.
  EXPECT_NEAR(metric_value(kMap1, g), 0.0, kTol);
}

TEST(Metrics, RecallPrecisionAndReciprocalRankHandComputed) {
  const QueryGrades g = q1_grades();
  EXPECT_NEAR(metric_value(kRecall100, g), 2.0 / 4.0, kTol);  // 2 of R = 4 retrieved
  EXPECT_NEAR(metric_value(kRecall2, g), 1.0 / 4.0, kTol);    // only d1 in the top 2
  EXPECT_NEAR(metric_value(kMrr10, g), 1.0 / 2.0, kTol);      // first relevant at rank 2
  EXPECT_NEAR(metric_value(kMrr1, g), 0.0, kTol);             // none at rank 1
  EXPECT_NEAR(metric_value(kP10, g), 2.0 / 10.0, kTol);       // divided by 10 though only 4 retrieved
  EXPECT_NEAR(metric_value(kP2, g), 1.0 / 2.0, kTol);
}

TEST(Metrics, RelevanceLevelChangesRelevantButNotGains) {
  EvalOptions level2;
  level2.relevance_level = 2;
  Ranking ranking = example_run().at("q1");
  sort_ranking(ranking);
  const QueryGrades g = grade_ranking(ranking, example_qrels().at("q1"), level2);
  EXPECT_EQ(g.num_relevant, 2u);  // d1, d5
  // Only d1 (rank 2) is relevant: AP = (1/2) / 2 = 0.25; recall = 1/2; RR = 1/2; P@10 = 1/10.
  EXPECT_NEAR(metric_value(kMap, g, level2), 0.25, kTol);
  EXPECT_NEAR(metric_value(kRecall100, g, level2), 0.5, kTol);
  EXPECT_NEAR(metric_value(kMrr10, g, level2), 0.5, kTol);
  EXPECT_NEAR(metric_value(kP10, g, level2), 0.1, kTol);
  EXPECT_NEAR(metric_value(kNdcg10, g, level2), 0.40370220765864395, kTol);  // gains are grades regardless
}

TEST(Metrics, EvaluateAveragesOverEveryQrelsQuery) {
  const std::vector<Metric> metrics{kNdcg10, kMap, kRecall100, kMrr10, kP10};
  const Evaluation e = evaluate(example_qrels(), example_run(), metrics);
  EXPECT_EQ(e.query_ids, (std::vector<std::string>{"q1", "q2", "q3"}));
  EXPECT_EQ(e.queries_without_results, 1u);   // q3
  EXPECT_EQ(e.queries_without_relevant, 1u);  // q2
  EXPECT_EQ(e.ignored_run_queries, 1u);       // q9
  // q1 as above; q2 (no relevant documents) and q3 (no results) score 0 and still count:
  // each mean is q1's value / 3.
  const double q1[] = {0.40370220765864395, 0.25, 0.5, 0.5, 0.2};
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    SCOPED_TRACE(metric_name(metrics[m]));
    EXPECT_NEAR(e.values[m][0], q1[m], kTol);
    EXPECT_EQ(e.values[m][1], 0.0);
    EXPECT_EQ(e.values[m][2], 0.0);
    EXPECT_NEAR(e.means[m], q1[m] / 3.0, kTol);
  }
}

TEST(Metrics, EqualScoresAreRankedByDocIdDescendingBeforeScoring) {
  // "a" is relevant, "b" is not, same score: trec_eval ranks "b" first, so RR = 1/2,
  // nDCG@10 = (1/log2(3)) / 1 = 0.6309297536.
  const Qrels qrels{{"q", {{"a", 1}, {"b", 0}}}};
  const eval::Run run{{"q", {{"a", 1.0}, {"b", 1.0}}}};
  const std::vector<Metric> metrics{kMrr10, kNdcg10};
  const Evaluation e = evaluate(qrels, run, metrics);
  EXPECT_NEAR(e.means[0], 0.5, kTol);
  EXPECT_NEAR(e.means[1], 1 / std::log2(3.0), kTol);
}

TEST(Metrics, PerfectRunScoresOneAndNegativeGradesCountAsNonRelevant) {
  // Grades 3, 1 and a -1 ("in the pool, not judged" for trec_eval) that contributes nothing.
  const Qrels qrels{{"q", {{"a", 3}, {"b", 1}, {"c", -1}}}};
  const eval::Run run{{"q", {{"a", 3.0}, {"b", 2.0}, {"c", 1.0}}}};
  const std::vector<Metric> metrics{kNdcg10, kMap, kRecall100, kMrr10, kP2};
  const Evaluation e = evaluate(qrels, run, metrics);
  for (double mean : e.means) EXPECT_NEAR(mean, 1.0, kTol);
  // Swapping a and b: DCG = 1 + 3/log2(3), IDCG = 3 + 1/log2(3).
  const eval::Run swapped{{"q", {{"a", 1.0}, {"b", 2.0}}}};
  EXPECT_NEAR(evaluate(qrels, swapped, metrics).means[0], (1 + 3 / std::log2(3.0)) / (3 + 1 / std::log2(3.0)), kTol);
}

TEST(Metrics, UnretrievedRelevantDocumentsStillCountInTheIdealAndInR) {
  // Three relevant, one retrieved at rank 1: nDCG@10 = 1 / (1 + 1/log2(3) + 1/log2(4)),
  // recall = 1/3, AP = (1/1) / 3.
  const Qrels qrels{{"q", {{"a", 1}, {"b", 1}, {"c", 1}}}};
  const eval::Run run{{"q", {{"a", 1.0}, {"x", 0.5}}}};
  const std::vector<Metric> metrics{kNdcg10, kRecall100, kMap};
  const Evaluation e = evaluate(qrels, run, metrics);
  EXPECT_NEAR(e.means[0], 1 / (1 + 1 / std::log2(3.0) + 0.5), kTol);
  EXPECT_NEAR(e.means[1], 1.0 / 3.0, kTol);
  EXPECT_NEAR(e.means[2], 1.0 / 3.0, kTol);
}

TEST(Metrics, EvaluateRejectsBadInput) {
  const std::vector<Metric> metrics{kNdcg10};
  const eval::Run dup{{"q1", {{"d1", 1.0}, {"d1", 0.5}}}};
  EXPECT_EQ(error_message([&] { evaluate(example_qrels(), dup, metrics); }), "run: document 'd1' listed twice for query 'q1'");
  const eval::Run nan{{"q1", {{"d1", std::numeric_limits<double>::quiet_NaN()}}}};
  EXPECT_EQ(error_message([&] { evaluate(example_qrels(), nan, metrics); }), "run: NaN score for document 'd1' of query 'q1'");
  EXPECT_NE(error_message([&] { evaluate(Qrels{}, example_run(), metrics); }), "");
  EXPECT_NE(error_message([&] { evaluate(example_qrels(), example_run(), std::vector<Metric>{}); }), "");
  const std::vector<Metric> p_without_cutoff{{MetricKind::Precision, 0}};
  EXPECT_NE(error_message([&] { evaluate(example_qrels(), example_run(), p_without_cutoff); }), "");
  EvalOptions level0;
  level0.relevance_level = 0;
  EXPECT_EQ(error_message([&] { evaluate(example_qrels(), example_run(), metrics, level0); }),
            "evaluate: relevance level 0 must be >= 1");
}

TEST(Metrics, NamesRoundTripAndParseCaseInsensitively) {
  for (const Metric& m : default_metrics()) EXPECT_EQ(parse_metric(metric_name(m)), m) << metric_name(m);
  std::vector<std::string> names;
  for (const Metric& m : default_metrics()) names.push_back(metric_name(m));
  EXPECT_EQ(names, (std::vector<std::string>{"ndcg@10", "map", "recall@100", "recall@1000", "mrr@10", "p@10"}));
  EXPECT_EQ(parse_metric("nDCG@20"), (Metric{MetricKind::Ndcg, 20}));
  EXPECT_EQ(parse_metric("P@5"), (Metric{MetricKind::Precision, 5}));
  EXPECT_EQ(parse_metric("MAP"), (Metric{MetricKind::AveragePrecision, 0}));
  EXPECT_EQ(parse_metric("map@100"), (Metric{MetricKind::AveragePrecision, 100}));
  EXPECT_EQ(parse_metric("mrr"), (Metric{MetricKind::ReciprocalRank, 0}));
  EXPECT_EQ(parse_metric_list(" ndcg@10, recall@100 ,"), (std::vector<Metric>{kNdcg10, kRecall100}));
}

TEST(Metrics, ParseErrorsNameTheText) {
  EXPECT_EQ(error_message([] { parse_metric("bleu@4"); }),
            "metric 'bleu@4': unknown metric (known: ndcg@K, map, map@K, recall@K, mrr@K, p@K)");
  EXPECT_EQ(error_message([] { parse_metric("ndcg@0"); }).rfind("metric 'ndcg@0': the cutoff must be a positive integer", 0),
            0u);
  EXPECT_NE(error_message([] { parse_metric("ndcg@"); }), "");
  EXPECT_NE(error_message([] { parse_metric("ndcg@1x"); }), "");
  EXPECT_NE(error_message([] { parse_metric("ndcg@-1"); }), "");
  EXPECT_EQ(error_message([] { parse_metric("P"); }).rfind("metric 'P': precision needs a cutoff", 0), 0u);
  EXPECT_NE(error_message([] { parse_metric_list(" , "); }), "");
}

}  // namespace
}  // namespace medsearch::eval
