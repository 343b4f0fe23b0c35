// Helpers for the query parser tests: parse to the canonical string, capture the error.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "medsearch/core/error.hpp"
#include "medsearch/query/parser.hpp"
#include "medsearch/query/query_tree.hpp"

namespace medsearch::query::testing {

// to_string of the parsed tree.
inline std::string canon(std::string_view query, const ParseOptions& options = {}) {
  return to_string(parse(query, options).root);
}

// The message of the Error(InvalidArgument) that parsing throws; "" (and a test failure)
// when it parses or throws anything else.
inline std::string error_of(std::string_view query, const ParseOptions& options = {}) {
  try {
    const ParsedQuery parsed = parse(query, options);
    ADD_FAILURE() << "expected an error for [" << query << "], got " << to_string(parsed.root);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << query;
    return e.what();
  }
  return "";
}

// The tree with every position zeroed: parsing to_string() output moves the positions.
inline Node without_positions(Node node) {
  node.position = 0;
  for (Node& child : node.children) child = without_positions(std::move(child));
  return node;
}

}  // namespace medsearch::query::testing
