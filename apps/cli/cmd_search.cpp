// `medsearch search`: one query (text or JSON) or a batch of queries (a TREC run).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/core/memory_reuse.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_json.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "query_file.hpp"
#include "search_options.hpp"

namespace medsearch::cli {
namespace {

void print_text(const engine::SearchResponse& r, std::size_t offset, bool terminal) {
  const char* open = terminal ? "\033[1m" : "[";
  const char* close = terminal ? "\033[0m" : "]";
  if (r.translation) {
    if (!r.translation->shown.empty()) std::printf("检索 (searched in English): %s\n", r.translation->shown.c_str());
    if (!r.translation->note.empty()) std::printf("(%s)\n", r.translation->note.c_str());
    if (!r.translation->unrecognized.empty()) {
      // Parts no dictionary translated: searched as typed; the user may rephrase them.
      std::string parts;
      for (const std::string& part : r.translation->unrecognized) parts += (parts.empty() ? "" : "、") + part;
      std::printf("未识别 (not recognised, searched as typed): %s\n", parts.c_str());
    }
    if (r.translation->dense_as_typed) std::printf("(dense side: the multilingual model read the query as typed)\n");
  }
  std::printf("%s%llu results (%.1f ms) for: %s\n", r.total_is_exact ? "" : "at least ",
              static_cast<unsigned long long>(r.total), r.took_ms, r.understood.c_str());
  for (std::size_t i = 0; i < r.hits.size(); ++i) {
    const engine::SearchHit& h = r.hits[i];
    std::printf("\n%zu. %s\n   %s%s%s  PMID %s  score %.3f\n", offset + i + 1, h.title.c_str(), h.journal.c_str(),
                h.year ? (" " + std::to_string(h.year)).c_str() : "", h.authors.empty() ? "" : ("  " + h.authors[0] + (h.authors.size() > 1 ? " et al." : "")).c_str(),
                h.id.c_str(), h.score);
    const std::string snippet = engine::snippet_marked(h.snippet, open, close);
    if (!snippet.empty()) std::printf("   %s\n", snippet.c_str());
  }
}

}  // namespace

Action register_search(CLI::App& app) {
  struct Args {
    std::string dir;
    std::string query;
    std::string queries_file;
    std::string format = "text";
    std::string tag = "medsearch";
    SearchOptions options;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory")->required();
  app.add_option("query", args->query, "A PubMed-syntax query (docs/query-syntax.md)");
  app.add_option("--queries", args->queries_file, "Batch: TSV 'id<TAB>query' or BEIR queries.jsonl; writes a TREC run");
  app.add_option("--format", args->format, "text, json or trec (batch mode is always trec)")
      ->check(CLI::IsMember({"text", "json", "trec"}));
  app.add_option("--tag", args->tag, "Run tag in TREC output");
  add_search_options(app, args->options);
  return [args] {
    keep_freed_memory_for_reuse();  // a batch runs many queries (core/memory_reuse.hpp)
    if (args->query.empty() == args->queries_file.empty()) {
      throw Error(ErrorCode::InvalidArgument, "give either a query or --queries FILE");
    }
    const engine::IndexReader index(args->dir);
    const engine::Searcher searcher(index);
    engine::SearchRequest request = make_request(args->options, searcher.default_ranking());
    if (!args->queries_file.empty()) {
      request.snippets = false;
      request.fetch_documents = false;
      for (const QueryLine& q : read_queries(args->queries_file)) {
        request.query = q.text;
        engine::SearchResponse r;
        try {
          r = searcher.search(request);
        } catch (const Error& e) {
          throw Error(e.code(), "query '" + q.id + "': " + e.what());
        }
        for (std::size_t i = 0; i < r.hits.size(); ++i) {
          std::printf("%s Q0 %s %zu %.6f %s\n", q.id.c_str(), r.hits[i].id.c_str(), request.offset + i + 1,
                      r.hits[i].score, args->tag.c_str());
        }
      }
      return 0;
    }
    request.query = args->query;
    const engine::SearchResponse r = searcher.search(request);
    if (args->format == "json") {
      std::printf("%s\n", engine::to_json(r, request, true).dump(2).c_str());
    } else if (args->format == "trec") {
      for (std::size_t i = 0; i < r.hits.size(); ++i) {
        std::printf("1 Q0 %s %zu %.6f %s\n", r.hits[i].id.c_str(), request.offset + i + 1, r.hits[i].score, args->tag.c_str());
      }
    } else {
      print_text(r, request.offset, ::isatty(STDOUT_FILENO) != 0);
    }
    return 0;
  };
}

}  // namespace medsearch::cli
