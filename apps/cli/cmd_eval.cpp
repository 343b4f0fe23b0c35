// `medsearch eval`: score a run file against relevance judgments (docs/eval.md), or
// compare two runs with paired significance tests. Running queries against an index to
// produce the run is not this command's job.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/eval/compare.hpp"
#include "medsearch/eval/metrics.hpp"
#include "medsearch/eval/qrels.hpp"
#include "medsearch/eval/report.hpp"
#include "medsearch/eval/run.hpp"

namespace medsearch::cli {

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
  };
  auto args = std::make_shared<Args>();
  app.add_option("--qrels", args->qrels, "Relevance judgments: TREC qrels or BEIR qrels TSV (detected)")->required();
  app.add_option("--run", args->run, "Run file (TREC format: qid Q0 docid rank score tag); run A when comparing")
      ->required();
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
    const eval::Evaluation a = eval::evaluate(qrels, eval::read_run(args->run), metrics, options);
    const eval::ReportSources sources{args->qrels, args->run, args->run_b};
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
