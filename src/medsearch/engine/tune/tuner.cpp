#include "medsearch/engine/tune/tuner.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/ranking_config.hpp"

namespace medsearch::engine {
namespace {

// Per-query metric values of one setting, in the order of `ids`.
std::vector<double> score_setting(const Searcher& searcher, const std::vector<TuneQuery>& queries,
                                  const eval::Qrels& qrels, const SearchRequest& setting, const TuneOptions& options) {
  SearchRequest request = setting;
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

std::vector<TuneSetting> pipeline_grid(bool with_dense, bool with_ranker) {
  std::vector<SearchRequest> stages;
  std::vector<std::string> names;
  stages.emplace_back();
  names.emplace_back("bm25");
  if (with_dense) {
    for (float alpha : {0.3f, 0.4f, 0.5f}) {
      for (std::size_t depth : {100, 300}) {
        SearchRequest r;
        r.mode = RetrievalMode::Hybrid;
        r.hybrid.alpha = alpha;
        r.hybrid.depth = depth;
        stages.push_back(r);
        names.push_back("hybrid alpha=" + std::to_string(alpha).substr(0, 3) + " depth=" + std::to_string(depth));
      }
    }
  }
  std::vector<std::pair<PrfParams, std::string>> prfs = {{PrfParams{}, "prf=off"}};
  for (std::size_t docs : {5, 10}) {
    for (std::size_t terms : {10, 20}) {
      for (float lambda : {0.5f, 0.7f}) {
        const PrfParams p{true, docs, terms, lambda};
        prfs.emplace_back(p, "prf=" + std::to_string(docs) + "/" + std::to_string(terms) + "/" + std::to_string(lambda).substr(0, 3));
      }
    }
  }
  std::vector<TuneSetting> grid;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    for (const auto& [prf, prf_name] : prfs) {
      for (int rerank = 0; rerank < (with_ranker ? 2 : 1); ++rerank) {
        TuneSetting t{names[s] + " " + prf_name, stages[s]};
        t.request.prf = PrfRequest::all(prf);
        t.request.rerank.on = rerank == 1;
        if (with_ranker) t.label += rerank == 1 ? " rerank=on" : " rerank=off";
        grid.push_back(std::move(t));
      }
    }
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
  std::vector<TuneSetting> settings = options.pipeline;
  if (settings.empty()) {
    result.settings = options.grid.empty() ? default_grid() : options.grid;
    for (const lexical::RankingParams& p : result.settings) {
      TuneSetting t{describe(p), SearchRequest{}};
      t.request.ranking = p;
      settings.push_back(std::move(t));
    }
  }
  for (const TuneSetting& t : settings) result.labels.push_back(t.label);
  result.queries = judged.size();
  std::vector<std::vector<double>> values;  // values[setting][query in judged's id order]
  const std::size_t total = settings.size() + 1;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    values.push_back(score_setting(searcher, used, judged, settings[s].request, options));
    if (progress) progress(s + 1, total);
  }
  SearchRequest default_request;
  default_request.ranking = lexical::RankingParams{};
  const std::vector<double> defaults = score_setting(searcher, used, judged, default_request, options);
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
