// Test helpers for the text module: tokens rendered as compact strings so expected token
// lists can be written exactly and read at a glance:
//   "il6@0/2 il@0 6@1"  = term@position, "/n" when position_length n > 1.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "medsearch/text/analyzer.hpp"

namespace medsearch::text::testing {

inline std::string render(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t.term + '@' + std::to_string(t.position);
    if (t.position_length != 1) out += '/' + std::to_string(t.position_length);
  }
  return out;
}

inline std::string render(const Analyzer& analyzer, std::string_view text) {
  std::vector<Token> tokens;
  analyzer.analyze(text, tokens);
  return render(tokens);
}

// The source text each token points back to, space separated ("IL-6 IL 6").
inline std::string sources(const Analyzer& analyzer, std::string_view text) {
  std::vector<Token> tokens;
  analyzer.analyze(text, tokens);
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += ' ';
    out += std::string(text.substr(t.start_offset, t.end_offset - t.start_offset));
  }
  return out;
}

// True when the query's words occur in the document as a phrase: every query position
// (tokens with position_length 1, alternatives at one position OR-ed) is matched at the
// same distance from some document position. This is how a phrase query over the
// parts finds a document.
inline bool phrase_matches(const Analyzer& analyzer, std::string_view document, std::string_view query) {
  std::vector<Token> doc, q;
  analyzer.analyze(document, doc);
  analyzer.analyze(query, q);
  std::vector<const Token*> query_parts;
  for (const Token& t : q)
    if (t.position_length == 1) query_parts.push_back(&t);
  if (query_parts.empty()) return false;
  const std::uint32_t q0 = query_parts.front()->position;
  auto has = [&doc](std::string_view term, std::uint32_t position) {
    for (const Token& t : doc)
      if (t.position == position && t.term == term) return true;
    return false;
  };
  for (const Token& start : doc) {
    const std::uint32_t p = start.position;
    bool all = true;
    std::uint32_t pos = query_parts.front()->position;
    // Each query position needs one of its alternatives.
    for (std::size_t i = 0; i < query_parts.size() && all;) {
      pos = query_parts[i]->position;
      bool any = false;
      for (; i < query_parts.size() && query_parts[i]->position == pos; ++i)
        any = any || has(query_parts[i]->term, p + (pos - q0));
      all = any;
    }
    if (all) return true;
  }
  return false;
}

}  // namespace medsearch::text::testing
