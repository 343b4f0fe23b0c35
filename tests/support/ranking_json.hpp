// DIR/ranking.json for tests of its optional objects ("prf", "transfer"): written with the
// default BM25F ranking plus the members given, and checked to be refused.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "medsearch/core/error.hpp"

namespace medsearch::testing {

// `members`: JSON object members after the ranking's, e.g. R"("prf": {"docs": 0})".
inline void write_ranking_json(const std::string& dir, const std::string& members) {
  std::ofstream(dir + "/ranking.json")
      << R"({"model": "bm25", "k1": 1.2, "b": [0.75, 0.75, 0.75, 0.75], "weight": [2, 1, 1, 1], )" << members << "}";
}

// Expects `load()` to throw Error(Corrupt) naming ranking.json; `what` names the case.
template <typename Load>
void expect_ranking_json_refused(Load load, const std::string& what) {
  try {
    load();
    ADD_FAILURE() << what << " accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt) << what;
    EXPECT_NE(std::string(e.what()).find("ranking.json"), std::string::npos) << e.what();
  }
}

}  // namespace medsearch::testing
