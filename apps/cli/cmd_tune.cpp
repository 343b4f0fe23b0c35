// `medsearch tune`: search ranking parameters on judged queries, report cross-validated
// scores, optionally save the best as the index's default (ranking.json).
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "medsearch/engine/tune/tuner.hpp"
#include "query_file.hpp"

namespace medsearch::cli {

Action register_tune(CLI::App& app) {
  struct Args {
    std::string dir, queries, qrels, metric = "ndcg@10", syntax = "plain", format = "text", grid = "lexical";
    std::size_t folds = 5, depth = 1000;
    bool save = false;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory")->required();
  app.add_option("--queries", args->queries, "TSV 'id<TAB>query' or BEIR queries.jsonl")->required();
  app.add_option("--qrels", args->qrels, "Relevance judgments (TREC or BEIR)")->required();
  app.add_option("--metric", args->metric, "Metric to maximise (eval's names, e.g. ndcg@10, recall@100)");
  app.add_option("--folds", args->folds, "Cross-validation folds")->check(CLI::Range(2, 50));
  app.add_option("--depth", args->depth, "Results per query")->check(CLI::Range(10, 1000));
  app.add_option("--syntax", args->syntax, "plain or pubmed")->check(CLI::IsMember({"plain", "pubmed"}));
  app.add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--grid", args->grid,
                 "lexical: BM25 k1 x b x title weight and TF-IDF (78); pipeline: bm25/hybrid alpha x depth x PRF x re-ranking on/off")
      ->check(CLI::IsMember({"lexical", "pipeline"}));
  app.add_flag("--save", args->save, "Save the best setting as the index's default ranking");
  return [args] {
    const engine::IndexReader index(args->dir);
    const engine::Searcher searcher(index);
    std::vector<engine::TuneQuery> queries;
    for (const QueryLine& q : read_queries(args->queries)) queries.push_back({q.id, q.text});
    if (args->save && args->grid != "lexical") {
      throw Error(ErrorCode::InvalidArgument, "option '--save' saves a lexical setting: use it with --grid lexical");
    }
    engine::TuneOptions options;
    if (args->grid == "pipeline") options.pipeline = engine::pipeline_grid(searcher.has_dense(), searcher.ranker() != nullptr);
    options.folds = args->folds;
    options.depth = args->depth;
    options.metric = eval::parse_metric(args->metric);
    options.syntax = args->syntax == "pubmed" ? engine::QuerySyntax::Pubmed : engine::QuerySyntax::Plain;
    const engine::TuneResult r = engine::tune(searcher, queries, eval::read_qrels(args->qrels), options,
                                              [terminal = ::isatty(STDERR_FILENO) != 0](std::size_t done, std::size_t total) {
                                                if (!terminal) return;
                                                std::fprintf(stderr, "\rtune: %zu/%zu settings", done, total);
                                                if (done == total) std::fputc('\n', stderr);
                                              });
    if (args->format == "json") {
      nlohmann::ordered_json folds = nlohmann::ordered_json::array();
      for (std::size_t f = 0; f < r.fold_choice.size(); ++f) {
        folds.push_back({{"setting", r.labels[r.fold_choice[f]]}, {"held_out", r.fold_scores[f]}});
      }
      const nlohmann::ordered_json j = {{"metric", args->metric},        {"queries", r.queries},
                                        {"settings", r.labels.size()}, {"default", r.default_score},
                                        {"best", r.labels[r.best]}, {"best_score", r.scores[r.best]},
                                        {"cross_validated", r.cv_score}, {"folds", folds}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf("%s over %zu judged queries, %zu settings, %zu-fold cross-validation\n", args->metric.c_str(),
                  r.queries, r.labels.size(), args->folds);
      std::printf("  built-in defaults (%s): %.4f\n", engine::describe(lexical::RankingParams{}).c_str(), r.default_score);
      std::printf("  best on all queries (%s): %.4f  (optimistic: chosen on the same queries)\n",
                  r.labels[r.best].c_str(), r.scores[r.best]);
      std::printf("  cross-validated (each fold tuned on the others): %.4f\n", r.cv_score);
      for (std::size_t f = 0; f < r.fold_choice.size(); ++f) {
        std::printf("    fold %zu: %s → %.4f\n", f + 1, r.labels[r.fold_choice[f]].c_str(), r.fold_scores[f]);
      }
    }
    if (args->save) {
      const lexical::RankingParams& best = r.settings[r.best];
      engine::save_ranking_config(engine::resolve_index_dir(args->dir), best,
                                  "tuned on " + args->queries + " (" + args->metric + " " + std::to_string(r.scores[r.best]) +
                                      ", cross-validated " + std::to_string(r.cv_score) + ")");
      std::fprintf(stderr, "tune: saved %s as the default ranking of %s\n", engine::describe(best).c_str(), args->dir.c_str());
    }
    return 0;
  };
}

}  // namespace medsearch::cli
