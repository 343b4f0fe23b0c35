// Text flattening and PMID reading for PubMed records (contracts in pubmed_fields.hpp).
#include <pugixml.hpp>

#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "medsearch/ingest/pubmed_fields.hpp"

namespace medsearch::ingest {
namespace {

// XML 1.0 §2.3 S. Other Unicode spaces (U+00A0 …) are text, as the XML spec treats them.
inline bool is_xml_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool is_mathml(const char* name) {
  return std::strncmp(name, "mml:", 4) == 0 || std::strcmp(name, "math") == 0;
}

// The first byte of [p, e) where the text is not "words separated by single spaces": a
// control byte (which includes '\t', '\n', '\r') or a space followed by whitespace or by the
// end. PubMed text is mostly clean, so this usually returns `e` and the whole text is
// appended at once; SSE2 checks 16 bytes per step.
const char* find_untidy(const char* p, const char* e) {
#if defined(__SSE2__)
  const __m128i max_control = _mm_set1_epi8(0x1F);
  const __m128i space = _mm_set1_epi8(' ');
  while (e - p >= 17) {  // reads p[0..16]
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, max_control), x);   // x <= 0x1F
    const __m128i next_blank = _mm_cmpeq_epi8(_mm_min_epu8(y, space), y);      // y <= 0x20
    const __m128i double_blank = _mm_and_si128(_mm_cmpeq_epi8(x, space), next_blank);
    const int mask = _mm_movemask_epi8(_mm_or_si128(control, double_blank));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  for (; p < e; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20) return p;
    if (c == ' ' && (p + 1 == e || static_cast<unsigned char>(p[1]) <= 0x20)) return p;
  }
  return e;
}

// Appends `text`, collapsing whitespace runs. `pending_space` says a space separates what
// is already in `out` from what comes next; it is emitted only before further text, so
// trailing whitespace never reaches `out`.
void append_collapsed(std::string_view text, std::string& out, bool& pending_space) {
  const char* p = text.data();
  const char* const e = p + text.size();
  while (p < e) {
    if (is_xml_space(*p)) {
      pending_space = true;
      ++p;
      continue;
    }
    const char* tidy_end = find_untidy(p, e);
    if (tidy_end == p) ++tidy_end;  // a control byte other than whitespace: keep it as text
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(p, static_cast<std::size_t>(tidy_end - p));
    p = tidy_end;
  }
}

// Appends one text node; inside MathML no space is added between pieces of a formula.
void append_text(std::string_view text, bool in_math, std::string& out, bool& pending_space) {
  if (in_math) {
    // Keep a space that came before the formula, add none inside it.
    while (!text.empty() && is_xml_space(text.front())) text.remove_prefix(1);
    bool inner_space = pending_space;
    append_collapsed(text, out, inner_space);
    if (!text.empty()) pending_space = false;
  } else {
    append_collapsed(text, out, pending_space);
  }
}

// Walks the subtree of `root` in document order without recursion (parent and sibling
// links, no stack), so a record nested a million elements deep costs no stack: the
// recursive walk this replaces overflowed the stack on such input. `math_depth` counts
// the MathML elements open on the path from `root` (root included).
void flatten(const pugi::xml_node& root, std::string& out, bool& pending_space) {
  std::size_t math_depth = is_mathml(root.name()) ? 1 : 0;
  pugi::xml_node node = root.first_child();
  while (node) {
    const pugi::xml_node_type type = node.type();
    if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      append_text(node.value(), math_depth > 0, out, pending_space);
    } else if (type == pugi::node_element && node.first_child()) {
      if (is_mathml(node.name())) ++math_depth;
      node = node.first_child();
      continue;
    }
    // Comments, processing instructions and empty elements add nothing. Next: the
    // sibling, or the sibling of the nearest enclosing element that has one.
    while (!node.next_sibling()) {
      node = node.parent();
      if (node == root) return;
      if (is_mathml(node.name())) --math_depth;
    }
    node = node.next_sibling();
  }
}

}  // namespace

std::string flat_text(const pugi::xml_node& node) {
  std::string out;
  bool pending_space = false;
  flatten(node, out, pending_space);
  return out;
}

PmidStatus read_pmid(const pugi::xml_node& pmid, std::string& id) {
  id.clear();
  if (!pmid) return PmidStatus::Missing;
  id = flat_text(pmid);
  if (id.empty()) return PmidStatus::Missing;
  for (char c : id) {
    if (c < '0' || c > '9') return PmidStatus::NotNumeric;
  }
  return PmidStatus::Ok;
}

}  // namespace medsearch::ingest
