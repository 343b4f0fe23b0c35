#include "medsearch/engine/tune/ranker_training.hpp"

#include <algorithm>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/rerank_features.hpp"

namespace medsearch::engine {

RankerTrainingSet collect_training_set(const Searcher& searcher, const std::vector<TuneQuery>& queries,
                                       const eval::Qrels& qrels, const RankerTrainingOptions& options,
                                       const TrainingProgress& progress) {
  RankerTrainingSet out;
  out.data.columns = kRerankFeatureCount;
  out.queries = queries.size();
  SearchRequest request = options.first_stage;
  request.offset = 0;
  request.limit = std::min(options.depth, kMaxLimit);
  request.sort = SortOrder::Relevance;
  request.snippets = false;
  request.fetch_documents = false;
  const IndexReader& index = searcher.index();
  std::vector<std::size_t> dropped;
  for (const std::string& name : options.dropped_groups) {
    const auto& groups = rerank_feature_groups();
    const auto g = std::find_if(groups.begin(), groups.end(), [&](const RerankFeatureGroup& x) { return x.name == name; });
    if (g == groups.end()) throw Error(ErrorCode::InvalidArgument, "unknown feature group '" + name + "'");
    dropped.insert(dropped.end(), g->columns.begin(), g->columns.end());
  }
  for (std::size_t q = 0; q < queries.size(); ++q) {
    if (progress) progress(q, queries.size());
    const auto judged = qrels.find(queries[q].id);
    if (judged == qrels.end()) continue;
    request.query = queries[q].text;
    RerankCandidates c;
    try {
      c = searcher.candidates(request, options.depth);
    } catch (const Error& e) {
      throw Error(e.code(), "query '" + queries[q].id + "': " + e.what());
    }
    std::vector<float> labels;
    bool any_relevant = false;
    for (const ScoredDoc& d : c.ranked) {
      const auto grade = judged->second.find(index.external_id(d.doc));
      labels.push_back(grade == judged->second.end() ? 0.0f : static_cast<float>(std::max(grade->second, 0)));
      any_relevant = any_relevant || labels.back() > 0;
    }
    if (!any_relevant || c.ranked.size() < 2) continue;
    for (std::size_t row = 0; row < c.ranked.size(); ++row) {
      for (std::size_t col : dropped) c.features[row * kRerankFeatureCount + col] = 0.0f;
    }
    out.data.features.insert(out.data.features.end(), c.features.begin(), c.features.end());
    out.data.labels.insert(out.data.labels.end(), labels.begin(), labels.end());
    out.data.groups.push_back(static_cast<std::uint32_t>(c.ranked.size()));
    ++out.used_queries;
  }
  if (progress) progress(queries.size(), queries.size());
  if (out.used_queries == 0) {
    throw Error(ErrorCode::InvalidArgument, "no query has a judged relevant document among its first-stage candidates");
  }
  return out;
}

nlohmann::json training_description(const RankerTrainingOptions& options, const RankerTrainingSet& set) {
  const SearchRequest& r = options.first_stage;
  return {{"depth", options.depth},
          {"mode", r.mode == RetrievalMode::Hybrid ? "hybrid" : r.mode == RetrievalMode::Dense ? "dense" : "lexical"},
          {"rounds", options.params.rounds},
          {"learning_rate", options.params.learning_rate},
          {"max_depth", options.params.max_depth},
          {"dropped_features", options.dropped_groups},
          {"queries", set.queries},
          {"used_queries", set.used_queries},
          {"rows", set.data.labels.size()}};
}

}  // namespace medsearch::engine
