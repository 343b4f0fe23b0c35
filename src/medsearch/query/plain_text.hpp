// Natural-language input without query syntax (benchmark queries, questions typed by
// people who do not know PubMed's syntax): every word is a free-text term; quotes,
// brackets, parentheses, '*' and the words AND/OR/NOT carry no meaning.
#pragma once

#include <string_view>

#include "medsearch/query/parser.hpp"

namespace medsearch::query {

// A free-text query of the words of `text` (split at whitespace and at the syntax
// characters "()[]*). Throws Error(InvalidArgument) when `text` is longer than
// options.max_length or has more than options.max_leaves words; no words gives an
// empty And (which matches nothing).
ParsedQuery parse_plain(std::string_view text, const ParseOptions& options = {});

}  // namespace medsearch::query
