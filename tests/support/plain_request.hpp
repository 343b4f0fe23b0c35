// The search most engine tests run: plain words (no PubMed syntax), no snippets.
#pragma once

#include <cstddef>
#include <string>

#include "medsearch/engine/search/search_request.hpp"

namespace medsearch::testing {

inline engine::SearchRequest plain(const std::string& q, std::size_t limit = 10) {
  engine::SearchRequest r;
  r.query = q;
  r.syntax = engine::QuerySyntax::Plain;
  r.limit = limit;
  r.snippets = false;
  return r;
}

}  // namespace medsearch::testing
