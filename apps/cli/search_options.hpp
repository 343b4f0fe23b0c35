// The search flags of `medsearch search`: one per row of engine::search_param_table()
// ("--year-from" for year_from), read by the same parser as the HTTP API's parameters
// (engine::parse_search_params), so both accept the same knobs with the same limits.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "medsearch/engine/search/search_params.hpp"

namespace medsearch::cli {

struct SearchOptions {
  std::map<std::string, std::vector<std::string>> values;  // parameter name → values given
  bool plain = false;  // --plain: the same as --syntax plain
};

void add_search_options(CLI::App& app, SearchOptions& options);
// A request from the flags over `base` ranking parameters (Searcher::default_ranking(): the
// index's ranking.json): only the knobs given override them. Throws Error(InvalidArgument)
// naming a bad flag value.
engine::SearchRequest make_request(const SearchOptions& options, const lexical::RankingParams& base);

}  // namespace medsearch::cli
