// Relevance metrics of a run against qrels, defined as trec_eval 9.x computes them
// (usnistgov/trec_eval, m_*.c; formulas and sources in docs/eval.md). Notation for one
// query: ranking d_1..d_n in trec_eval order (eval/run.hpp), g(d) the document's grade
// (0 when unjudged or negative), rel(d) = g(d) >= L with L the relevance level (1 by
// default, trec_eval -l), R = number of judged documents with grade >= L, k the cutoff
// (0 = no cutoff: the whole ranking), m = min(k, n).
//
//   ndcg@k    DCG@k / IDCG@k, DCG@k = sum_{i<=m} g(d_i) / log2(i+1); IDCG@k is DCG@k of
//             the ideal ranking: every judged grade > 0 of the query, descending (all
//             judged documents, not only the retrieved ones). 0 when IDCG is 0. Gains are
//             the grades themselves (not 2^g - 1): trec_eval's ndcg_cut (Jarvelin and
//             Kekalainen, ACM TOIS 20(4) 2002, with log base 2 from rank 1).
//   map       (1/R) sum_{i<=m, rel(d_i)} P@i; 0 when R = 0 (trec_eval map; map@k = map_cut).
//   recall@k  |{i<=m : rel(d_i)}| / R; 0 when R = 0 (trec_eval recall_k).
//   mrr@k     1 / min{i<=m : rel(d_i)}; 0 if none (MS MARCO's MRR@10; mrr = recip_rank).
//   p@k       |{i<=m : rel(d_i)}| / k, always divided by k (trec_eval P_k); k must be > 0.
//
// Averaging (evaluate): the mean runs over every query of the qrels — trec_eval -c. A
// qrels query the run has no documents for scores 0 in every metric; a run query that
// is not in the qrels is ignored (trec_eval does the same). A qrels query with judgments
// but no relevant document (all grades < L) still counts, scoring 0 everywhere:
// trec_eval 8.0 onwards ignores only queries without any judgment (its CHANGELOG,
// 4/5/06), so such queries pull the mean down there too.
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/eval/qrels.hpp"
#include "medsearch/eval/run.hpp"

namespace medsearch::eval {

enum class MetricKind { Ndcg, AveragePrecision, Recall, ReciprocalRank, Precision };

struct Metric {
  MetricKind kind = MetricKind::Ndcg;
  std::size_t cutoff = 0;  // ranks considered; 0 = the whole ranking (not for Precision)
  friend bool operator==(const Metric&, const Metric&) = default;
};

// "ndcg@10", "map", "map@100", "recall@100", "mrr@10", "p@10"; without a cutoff "ndcg",
// "recall", "mrr".
std::string metric_name(const Metric& metric);

// Inverse of metric_name, case-insensitive ("nDCG@10", "P@10", "MAP"). Error(InvalidArgument)
// naming the text for anything else, a cutoff that is not a positive integer, or "p"
// without a cutoff.
Metric parse_metric(std::string_view name);

// A comma-separated list of metric names, e.g. "ndcg@10,recall@100"; at least one.
std::vector<Metric> parse_metric_list(std::string_view names);

// ndcg@10, map, recall@100, recall@1000, mrr@10, p@10 — the BEIR headline metric
// (Thakur et al. 2021) first, then the usual companions.
std::vector<Metric> default_metrics();

struct EvalOptions {
  int relevance_level = 1;  // a grade >= this is relevant (trec_eval -l); must be >= 1
};

// What every metric of one query is computed from.
struct QueryGrades {
  std::vector<int> ranked;       // ranked[i]: grade of the document at rank i+1 (0 if unjudged/negative)
  std::vector<int> ideal;        // every judged grade > 0 of the query, descending
  std::size_t num_relevant = 0;  // R: judged documents with grade >= relevance_level
};

// Looks up the grades of `ranking`, taken in the order given (rank 1 first; evaluate()
// sorts into trec_eval's order before calling this).
QueryGrades grade_ranking(const Ranking& ranking, const Judgments& judgments, const EvalOptions& options = {});

// One metric for one query.
double metric_value(const Metric& metric, const QueryGrades& grades, const EvalOptions& options = {});

struct Evaluation {
  std::vector<Metric> metrics;
  std::vector<std::string> query_ids;       // every query of the qrels, in id order
  std::vector<std::vector<double>> values;  // values[m][q]: metric m on query_ids[q]
  std::vector<double> means;                // means[m]: mean of values[m]
  std::size_t queries_without_results = 0;  // qrels queries with no documents in the run (scored 0)
  std::size_t queries_without_relevant = 0;  // qrels queries with R = 0 (scored 0)
  std::size_t ignored_run_queries = 0;      // run queries absent from the qrels
};

// Evaluates every query of `qrels`. Each ranking is put in trec_eval's order first.
// Error(InvalidArgument) for empty qrels or metrics, a bad metric or relevance level,
// a NaN score or a document listed twice for one query.
Evaluation evaluate(const Qrels& qrels, const Run& run, std::span<const Metric> metrics,
                    const EvalOptions& options = {});

}  // namespace medsearch::eval
