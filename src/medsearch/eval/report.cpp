#include "medsearch/eval/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace medsearch::eval {
namespace {

using Json = nlohmann::ordered_json;

std::string fixed4(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string signed4(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.4f", v);
  return std::string(buf) == "-0.0000" ? "+0.0000" : buf;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "n/a";
  if (p > 0.0 && p < 0.0001) return "<0.0001";
  return fixed4(p);
}

// Pads `s` to `width` columns, on the left (right-aligned) or the right.
std::string pad(const std::string& s, std::size_t width, bool right_align) {
  if (s.size() >= width) return s;
  const std::string fill(width - s.size(), ' ');
  return right_align ? fill + s : s + fill;
}

// An aligned table: the first column left-aligned, the others right-aligned, two spaces
// between columns.
std::string render(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += pad(row[c], widths[c], c > 0);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

}  // namespace

std::string evaluation_text(const Evaluation& e, const ReportSources& sources, bool per_query) {
  std::string out = "qrels: " + sources.qrels + "\nrun:   " + sources.run_a + "\n";
  out += "queries: " + std::to_string(e.query_ids.size()) + " (without results, scored 0: " +
         std::to_string(e.queries_without_results) + "; without relevant judgments, scored 0: " +
         std::to_string(e.queries_without_relevant) + "; run queries not in the qrels, ignored: " +
         std::to_string(e.ignored_run_queries) + ")\n\n";
  std::vector<std::vector<std::string>> rows;
  if (!per_query) {
    rows.push_back({"metric", "value"});
    for (std::size_t m = 0; m < e.metrics.size(); ++m) rows.push_back({metric_name(e.metrics[m]), fixed4(e.means[m])});
    return out + render(rows);
  }
  std::vector<std::string> header{"query"};
  for (const Metric& metric : e.metrics) header.push_back(metric_name(metric));
  rows.push_back(header);
  for (std::size_t q = 0; q < e.query_ids.size(); ++q) {
    std::vector<std::string> row{e.query_ids[q]};
    for (std::size_t m = 0; m < e.metrics.size(); ++m) row.push_back(fixed4(e.values[m][q]));
    rows.push_back(row);
  }
  std::vector<std::string> mean_row{"mean"};
  for (double mean : e.means) mean_row.push_back(fixed4(mean));
  rows.push_back(mean_row);
  return out + render(rows);
}

std::string evaluation_json(const Evaluation& e, const ReportSources& sources, bool per_query) {
  Json j;
  j["qrels"] = sources.qrels;
  j["run"] = sources.run_a;
  j["queries"] = e.query_ids.size();
  j["queries_without_results"] = e.queries_without_results;
  j["queries_without_relevant"] = e.queries_without_relevant;
  j["ignored_run_queries"] = e.ignored_run_queries;
  Json& means = j["metrics"] = Json::object();
  for (std::size_t m = 0; m < e.metrics.size(); ++m) means[metric_name(e.metrics[m])] = e.means[m];
  if (per_query) {
    Json& queries = j["per_query"] = Json::object();
    for (std::size_t q = 0; q < e.query_ids.size(); ++q) {
      Json& row = queries[e.query_ids[q]] = Json::object();
      for (std::size_t m = 0; m < e.metrics.size(); ++m) row[metric_name(e.metrics[m])] = e.values[m][q];
    }
  }
  return j.dump(2) + "\n";
}

std::string comparison_text(const Evaluation& a, const Evaluation& b, const Comparison& c,
                            const ReportSources& sources, bool per_query) {
  std::string out = "qrels: " + sources.qrels + "\nrun A: " + sources.run_a + "\nrun B: " + sources.run_b + "\n";
  out += "queries: " + std::to_string(c.query_ids.size()) + " (without results, scored 0: A " +
         std::to_string(a.queries_without_results) + ", B " + std::to_string(b.queries_without_results) +
         "; without relevant judgments: " + std::to_string(a.queries_without_relevant) + ")\n";
  out += "paired two-sided tests over queries; randomization: " + std::to_string(c.options.permutations) +
         " permutations (exact when 2^n is fewer), seed " + std::to_string(c.options.seed) + "\n\n";
  std::vector<std::vector<std::string>> rows{{"metric", "A", "B", "B-A", "better/worse/tied", "p(rand)", "p(t)"}};
  for (const MetricComparison& mc : c.metrics) {
    rows.push_back({metric_name(mc.metric), fixed4(mc.mean_a), fixed4(mc.mean_b), signed4(mc.mean_diff),
                    std::to_string(mc.better) + "/" + std::to_string(mc.worse) + "/" + std::to_string(mc.tied),
                    p_text(mc.randomization.p_value), p_text(mc.t_test.p_value)});
  }
  out += render(rows);
  if (!per_query) return out;
  for (std::size_t m = 0; m < c.metrics.size(); ++m) {
    std::vector<std::vector<std::string>> q_rows{{"query", "A", "B", "B-A"}};
    for (std::size_t q = 0; q < c.query_ids.size(); ++q) {
      q_rows.push_back({c.query_ids[q], fixed4(a.values[m][q]), fixed4(b.values[m][q]), signed4(c.metrics[m].diffs[q])});
    }
    out += "\n" + metric_name(c.metrics[m].metric) + " per query:\n" + render(q_rows);
  }
  return out;
}

std::string comparison_json(const Evaluation& a, const Evaluation& b, const Comparison& c,
                            const ReportSources& sources, bool per_query) {
  Json j;
  j["qrels"] = sources.qrels;
  j["run_a"] = sources.run_a;
  j["run_b"] = sources.run_b;
  j["queries"] = c.query_ids.size();
  j["queries_without_relevant"] = a.queries_without_relevant;
  j["run_a_queries_without_results"] = a.queries_without_results;
  j["run_b_queries_without_results"] = b.queries_without_results;
  j["run_a_ignored_queries"] = a.ignored_run_queries;
  j["run_b_ignored_queries"] = b.ignored_run_queries;
  j["test"] = {{"permutations", c.options.permutations}, {"seed", c.options.seed}};
  Json& metrics = j["metrics"] = Json::object();
  for (const MetricComparison& mc : c.metrics) {
    metrics[metric_name(mc.metric)] = {
        {"a", mc.mean_a},
        {"b", mc.mean_b},
        {"diff", mc.mean_diff},
        {"better", mc.better},
        {"worse", mc.worse},
        {"tied", mc.tied},
        {"p_randomization", number_or_null(mc.randomization.p_value)},
        {"randomization_exact", mc.randomization.exact},
        {"t", number_or_null(mc.t_test.t)},
        {"df", mc.t_test.df},
        {"p_t_test", number_or_null(mc.t_test.p_value)},
    };
  }
  if (per_query) {
    Json& queries = j["per_query"] = Json::object();
    for (std::size_t q = 0; q < c.query_ids.size(); ++q) {
      Json& row = queries[c.query_ids[q]] = Json::object();
      for (std::size_t m = 0; m < c.metrics.size(); ++m) {
        row[metric_name(c.metrics[m].metric)] = {
            {"a", a.values[m][q]}, {"b", b.values[m][q]}, {"diff", c.metrics[m].diffs[q]}};
      }
    }
  }
  return j.dump(2) + "\n";
}

}  // namespace medsearch::eval
