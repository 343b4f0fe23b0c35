// `medsearch eval`: score a run against relevance judgments (docs/eval.md), or compare two
// runs with paired significance tests. The run is a file (--run), or made here by running
// --queries against --index through the Searcher with the search flags (--mode, --k1,
// --alpha, --rerank, ...): the same pipeline as search and serve, nothing re-implemented.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/eval/compare.hpp"
#include "medsearch/eval/metrics.hpp"
#include "medsearch/eval/qrels.hpp"
#include "medsearch/eval/report.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/eval/run.hpp"
#include "query_file.hpp"
#include "search_options.hpp"

namespace medsearch::cli {
namespace {

// Every query of `queries_path` searched in `dir` (k 1000 unless the flags say otherwise).
eval::Run index_run(const std::string& dir, const std::string& queries_path, SearchOptions flags) {
  if (flags.values["k"].empty() && flags.values["limit"].empty()) flags.values["k"] = {"1000"};
  const engine::IndexReader index(dir);
  const engine::Searcher searcher(index);
  engine::SearchRequest request = make_request(flags, searcher.default_ranking());
  request.snippets = false;
  request.fetch_documents = false;
  eval::Run run;
  for (const QueryLine& q : read_queries(queries_path)) {
    request.query = q.text;
    eval::Ranking& ranking = run[q.id];
    try {
      for (const engine::SearchHit& hit : searcher.search(request).hits) ranking.push_back({hit.id, hit.score});
    } catch (const Error& e) {
      throw Error(e.code(), "query '" + q.id + "': " + e.what());
    }
  }
  return run;
}

}  // namespace

Action register_eval(CLI::App& app) {
  struct Args {
    std::string qrels;
    std::string run;
    std::string run_b;
    std::string format = "text";
    bool per_query = false;
    std::string metrics = "ndcg@10,map,recall@100,recall@1000,mrr@10,p@10";
    int relevance_level = eval::EvalOptions{}.relevance_level;
    std::size_t permutations = eval::CompareOptions{}.permutations;
    std::uint64_t seed = eval::CompareOptions{}.seed;
    std::string index, queries;
    SearchOptions search;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--qrels", args->qrels, "Relevance judgments: TREC qrels or BEIR qrels TSV (detected)")->required();
  app.add_option("--run", args->run, "Run file (TREC format: qid Q0 docid rank score tag); run A when comparing");
  app.add_option("--index", args->index, "Make run A here: search this index for every --queries line (search flags apply; --k defaults to 1000)");
  app.add_option("--queries", args->queries, "With --index: TSV 'id<TAB>query' or BEIR queries.jsonl");
  add_search_options(app, args->search);
  app.add_option("--run-b", args->run_b, "A second run to compare with the first (differences are B - A)");
  app.add_option("--format", args->format, "Output: text (aligned table) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--per-query", args->per_query, "Also print every query's values");
  app.add_option("--metrics", args->metrics, "Comma-separated metrics: ndcg@K, map, map@K, recall@K, mrr@K, p@K")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](const std::string& names) {
            try {
              eval::parse_metric_list(names);
              return std::string();
            } catch (const Error& e) {
              return std::string(e.what());
            }
          },
          "METRICS"));
  app.add_option("--relevance-level", args->relevance_level, "Lowest grade that counts as relevant (trec_eval -l)")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--permutations", args->permutations, "Randomization-test permutations (with --run-b)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
  app.add_option("--seed", args->seed, "Randomization-test seed (with --run-b)")->capture_default_str();
  return [args] {
    const std::vector<eval::Metric> metrics = eval::parse_metric_list(args->metrics);
    eval::EvalOptions options;
    options.relevance_level = args->relevance_level;
    const eval::Qrels qrels = eval::read_qrels(args->qrels);
    if (args->run.empty() == args->index.empty()) throw Error(ErrorCode::InvalidArgument, "give either --run FILE or --index DIR with --queries");
    if (!args->index.empty() && args->queries.empty()) throw Error(ErrorCode::InvalidArgument, "--index needs --queries");
    const eval::Run run_a = args->index.empty() ? eval::read_run(args->run) : index_run(args->index, args->queries, args->search);
    const eval::Evaluation a = eval::evaluate(qrels, run_a, metrics, options);
    const std::string source_a = args->index.empty() ? args->run : "index " + args->index + " (" + args->queries + ")";
    const eval::ReportSources sources{args->qrels, source_a, args->run_b};
    const bool json = args->format == "json";
    std::string out;
    if (args->run_b.empty()) {
      out = json ? eval::evaluation_json(a, sources, args->per_query) : eval::evaluation_text(a, sources, args->per_query);
    } else {
      const eval::Evaluation b = eval::evaluate(qrels, eval::read_run(args->run_b), metrics, options);
      const eval::Comparison c = eval::compare(a, b, eval::CompareOptions{args->permutations, args->seed});
      out = json ? eval::comparison_json(a, b, c, sources, args->per_query)
                 : eval::comparison_text(a, b, c, sources, args->per_query);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  };
}

}  // namespace medsearch::cli
