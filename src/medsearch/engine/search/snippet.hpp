// Query-biased snippets: the passage of a text with the most distinct query terms, with
// the matched words marked (docs/ranking.md#snippets).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medsearch/text/analyzer.hpp"

namespace medsearch::engine {

struct Snippet {
  std::string text;  // a whole-word excerpt of the source text
  std::vector<std::pair<std::uint32_t, std::uint32_t>> marks;  // [begin, end) byte ranges in text, sorted, disjoint
  bool starts_inside = false;  // the excerpt does not start at the text's beginning
  bool ends_inside = false;    // ... or does not end at its end
  bool operator==(const Snippet&) const = default;
};

// `terms` are analysed terms (as the prose analyzer produces them). At most max_bytes of
// text, cut at token boundaries; with no match, the text's beginning. Equal to
// snippet_from_tokens() over `analyzer.analyze(text)`'s tokens (tested), with less stemming.
Snippet make_snippet(const text::Analyzer& analyzer, std::string_view text, const std::set<std::string>& terms,
                     std::size_t max_bytes = 320);

// The snippet of `text` from its tokens (as Analyzer::analyze() or analyze_for_terms()
// gives them): the window of at most max_bytes holding the most distinct `terms`.
Snippet snippet_from_tokens(std::string_view text, const std::vector<text::Token>& tokens,
                            const std::set<std::string>& terms, std::size_t max_bytes = 320);

// `s` with & < > " replaced by their HTML entities (for element text and quoted attributes).
std::string html_escape(std::string_view s);

// HTML: text escaped, marks wrapped in <mark>…</mark>, "…" where the excerpt is cut.
std::string snippet_html(const Snippet& snippet);
// Plain text with marks wrapped in `open` / `close` (e.g. ANSI bold, or "[" "]").
std::string snippet_marked(const Snippet& snippet, std::string_view open, std::string_view close);

}  // namespace medsearch::engine
