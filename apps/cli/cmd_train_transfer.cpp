// `medsearch train-transfer`: keep judged queries in the index — TREC/BEIR qrels with a
// query file, or the experts' judgments in DIR/judgments.sqlite — as judged-queries.bin,
// which search and serve then use for judgment transfer (docs/ranking.md "Judgment
// transfer"; engine/search/judgment_transfer.hpp).
#include <cstdio>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/judged_queries.hpp"
#include "medsearch/engine/search/judgment_transfer.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/qrels_export.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "query_file.hpp"

namespace medsearch::cli {

Action register_train_transfer(CLI::App& app) {
  struct Args {
    std::string dir, queries, qrels;
    bool from_judgments = false;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory (the judged queries are saved there as judged-queries.bin)")
      ->required();
  app.add_option("--queries", args->queries, "Judged queries: TSV 'id<TAB>query' or BEIR queries.jsonl");
  app.add_option("--qrels", args->qrels, "Their relevance judgments (TREC or BEIR qrels; grade ≥ 1 is relevant)");
  app.add_flag("--judgments", args->from_judgments, "Use the experts' judgments in DIR/judgments.sqlite instead");
  return [args] {
    if (args->from_judgments == (!args->queries.empty() || !args->qrels.empty())) {
      throw Error(ErrorCode::InvalidArgument, "give either --queries and --qrels, or --judgments");
    }
    const engine::IndexReader index(args->dir);
    std::vector<std::pair<std::string, std::string>> queries;
    eval::Qrels qrels;
    std::string source;
    if (args->from_judgments) {
      judgments::JudgmentStore store(judgments::JudgmentStore::default_path(args->dir));
      const judgments::JudgedQrels judged = judgments::to_qrels(store.list());
      for (const auto& [id, text] : judged.queries) queries.emplace_back(id, text);
      qrels = judged.qrels;
      source = "judgments.sqlite";
    } else {
      if (args->queries.empty() || args->qrels.empty())
        throw Error(ErrorCode::InvalidArgument, "--queries and --qrels go together");
      for (const QueryLine& q : read_queries(args->queries)) queries.emplace_back(q.id, q.text);
      qrels = eval::read_qrels(args->qrels);
      source = args->qrels;
    }
    engine::JudgedQueries judged;
    judged.queries = engine::judged_queries(queries, qrels);
    std::size_t documents = 0;
    for (const engine::JudgedQuery& q : judged.queries) documents += q.relevant.size();
    judged.trained = {{"source", source}, {"queries", judged.queries.size()}, {"relevant", documents}};
    // What a search will use of them: queries with a term and a document of this index,
    // analysed as the Searcher does (its analyzer is a default DocumentAnalyzer). Not a
    // Searcher: that would read the file being replaced, and fail if it is damaged.
    const lexical::DocumentAnalyzer analyzer;
    const engine::JudgmentTransfer transfer(judged, analyzer.prose(), index);
    engine::save_judged_queries(index.dir(), judged);
    std::printf(
        "train-transfer: %zu of %zu queries have a relevant judgment (%zu in all); %zu have a word and a document of "
        "this index\n",
        judged.queries.size(), queries.size(), documents, transfer.size());
    std::printf("train-transfer: saved %s/%s (search and serve use it; transfer=0 turns it off per request)\n",
                index.dir().c_str(), engine::kJudgedQueriesFileName);
    return 0;
  };
}

}  // namespace medsearch::cli
