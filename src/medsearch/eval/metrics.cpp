#include "medsearch/eval/metrics.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <unordered_set>

#include "medsearch/core/error.hpp"

namespace medsearch::eval {
namespace {

struct KindName {
  MetricKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {MetricKind::Ndcg, "ndcg"},           {MetricKind::AveragePrecision, "map"}, {MetricKind::Recall, "recall"},
    {MetricKind::ReciprocalRank, "mrr"}, {MetricKind::Precision, "p"},
};

[[noreturn]] void bad_metric(std::string_view text, std::string_view why) {
  throw Error(ErrorCode::InvalidArgument, "metric '" + std::string(text) + "': " + std::string(why) +
                                              " (known: ndcg@K, map, map@K, recall@K, mrr@K, p@K)");
}

void check_metric(const Metric& metric) {
  if (metric.kind == MetricKind::Precision && metric.cutoff == 0) bad_metric("p", "precision needs a cutoff");
}

// Documents at ranks 1..m that count: the cutoff, or the whole ranking.
std::size_t depth(const Metric& metric, std::size_t ranked) {
  return metric.cutoff == 0 ? ranked : std::min(metric.cutoff, ranked);
}

// sum_{i<m} grades[i] / log2(i+2): i is 0-based, so document i sits at rank i+1 and gets
// the discount log2(rank+1) (trec_eval 9 m_ndcg_cut.c: "i+2 since doc i has rank i+1").
double dcg(const std::vector<int>& grades, std::size_t m) {
  double sum = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    if (grades[i] > 0) sum += grades[i] / std::log2(static_cast<double>(i + 2));
  }
  return sum;
}

double ndcg(const Metric& metric, const QueryGrades& g) {
  const double ideal = dcg(g.ideal, depth(metric, g.ideal.size()));
  return ideal > 0.0 ? dcg(g.ranked, depth(metric, g.ranked.size())) / ideal : 0.0;
}

double average_precision(const Metric& metric, const QueryGrades& g, int level) {
  if (g.num_relevant == 0) return 0.0;
  const std::size_t m = depth(metric, g.ranked.size());
  double sum = 0.0;
  std::size_t hits = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (g.ranked[i] >= level) sum += static_cast<double>(++hits) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(g.num_relevant);
}

std::size_t relevant_within(const Metric& metric, const QueryGrades& g, int level) {
  const std::size_t m = depth(metric, g.ranked.size());
  return static_cast<std::size_t>(std::count_if(g.ranked.begin(), g.ranked.begin() + static_cast<std::ptrdiff_t>(m),
                                                [level](int grade) { return grade >= level; }));
}

double reciprocal_rank(const Metric& metric, const QueryGrades& g, int level) {
  const std::size_t m = depth(metric, g.ranked.size());
  for (std::size_t i = 0; i < m; ++i) {
    if (g.ranked[i] >= level) return 1.0 / static_cast<double>(i + 1);
  }
  return 0.0;
}

// A copy of the query's ranking in trec_eval's order, after the checks trec_eval makes.
Ranking ranked_copy(const std::string& qid, const Ranking& ranking) {
  std::unordered_set<std::string_view> seen;
  for (const ScoredDoc& doc : ranking) {
    if (std::isnan(doc.score)) {
      throw Error(ErrorCode::InvalidArgument, "run: NaN score for document '" + doc.doc_id + "' of query '" + qid + "'");
    }
    if (!seen.insert(doc.doc_id).second) {
      throw Error(ErrorCode::InvalidArgument, "run: document '" + doc.doc_id + "' listed twice for query '" + qid + "'");
    }
  }
  Ranking sorted = ranking;
  sort_ranking(sorted);
  return sorted;
}

}  // namespace

std::string metric_name(const Metric& metric) {
  std::string name;
  for (const KindName& k : kKindNames) {
    if (k.kind == metric.kind) name = k.name;
  }
  if (metric.cutoff > 0) name += "@" + std::to_string(metric.cutoff);
  return name;
}

Metric parse_metric(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::size_t at = lower.find('@');
  const std::string_view base = std::string_view(lower).substr(0, at);
  Metric metric;
  const auto* k = std::find_if(std::begin(kKindNames), std::end(kKindNames), [&](const KindName& n) { return n.name == base; });
  if (k == std::end(kKindNames)) bad_metric(text, "unknown metric");
  metric.kind = k->kind;
  if (at != std::string::npos) {
    const std::string_view digits = std::string_view(lower).substr(at + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), metric.cutoff);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || metric.cutoff == 0) {
      bad_metric(text, "the cutoff must be a positive integer");
    }
  }
  if (metric.kind == MetricKind::Precision && metric.cutoff == 0) bad_metric(text, "precision needs a cutoff");
  return metric;
}

std::vector<Metric> parse_metric_list(std::string_view names) {
  std::vector<Metric> metrics;
  std::size_t start = 0;
  while (start <= names.size()) {
    const std::size_t comma = std::min(names.find(',', start), names.size());
    std::string_view name = names.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) metrics.push_back(parse_metric(name));
    start = comma + 1;
  }
  if (metrics.empty()) throw Error(ErrorCode::InvalidArgument, "metrics: the list '" + std::string(names) + "' is empty");
  return metrics;
}

std::vector<Metric> default_metrics() {
  return {{MetricKind::Ndcg, 10},          {MetricKind::AveragePrecision, 0}, {MetricKind::Recall, 100},
          {MetricKind::Recall, 1000},      {MetricKind::ReciprocalRank, 10},  {MetricKind::Precision, 10}};
}

QueryGrades grade_ranking(const Ranking& ranking, const Judgments& judgments, const EvalOptions& options) {
  QueryGrades g;
  g.ranked.reserve(ranking.size());
  for (const ScoredDoc& doc : ranking) {
    const auto it = judgments.find(doc.doc_id);
    g.ranked.push_back(it == judgments.end() ? 0 : std::max(it->second, 0));
  }
  for (const auto& [doc_id, grade] : judgments) {
    if (grade > 0) g.ideal.push_back(grade);
    if (grade >= options.relevance_level) ++g.num_relevant;
  }
  std::sort(g.ideal.begin(), g.ideal.end(), std::greater<>());
  return g;
}

double metric_value(const Metric& metric, const QueryGrades& g, const EvalOptions& options) {
  const int level = options.relevance_level;
  switch (metric.kind) {
    case MetricKind::Ndcg: return ndcg(metric, g);
    case MetricKind::AveragePrecision: return average_precision(metric, g, level);
    case MetricKind::Recall:
      return g.num_relevant == 0 ? 0.0
                                 : static_cast<double>(relevant_within(metric, g, level)) /
                                       static_cast<double>(g.num_relevant);
    case MetricKind::ReciprocalRank: return reciprocal_rank(metric, g, level);
    case MetricKind::Precision:
      check_metric(metric);
      return static_cast<double>(relevant_within(metric, g, level)) / static_cast<double>(metric.cutoff);
  }
  return 0.0;
}

Evaluation evaluate(const Qrels& qrels, const Run& run, std::span<const Metric> metrics, const EvalOptions& options) {
  if (qrels.empty()) throw Error(ErrorCode::InvalidArgument, "evaluate: the qrels have no queries");
  if (metrics.empty()) throw Error(ErrorCode::InvalidArgument, "evaluate: no metrics requested");
  if (options.relevance_level < 1) {
    throw Error(ErrorCode::InvalidArgument,
                "evaluate: relevance level " + std::to_string(options.relevance_level) + " must be >= 1");
  }
  for (const Metric& metric : metrics) check_metric(metric);
  Evaluation e;
  e.metrics.assign(metrics.begin(), metrics.end());
  e.values.assign(metrics.size(), std::vector<double>(qrels.size(), 0.0));
  e.means.assign(metrics.size(), 0.0);
  std::size_t q = 0;
  for (const auto& [qid, judgments] : qrels) {
    e.query_ids.push_back(qid);
    const auto found = run.find(qid);
    const bool has_results = found != run.end() && !found->second.empty();
    if (!has_results) ++e.queries_without_results;
    const QueryGrades grades =
        grade_ranking(has_results ? ranked_copy(qid, found->second) : Ranking{}, judgments, options);
    if (grades.num_relevant == 0) ++e.queries_without_relevant;
    for (std::size_t m = 0; m < metrics.size(); ++m) e.values[m][q] = metric_value(metrics[m], grades, options);
    ++q;
  }
  for (const auto& [qid, ranking] : run) {
    if (!qrels.contains(qid)) ++e.ignored_run_queries;
  }
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    double sum = 0.0;
    for (double v : e.values[m]) sum += v;
    e.means[m] = sum / static_cast<double>(qrels.size());
  }
  return e;
}

}  // namespace medsearch::eval
