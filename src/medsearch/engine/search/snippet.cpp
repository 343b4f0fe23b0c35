#include "medsearch/engine/search/snippet.hpp"

#include <algorithm>

namespace medsearch::engine {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

template <typename Escape>
std::string render(const Snippet& s, std::string_view open, std::string_view close, Escape escape) {
  std::string out = s.starts_inside ? "…" : "";
  std::uint32_t at = 0;
  for (const auto& [begin, end] : s.marks) {
    out += escape(std::string_view(s.text).substr(at, begin - at));
    out += open;
    out += escape(std::string_view(s.text).substr(begin, end - begin));
    out += close;
    at = end;
  }
  out += escape(std::string_view(s.text).substr(at));
  if (s.ends_inside) out += "…";
  return out;
}

}  // namespace

Snippet make_snippet(const text::Analyzer& analyzer, std::string_view text, const std::set<std::string>& terms,
                     std::size_t max_bytes) {
  // Only words that may stem to one of `terms` are stemmed (Analyzer::analyze_for_terms):
  // most of a snippet's cost was stemming every word of the abstract.
  std::vector<text::Token> tokens;
  analyzer.analyze_for_terms(text, terms, tokens);
  return snippet_from_tokens(text, tokens, terms, max_bytes);
}

Snippet snippet_from_tokens(std::string_view text, const std::vector<text::Token>& tokens,
                            const std::set<std::string>& terms, std::size_t max_bytes) {
  std::vector<const text::Token*> hits;
  for (const text::Token& t : tokens) {
    if (terms.contains(t.term)) hits.push_back(&t);
  }
  // Window start: the hit whose following max_bytes hold the most distinct terms.
  std::size_t begin = 0;
  if (!hits.empty()) {
    std::size_t best = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      std::set<std::string_view> distinct;
      for (std::size_t j = i; j < hits.size() && hits[j]->end_offset <= hits[i]->start_offset + max_bytes; ++j) {
        distinct.insert(hits[j]->term);
      }
      if (distinct.size() > best) {
        best = distinct.size();
        begin = hits[i]->start_offset;
      }
    }
    // A little context before the first hit: back to the start of an earlier token.
    const std::size_t context = max_bytes / 5;
    std::size_t start = begin;
    for (const text::Token& t : tokens) {
      if (t.start_offset + context >= begin && t.start_offset <= begin) {
        start = t.start_offset;
        break;
      }
    }
    begin = text.size() <= max_bytes ? 0 : start;
  }
  // Window end: the end of the last token that fits.
  std::size_t end = std::min(text.size(), begin + max_bytes);
  if (end < text.size()) {
    std::size_t last_end = begin;
    for (const text::Token& t : tokens) {
      if (t.start_offset >= begin && t.end_offset <= end) last_end = std::max<std::size_t>(last_end, t.end_offset);
    }
    end = last_end > begin ? last_end : end;
  }
  Snippet s;
  s.text = std::string(text.substr(begin, end - begin));
  s.starts_inside = begin > 0;
  s.ends_inside = end < text.size();
  for (const text::Token* t : hits) {
    if (t->start_offset < begin || t->end_offset > end) continue;
    const auto b = static_cast<std::uint32_t>(t->start_offset - begin);
    const auto e = static_cast<std::uint32_t>(t->end_offset - begin);
    if (!s.marks.empty() && b <= s.marks.back().second) {
      s.marks.back().second = std::max(s.marks.back().second, e);
    } else {
      s.marks.emplace_back(b, e);
    }
  }
  std::sort(s.marks.begin(), s.marks.end());
  // Merge again after sorting (alternative forms can overlap out of order).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const auto& m : s.marks) {
    if (!merged.empty() && m.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, m.second);
    } else {
      merged.push_back(m);
    }
  }
  s.marks = std::move(merged);
  return s;
}

std::string snippet_html(const Snippet& snippet) { return render(snippet, "<mark>", "</mark>", html_escape); }

std::string snippet_marked(const Snippet& snippet, std::string_view open, std::string_view close) {
  return render(snippet, open, close, [](std::string_view s) { return std::string(s); });
}

}  // namespace medsearch::engine
