// An index's default ranking configuration: DIR/ranking.json, written by `medsearch tune
// --save` and read by search and serve. Every value stays overridable per request.
// Absent file: the built-in defaults (lexical::RankingParams{}).
#pragma once

#include <string>

#include "medsearch/lexical/ranking.hpp"

namespace medsearch::engine {

inline constexpr const char* kRankingConfigName = "ranking.json";

// Throws Error(Corrupt) naming the file when it exists but is not a valid configuration.
lexical::RankingParams load_ranking_config(const std::string& index_dir);
// Atomic replace (tmp, fsync, rename). Validates first (Error(InvalidArgument)).
void save_ranking_config(const std::string& index_dir, const lexical::RankingParams& params, const std::string& note);

// "bm25 k1=1.2 b=0.75 weights=2,1,1,1"; b per field (title,abstract,keywords,mesh) when they differ.
std::string describe(const lexical::RankingParams& params);

}  // namespace medsearch::engine
