#include "medsearch/eval/compare.hpp"

#include "medsearch/core/error.hpp"

namespace medsearch::eval {

Comparison compare(const Evaluation& a, const Evaluation& b, const CompareOptions& options) {
  if (a.query_ids != b.query_ids) {
    throw Error(ErrorCode::InvalidArgument, "compare: the two evaluations cover different queries (use the same qrels)");
  }
  if (a.metrics != b.metrics) {
    throw Error(ErrorCode::InvalidArgument, "compare: the two evaluations have different metrics");
  }
  if (options.permutations == 0) throw Error(ErrorCode::InvalidArgument, "compare: permutations must be >= 1");
  Comparison c;
  c.query_ids = a.query_ids;
  c.options = options;
  for (std::size_t m = 0; m < a.metrics.size(); ++m) {
    MetricComparison mc;
    mc.metric = a.metrics[m];
    mc.mean_a = a.means[m];
    mc.mean_b = b.means[m];
    mc.diffs.reserve(a.query_ids.size());
    double sum = 0.0;
    for (std::size_t q = 0; q < a.query_ids.size(); ++q) {
      const double d = b.values[m][q] - a.values[m][q];
      mc.diffs.push_back(d);
      sum += d;
      if (d > 0) ++mc.better;
      else if (d < 0) ++mc.worse;
      else ++mc.tied;
    }
    mc.mean_diff = a.query_ids.empty() ? 0.0 : sum / static_cast<double>(a.query_ids.size());
    mc.randomization = paired_randomization_test(mc.diffs, options.permutations, options.seed);
    mc.t_test = paired_t_test(mc.diffs);
    c.metrics.push_back(std::move(mc));
  }
  return c;
}

}  // namespace medsearch::eval
