// Suggestion parameters shared by the search route (api.cpp) and the suggestion routes
// (api_suggest.cpp): docs/api.md "GET /api/suggest" and "Spelling suggestions".
#pragma once

#include <cstddef>

#include "http_types.hpp"

namespace medsearch::server {

// Removes `suggest_below` from the request's parameters (the search parameter parser does
// not know it) and returns its value: 0..1000000 (0: never suggest), `fallback` when absent.
// Throws Error(InvalidArgument) naming the parameter for a bad or repeated value.
std::size_t take_suggest_below(HttpRequest& request, std::size_t fallback);

}  // namespace medsearch::server
