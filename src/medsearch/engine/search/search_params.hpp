// The one parser of search parameters: the HTTP API's query parameters and the CLI's flags
// are the same named values (docs/api.md, docs/cli.md), read here into a SearchRequest.
// kSearchParams is the one table of them: the CLI registers a flag per row ("--" + name
// with '_' → '-'), the server accepts exactly these names, and a test checks that docs/api.md
// documents every row. Pure functions; thread-safe.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "medsearch/engine/search/search_request.hpp"
#include "medsearch/lexical/ranking.hpp"

namespace medsearch::engine {

// Name → value; a repeatable parameter (journal, pt, lang, mesh) may appear several times.
using SearchParams = std::multimap<std::string, std::string>;

struct SearchParamInfo {
  const char* name;   // HTTP name; CLI flag "--" + name with '_' → '-'
  const char* value;  // what the value looks like ("N", "0..1", "bm25|tfidf|dense|hybrid"); "" for a CLI flag (value 1)
  const char* help;
  bool repeatable = false;
  bool http_only = false;  // the CLI takes it elsewhere (the query is its positional argument)
};

// Every search parameter, in the order the docs list them.
std::span<const SearchParamInfo> search_param_table();

// The CLI flag of a parameter: "--" + name with '_' → '-' ("year_from" → "--year-from").
std::string cli_flag(std::string_view name);

// How errors name a parameter: `parameter 'year_from'` (HTTP) or `option '--year-from'` (CLI).
enum class ParamStyle : std::uint8_t { Http, Cli };

// Limits a server puts on what any client may ask (docs/api.md "Limits"), at most the
// engine's own (search_request.hpp), which are the defaults here and the CLI's. A value past
// a cap is Error(InvalidArgument) naming the parameter and the allowed range.
struct SearchCaps {
  std::size_t max_limit = kMaxLimit;  // k / limit
  std::size_t max_offset = kMaxOffset;
  std::size_t max_depth = kMaxDepth;  // hybrid candidates from each list
  std::size_t max_rerank_depth = kMaxRerankDepth;
  std::size_t max_ef_search = kMaxEfSearch;
  std::size_t max_nprobe = kMaxNprobe;
  std::size_t max_truncations = kMaxTruncations;  // truncated words (term*) in `q`
  // The most vectors one FAISS round of a dense or hybrid search may visit, set on every
  // request (DenseSearchParams::max_visits): nprobe's effective cap is then about
  // max_dense_visits · nlist / n, lower the larger the index (decision 0039). 0: no bound.
  std::size_t max_dense_visits = 0;
  // The time budget of a request that asks for none, and the most `budget_ms` may ask: a
  // request can only lower it. 0: no default budget; a request may ask 1..kMaxBudgetMs.
  std::uint32_t budget_ms = 0;
};

struct SearchParamContext {
  // The ranking that knobs given (mode=bm25|tfidf, k1, b, weights) are applied to: the
  // Searcher's default_ranking(), so a request that sets only k1 keeps ranking.json's rest.
  // No knob given: the request's ranking stays nullopt (the Searcher's defaults).
  lexical::RankingParams base_ranking;
  bool with_query = true;  // `q` is required (search) or not accepted (similar articles)
  std::size_t max_query_bytes = kMaxQueryBytes;
  ParamStyle style = ParamStyle::Http;
  SearchCaps caps;
};

struct ParsedSearch {
  SearchRequest request;
  bool highlight = true;  // snippets as <mark> HTML (1) or plain text (0): the JSON view's choice
};

// Throws Error(InvalidArgument) naming the parameter for an unknown name, a missing `q`, a
// repeated single-valued one, or a malformed or out-of-range value.
ParsedSearch parse_search_params(const SearchParams& params, const SearchParamContext& context);

}  // namespace medsearch::engine
