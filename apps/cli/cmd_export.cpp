// `medsearch export`: citations as RIS, BibTeX, MEDLINE (.nbib) or CSV, of named PMIDs
// (--pmid, repeatable or comma-separated) or of a query's results up to --max, to stdout
// or a file (docs/cli.md).
#include <cstdio>
#include <fstream>

#include "commands.hpp"
#include "medsearch/cite/citation_format.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/export_selection.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "search_options.hpp"

namespace medsearch::cli {

Action register_export(CLI::App& app) {
  struct Args {
    std::string dir;
    std::string query;
    std::string format;
    std::vector<std::string> pmids;
    std::size_t max = engine::kDefaultExportResults;
    std::string output;
    SearchOptions options;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--index", args->dir, "Index directory")->required();
  app.add_option("query", args->query, "A PubMed-syntax query whose results to export (or give --pmid)");
  app.add_option("--format", args->format, "ris, bibtex, medline (.nbib) or csv")->required();
  app.add_option("--pmid", args->pmids, "PMID to export; repeat or separate by commas (instead of a query)")
      ->delimiter(',');
  app.add_option("--max", args->max, "Results of the query to export, 1..10000 (default 1000)");
  app.add_option("-o,--output", args->output, "Write to this file instead of standard output");
  add_search_options(app, args->options);
  return [args] {
    const cite::CitationFormat format = cite::parse_citation_format(args->format);
    if (args->query.empty() == args->pmids.empty()) throw Error(ErrorCode::InvalidArgument, "give either a query or --pmid");
    const engine::IndexReader index(args->dir);
    std::vector<Article> articles;
    if (!args->pmids.empty()) {
      articles = engine::articles_by_id(index, args->pmids);
    } else {
      const engine::Searcher searcher(index);
      engine::SearchRequest request = make_request(args->options, searcher.default_ranking());
      request.query = args->query;
      articles = engine::articles_for_query(index, searcher, request, args->max);
    }
    const std::string text = cite::format_citations(articles, format);
    if (args->output.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      std::ofstream out(args->output, std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) throw_io_error("cannot write", args->output);
      std::fprintf(stderr, "medsearch: %zu citations written to %s\n", articles.size(), args->output.c_str());
    }
    return 0;
  };
}

}  // namespace medsearch::cli
