#include "medsearch/query/plain_text.hpp"

#include <string>

#include "medsearch/core/error.hpp"

namespace medsearch::query {

ParsedQuery parse_plain(std::string_view text, const ParseOptions& options) {
  if (text.size() > options.max_length) {
    throw Error(ErrorCode::InvalidArgument, "query: longer than " + std::to_string(options.max_length) + " bytes");
  }
  ParsedQuery parsed;
  parsed.free_text = true;
  parsed.root.kind = NodeKind::And;
  std::size_t start = std::string_view::npos;
  auto flush = [&](std::size_t end) {
    if (start == std::string_view::npos) return;
    Node term;
    term.kind = NodeKind::Term;
    term.text = std::string(text.substr(start, end - start));
    term.position = static_cast<std::uint32_t>(start);
    parsed.root.children.push_back(std::move(term));
    if (parsed.root.children.size() > options.max_leaves) {
      throw Error(ErrorCode::InvalidArgument, "query: more than " + std::to_string(options.max_leaves) + " words");
    }
    start = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool separator = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '(' || c == ')' ||
                           c == '[' || c == ']' || c == '*';
    if (separator) {
      flush(i);
    } else if (start == std::string_view::npos) {
      start = i;
    }
  }
  flush(text.size());
  if (parsed.root.children.size() == 1) {
    Node only = std::move(parsed.root.children[0]);
    parsed.root = std::move(only);
  }
  return parsed;
}

}  // namespace medsearch::query
