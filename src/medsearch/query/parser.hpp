// Parses PubMed's query syntax into a query tree (docs/query-syntax.md):
//   words, "quoted phrases", AND / OR / NOT (upper case, PubMed's rule; precedence is
//   left to right as in PubMed: `a OR b AND c` = `(a OR b) AND c`), parentheses, field
//   tags after a word or phrase (`asthma[ti]`, `"vitamin d"[mh]`, `smith j[au]` — a tag
//   applies to the words since the previous operator or parenthesis, as PubMed does),
//   truncation `term*`, date ranges `2015:2020[dp]`, `2015[dp]`, `2015/03[dp]` (year kept).
//   Words separated by spaces without an operator are joined by an implicit AND
//   (PubMed's rule); a query of nothing but words and phrases is `free_text`.
//
// Errors: Error(InvalidArgument) with a message naming the problem and the 1-based
// character position, e.g. "query: unbalanced '(' at position 7". Limits (options) bound
// length, nesting depth and leaf count, so no input can crash or stall the parser.
#pragma once

#include <cstddef>
#include <string_view>

#include "medsearch/query/query_tree.hpp"

namespace medsearch::query {

struct ParseOptions {
  std::size_t max_length = 4096;  // bytes
  std::size_t max_depth = 32;     // parentheses nesting
  std::size_t max_leaves = 256;   // terms, phrases, prefixes, dates
  std::size_t min_prefix = 3;     // shortest truncation prefix (PubMed: 4 for its index)
};

ParsedQuery parse(std::string_view query, const ParseOptions& options = {});

}  // namespace medsearch::query
