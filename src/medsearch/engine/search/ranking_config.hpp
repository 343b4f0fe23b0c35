// An index's default ranking configuration: DIR/ranking.json, written by `medsearch tune
// --save` and read by search and serve. Every value stays overridable per request.
// Absent file: the built-in defaults (lexical::RankingParams{}, PRF off).
#pragma once

#include <string>

#include "medsearch/engine/search/search_request.hpp"
#include "medsearch/lexical/ranking.hpp"

namespace medsearch::engine {

inline constexpr const char* kRankingConfigName = "ranking.json";

// Throws Error(Corrupt) naming the file when it exists but is not a valid configuration.
lexical::RankingParams load_ranking_config(const std::string& index_dir);
// The optional "prf" object of DIR/ranking.json ({"on", "docs", "terms", "weight"}; each
// key optional): the pseudo-relevance feedback a request gets for what it does not set.
// Absent file or key: PrfParams{} (off). Error(Corrupt) naming the file for a bad value.
PrfParams load_prf_config(const std::string& index_dir);
// The optional "transfer" object ({"weight", "neighbours"}; each key optional): the
// judgment transfer a request gets for what it does not set. Absent file or key:
// TransferParams{}. Error(Corrupt) naming the file for a bad value.
TransferParams load_transfer_config(const std::string& index_dir);
// Atomic replace (tmp, fsync, rename). Validates first (Error(InvalidArgument)). The "prf"
// and "transfer" objects already in the file are kept.
void save_ranking_config(const std::string& index_dir, const lexical::RankingParams& params, const std::string& note);

// "bm25 k1=1.2 b=0.75 weights=2,1,1,1"; b per field (title,abstract,keywords,mesh) when they differ.
std::string describe(const lexical::RankingParams& params);

}  // namespace medsearch::engine
