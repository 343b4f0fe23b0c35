// Search request options shared by the commands that search (search, eval, tune, serve):
// ranking model and parameters, limit/offset/sort and filters.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "medsearch/engine/searcher.hpp"

namespace medsearch::cli {

struct SearchOptions {
  std::string mode;      // bm25 | tfidf | dense | hybrid; empty: the index's default (lexical)
  std::string fusion;    // hybrid: rrf | weighted; empty: default
  double alpha = -1;     // hybrid weighted sum: dense weight; < 0: default
  std::size_t depth = 0; // hybrid: candidates per list; 0: default
  std::size_t ef_search = 0;
  std::size_t nprobe = 0;
  bool plain = false;  // --plain: no query syntax
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string sort = "relevance";
  double k1 = -1;        // < 0: default
  double b = -1;         // < 0: default; one value for every field
  std::string weights;   // "title=2,abstract=1,keywords=1,mesh=1"
  int year_from = 0;
  int year_to = 0;
  std::vector<std::string> journals, publication_types, languages, mesh;
  bool has_abstract = false;
};

void add_search_options(CLI::App& app, SearchOptions& options);
// A request from the options over `base` ranking parameters (the index's defaults, see
// engine::load_ranking_config): only the options given override them. Throws
// Error(InvalidArgument) naming a bad option value.
engine::SearchRequest make_request(const SearchOptions& options, const lexical::RankingParams& base);

}  // namespace medsearch::cli
