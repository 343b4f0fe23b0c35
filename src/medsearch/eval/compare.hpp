// Compares two runs evaluated on the same qrels (run A, the baseline, and run B): per
// query differences d_q = B_q - A_q for each metric, the mean difference (positive: B is
// better), win/loss counts, and two paired two-sided significance tests over the queries
// (eval/significance.hpp): Fisher's randomization test and Student's paired t-test.
//
// Every qrels query takes part, including those one run has no results for (they score
// 0, as in the means). The randomization test uses the same seed for every metric, so
// each metric's p-value is reproducible on its own, whatever else was asked for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/eval/metrics.hpp"
#include "medsearch/eval/significance.hpp"

namespace medsearch::eval {

struct CompareOptions {
  // 10,000 permutations give a Monte Carlo standard error of at most 0.005 on p
  // (sqrt(p(1-p)/N) at p = 0.5), and under 0.0022 near p = 0.05 (Smucker et al. 2007
  // used 100,000; ours is a default, not a limit).
  std::size_t permutations = 10'000;
  std::uint64_t seed = 20070606;  // any fixed value: p-values repeat exactly run after run
};

struct MetricComparison {
  Metric metric;
  double mean_a = 0.0;
  double mean_b = 0.0;
  double mean_diff = 0.0;      // mean_b - mean_a, = mean of diffs
  std::vector<double> diffs;   // B - A per query, in Comparison::query_ids order
  std::size_t better = 0;      // queries with B > A
  std::size_t worse = 0;       // queries with B < A
  std::size_t tied = 0;        // queries with B == A
  RandomizationTest randomization;
  TTest t_test;
};

struct Comparison {
  std::vector<std::string> query_ids;
  std::vector<MetricComparison> metrics;  // in the evaluations' metric order
  CompareOptions options;
};

// Error(InvalidArgument) unless `a` and `b` have the same queries and the same metrics
// (evaluate() both runs on the same qrels with the same metric list), or if
// options.permutations is 0.
Comparison compare(const Evaluation& a, const Evaluation& b, const CompareOptions& options = {});

}  // namespace medsearch::eval
