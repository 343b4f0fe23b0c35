// medsearch: index PubMed/MEDLINE XML and search it (docs/cli.md).
// Exit codes: 0 success, 1 failure (the message names the file, record or parameter),
// 2 a command line that does not parse (unknown option, value out of range).
#include <cstdio>
#include <map>

#include "commands.hpp"
#include "medsearch/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"medsearch: a search engine for the biomedical literature"};
  app.require_subcommand(1);
  std::map<CLI::App*, medsearch::cli::Action> actions;
  auto add = [&](const char* name, const char* help, medsearch::cli::Action (*reg)(CLI::App&)) {
    CLI::App* sub = app.add_subcommand(name, help);
    actions[sub] = reg(*sub);
  };
  add("ingest", "Index PubMed/MEDLINE XML (.xml, .xml.gz) or BEIR corpus.jsonl files; re-run to apply updates", medsearch::cli::register_ingest);
  add("sync", "Download NLM's baseline and update files, verify and apply them (resumable; a new baseline switches atomically)",
      medsearch::cli::register_sync);
  add("compact", "Rewrite the index without its dead (replaced or deleted) documents", medsearch::cli::register_compact);
  add("embed", "Encode every document into a vector and build the vector index (dense and hybrid search)", medsearch::cli::register_embed);
  add("stats", "Print index statistics as JSON", medsearch::cli::register_stats);
  add("doc", "Print one stored record as JSON, by PMID (or BEIR id)", medsearch::cli::register_doc);
  add("search", "Search an index with a PubMed-syntax query, or run a batch of queries", medsearch::cli::register_search);
  add("export", "Write citations (RIS, BibTeX, MEDLINE .nbib, CSV) of PMIDs or of a query's results", medsearch::cli::register_export);
  add("eval", "Measure a TREC run against relevance judgments (nDCG@10, MAP, recall, MRR, P@10)", medsearch::cli::register_eval);
  add("serve", "Serve the HTTP JSON API and the web page over an index", medsearch::cli::register_serve);
  add("tune", "Tune ranking parameters on judged queries (cross-validated); --save makes them the index default", medsearch::cli::register_tune);
  add("train-transfer",
      "Keep judged queries in the index: searches like them get their relevant documents (judgment transfer)",
      medsearch::cli::register_train_transfer);
  add("train-ranker", "Learn a re-ranking model (LambdaMART) from judged queries and save it in the index", medsearch::cli::register_train_ranker);
  add("users", "Manage the judges who record relevance judgments in the web page (users add)", medsearch::cli::register_users);
  add("judgments", "Export or list the recorded relevance judgments (qrels for eval and tune)", medsearch::cli::register_judgments);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage error
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, action] : actions) {
      if (sub->parsed()) return action();
    }
  } catch (const medsearch::Error& e) {
    std::fprintf(stderr, "medsearch: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "medsearch: error: %s\n", e.what());
    return 1;
  }
  return 1;
}
