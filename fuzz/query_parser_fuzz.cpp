// Fuzz target: query::parse (lexer, parser, leaf builder, field tags, dates) and
// query::parse_plain over arbitrary text. Only medsearch::Error may escape. Oracle: the
// round trip that query_tree.hpp promises, parse(to_string(parse(q).root)) == parse(q).root
// except for positions (re-parsed with limits wide enough for the canonical form).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "medsearch/core/error.hpp"
#include "medsearch/query/parser.hpp"
#include "medsearch/query/plain_text.hpp"

namespace {

void clear_positions(medsearch::query::Node& node) {
  node.position = 0;
  for (auto& child : node.children) clear_positions(child);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  try {
    medsearch::query::parse_plain(query);
  } catch (const medsearch::Error&) {
  }
  medsearch::query::ParsedQuery parsed;
  try {
    parsed = medsearch::query::parse(query);
  } catch (const medsearch::Error&) {
    return 0;
  }
  const std::string canonical = medsearch::query::to_string(parsed.root);
  medsearch::query::ParseOptions wide;
  wide.max_length = 1 << 20;
  wide.max_depth = 1 << 12;
  wide.max_leaves = 1 << 12;
  medsearch::query::ParsedQuery again;
  try {
    again = medsearch::query::parse(canonical, wide);
  } catch (const medsearch::Error& e) {
    std::fprintf(stderr, "canonical form does not parse: %s\n  %s\n", canonical.c_str(), e.what());
    std::abort();
  }
  clear_positions(parsed.root);
  clear_positions(again.root);
  if (!(parsed.root == again.root)) {
    std::fprintf(stderr, "round trip differs:\n  %s\n  %s\n", canonical.c_str(),
                 medsearch::query::to_string(again.root).c_str());
    std::abort();
  }
  return 0;
}
