// Renders evaluations and comparisons for people (aligned text tables) and programs
// (JSON), for the CLI's `medsearch eval` and anything else that reports quality
// (docs/eval.md shows both layouts). Values are printed with 4 decimals in text, as
// trec_eval does; JSON carries full double precision, and undefined values (a t-test
// p-value over fewer than 2 queries, an infinite t) are null.
#pragma once

#include <string>

#include "medsearch/eval/compare.hpp"
#include "medsearch/eval/metrics.hpp"

namespace medsearch::eval {

// Labels of the inputs, shown in the report headers (file paths, usually).
struct ReportSources {
  std::string qrels;
  std::string run_a;
  std::string run_b;  // comparisons only
};

// One run: a header with the query counts, then `metric  value` rows; with per_query,
// a table with one row per qrels query and a column per metric, ending with the means.
std::string evaluation_text(const Evaluation& e, const ReportSources& sources, bool per_query);

// {"qrels", "run", "queries", "queries_without_results", "queries_without_relevant",
//  "ignored_run_queries", "metrics": {name: mean}, "per_query": {qid: {name: value}}}
// ("per_query" only when asked). Indented by 2.
std::string evaluation_json(const Evaluation& e, const ReportSources& sources, bool per_query);

// Two runs: per metric A's and B's means, B - A, better/worse/tied query counts and both
// p-values; with per_query, one block per metric listing A, B and B - A per query.
// `a` and `b` are the evaluations `c` was computed from.
std::string comparison_text(const Evaluation& a, const Evaluation& b, const Comparison& c,
                            const ReportSources& sources, bool per_query);

// {"qrels", "run_a", "run_b", "queries", "queries_without_relevant",
//  "run_a_queries_without_results", "run_b_queries_without_results",
//  "run_a_ignored_queries", "run_b_ignored_queries",
//  "test": {"permutations", "seed"},
//  "metrics": {name: {"a", "b", "diff", "better", "worse", "tied", "p_randomization",
//                     "randomization_exact", "t", "df", "p_t_test"}},
//  "per_query": {qid: {name: {"a", "b", "diff"}}}}  ("per_query" only when asked).
std::string comparison_json(const Evaluation& a, const Evaluation& b, const Comparison& c,
                            const ReportSources& sources, bool per_query);

}  // namespace medsearch::eval
