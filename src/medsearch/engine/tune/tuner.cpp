#include "medsearch/engine/tune/tuner.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "medsearch/core/error.hpp"

namespace medsearch::engine {
namespace {

// Per-query metric values of one setting, in the order of `ids`.
std::vector<double> score_setting(const Searcher& searcher, const std::vector<TuneQuery>& queries,
                                  const eval::Qrels& qrels, const lexical::RankingParams& params,
                                  const TuneOptions& options) {
  SearchRequest request;
  request.ranking = params;
  request.syntax = options.syntax;
  request.limit = options.depth;
  request.snippets = false;
  request.fetch_documents = false;
  eval::Run run;
  for (const TuneQuery& q : queries) {
    request.query = q.text;
    eval::Ranking& ranking = run[q.id];
    try {
      for (const SearchHit& hit : searcher.search(request).hits) ranking.push_back({hit.id, hit.score});
    } catch (const Error& e) {
      throw Error(e.code(), "query '" + q.id + "': " + e.what());
    }
  }
  const eval::Metric metrics[] = {options.metric};
  return eval::evaluate(qrels, run, metrics).values[0];
}

double mean_over(const std::vector<double>& values, const std::vector<std::size_t>& which) {
  if (which.empty()) return 0;
  double sum = 0;
  for (std::size_t i : which) sum += values[i];
  return sum / static_cast<double>(which.size());
}

}  // namespace

std::vector<lexical::RankingParams> default_grid() {
  std::vector<lexical::RankingParams> grid;
  for (float title : {1.0f, 2.0f, 3.0f}) {
    for (float k1 : {0.6f, 0.9f, 1.2f, 1.5f, 2.0f}) {
      for (float b : {0.3f, 0.5f, 0.75f, 0.9f, 1.0f}) {
        lexical::RankingParams p;
        p.k1 = k1;
        p.b.fill(b);
        p.weight[0] = title;
        grid.push_back(p);
      }
    }
    lexical::RankingParams tfidf;
    tfidf.model = lexical::RankingModel::TfIdf;
    tfidf.weight[0] = title;
    grid.push_back(tfidf);
  }
  return grid;
}

TuneResult tune(const Searcher& searcher, const std::vector<TuneQuery>& queries, const eval::Qrels& qrels,
                const TuneOptions& options, const TuneProgress& progress) {
  if (options.folds < 2) throw Error(ErrorCode::InvalidArgument, "folds must be at least 2");
  // Judged queries only, so unjudged ones neither help nor count as zeros.
  std::set<std::string> asked;
  for (const TuneQuery& q : queries) asked.insert(q.id);
  eval::Qrels judged;
  for (const auto& [id, judgments] : qrels) {
    if (asked.contains(id)) judged.emplace(id, judgments);
  }
  if (judged.empty()) throw Error(ErrorCode::InvalidArgument, "none of the queries has relevance judgments");
  std::vector<TuneQuery> used;
  for (const TuneQuery& q : queries) {
    if (judged.contains(q.id)) used.push_back(q);
  }

  TuneResult result;
  result.settings = options.grid.empty() ? default_grid() : options.grid;
  result.queries = judged.size();
  std::vector<std::vector<double>> values;  // values[setting][query in judged's id order]
  const std::size_t total = result.settings.size() + 1;
  for (std::size_t s = 0; s < result.settings.size(); ++s) {
    values.push_back(score_setting(searcher, used, judged, result.settings[s], options));
    if (progress) progress(s + 1, total);
  }
  const std::vector<double> defaults = score_setting(searcher, used, judged, lexical::RankingParams{}, options);
  if (progress) progress(total, total);
  result.default_score = std::accumulate(defaults.begin(), defaults.end(), 0.0) / static_cast<double>(defaults.size());

  std::vector<std::size_t> all(judged.size());
  std::iota(all.begin(), all.end(), 0);
  for (const auto& v : values) result.scores.push_back(mean_over(v, all));
  result.best = static_cast<std::size_t>(std::max_element(result.scores.begin(), result.scores.end()) - result.scores.begin());

  // Folds: a seeded shuffle of the queries, dealt round-robin.
  std::vector<std::size_t> order = all;
  std::mt19937 rng(options.seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::size_t> fold_of(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) fold_of[order[i]] = i % options.folds;
  double held_out_sum = 0;
  for (std::size_t f = 0; f < options.folds; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t q = 0; q < fold_of.size(); ++q) (fold_of[q] == f ? test : train).push_back(q);
    std::size_t choice = 0;
    for (std::size_t s = 1; s < values.size(); ++s) {
      if (mean_over(values[s], train) > mean_over(values[choice], train)) choice = s;
    }
    result.fold_choice.push_back(choice);
    result.fold_scores.push_back(mean_over(values[choice], test));
    for (std::size_t q : test) held_out_sum += values[choice][q];
  }
  result.cv_score = held_out_sum / static_cast<double>(all.size());
  return result;
}

}  // namespace medsearch::engine
