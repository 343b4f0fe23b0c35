// `medsearch train-ranker`: learn the re-ranker (LambdaMART, XGBoost rank:ndcg) from judged
// queries — TREC/BEIR qrels with a query file, or the experts' judgments in
// DIR/judgments.sqlite — and save it in the index as ranker.bin, which search and serve then
// use (docs/ranking.md "Learned re-ranking").
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/ranker_model.hpp"
#include "medsearch/engine/tune/ranker_training.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/qrels_export.hpp"
#include "query_file.hpp"
#include "search_options.hpp"

namespace medsearch::cli {

Action register_train_ranker(CLI::App& app) {
  struct Args {
    std::string dir, queries, qrels, judgments;
    bool from_judgments = false;
    rerank::TrainParams params;
    SearchOptions first_stage;
    std::vector<std::string> dropped;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory (the model is saved there as ranker.bin)")->required();
  app.add_option("--queries", args->queries, "Training queries: TSV 'id<TAB>query' or BEIR queries.jsonl");
  app.add_option("--qrels", args->qrels, "Their relevance judgments (TREC or BEIR qrels)");
  app.add_flag("--judgments", args->from_judgments, "Train on the experts' judgments in DIR/judgments.sqlite instead");
  app.add_option("--rounds", args->params.rounds, "Boosting rounds (trees)")->check(CLI::Range(1, 5000))->capture_default_str();
  app.add_option("--learning-rate", args->params.learning_rate, "Shrinkage per tree")->check(CLI::Range(0.001, 1.0))->capture_default_str();
  app.add_option("--max-depth", args->params.max_depth, "Tree depth")->check(CLI::Range(1, 16))->capture_default_str();
  app.add_option("--threads", args->params.threads, "Training threads")->check(CLI::Range(1, 256))->capture_default_str();
  app.add_option("--drop-features", args->dropped,
                 "Ablation: feature groups left out (first_stage, bm25, tfidf, dense, coverage, proximity, length, metadata, query)")
      ->delimiter(',');
  add_search_options(app, args->first_stage);
  return [args] {
    if (args->from_judgments == (!args->queries.empty() || !args->qrels.empty())) {
      throw Error(ErrorCode::InvalidArgument, "give either --queries and --qrels, or --judgments");
    }
    const engine::IndexReader index(args->dir);
    const engine::Searcher searcher(index);
    std::vector<engine::TuneQuery> queries;
    eval::Qrels qrels;
    if (args->from_judgments) {
      judgments::JudgmentStore store(judgments::JudgmentStore::default_path(args->dir));
      const judgments::JudgedQrels judged = judgments::to_qrels(store.list());
      for (const auto& [id, text] : judged.queries) queries.push_back({id, text});
      qrels = judged.qrels;
    } else {
      if (args->queries.empty() || args->qrels.empty()) throw Error(ErrorCode::InvalidArgument, "--queries and --qrels go together");
      for (const QueryLine& q : read_queries(args->queries)) queries.push_back({q.id, q.text});
      qrels = eval::read_qrels(args->qrels);
    }
    engine::RankerTrainingOptions options;
    options.params = args->params;
    options.dropped_groups = args->dropped;
    // The first stage as search would run it with the same flags; its candidates per query
    // are --rerank-depth (default 100), the depth the model will re-rank when serving.
    options.first_stage = make_request(args->first_stage, searcher.default_ranking());
    options.depth = options.first_stage.rerank.depth;
    options.first_stage.rerank.on = false;
    const auto start = std::chrono::steady_clock::now();
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const engine::RankerTrainingSet set = engine::collect_training_set(searcher, queries, qrels, options, [terminal](std::size_t done, std::size_t total) {
      if (terminal && (done % 50 == 0 || done == total)) std::fprintf(stderr, "\rtrain-ranker: %zu/%zu queries", done, total);
      if (terminal && done == total) std::fputc('\n', stderr);
    });
    const double collect_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const rerank::LambdaMart model = rerank::LambdaMart::train(set.data, options.params);
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    engine::save_ranker(args->dir, engine::training_description(options, set), model);
    std::printf("train-ranker: %zu of %zu queries had a relevant candidate; %zu candidates; features %.1f s, training %.1f s\n",
                set.used_queries, set.queries, set.data.labels.size(), collect_s, total_s - collect_s);
    std::printf("train-ranker: saved %s/%s (search and serve re-rank with it; rerank=off turns it off per request)\n",
                args->dir.c_str(), engine::kRankerFileName);
    return 0;
  };
}

}  // namespace medsearch::cli
