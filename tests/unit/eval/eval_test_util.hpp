// Helpers for the eval tests: qrels and runs from literal text.
#pragma once

#include <sstream>
#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/eval/qrels.hpp"
#include "medsearch/eval/run.hpp"

namespace medsearch::eval::testing {

inline QrelsFile qrels_from(const std::string& text, const std::string& source = "test.qrels") {
  std::istringstream in(text);
  return parse_qrels(in, source);
}

inline Run run_from(const std::string& text, const std::string& source = "test.run") {
  std::istringstream in(text);
  return parse_run(in, source);
}

// The message of the medsearch::Error thrown by `fn`, or "" if none was thrown.
template <typename Fn>
std::string error_message(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace medsearch::eval::testing
