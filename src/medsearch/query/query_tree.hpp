// The parsed form of a PubMed-syntax query (docs/query-syntax.md). The parser does not
// analyse words: leaves carry the raw text the user typed, and the searcher analyses
// them with the analyzer of the field they target.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medsearch::query {

// PubMed's search field tags (https://pubmed.ncbi.nlm.nih.gov/help/#search-tags).
enum class Field : std::uint8_t {
  All,              // no tag, [all], [All Fields]
  Title,            // [ti], [title]
  Abstract,         // [ab], [abstract]
  TitleAbstract,    // [tiab], [Title/Abstract]
  Author,           // [au], [author]
  Mesh,             // [mh], [mesh], [MeSH Terms]
  MeshMajor,        // [majr], [MeSH Major Topic]
  Journal,          // [ta], [journal], [jour]
  PublicationType,  // [pt], [Publication Type]
  Language,         // [la], [lang], [language]
  PublicationDate,  // [dp], [pdat], [Publication Date]
  Pmid,             // [pmid], [uid]
  Keyword,          // [ot], [kw], [keyword]  (author keywords, "other term")
};

const char* field_name(Field field);  // "all", "title", ...

enum class NodeKind : std::uint8_t {
  Term,       // one word (text may contain inner punctuation: IL-6)
  Phrase,     // "quoted words", or a multi-word value of a keyword-like field
  Prefix,     // truncation: text is the part before '*'
  DateRange,  // [dp]: year_from..year_to (inclusive); text holds what was typed
  And,
  Or,
  Not,        // children[0] AND NOT children[1] (PubMed's binary NOT)
};

struct Node {
  NodeKind kind = NodeKind::Term;
  Field field = Field::All;
  std::string text;          // leaves: the raw word, phrase or prefix; DateRange: as typed
  std::uint16_t year_from = 0;  // DateRange only
  std::uint16_t year_to = 0;
  std::vector<Node> children;   // And/Or: 2+ children; Not: exactly 2
  std::uint32_t position = 0;   // byte offset of the node's first character in the query
  bool operator==(const Node&) const = default;
};

struct ParsedQuery {
  Node root;
  // True when the user wrote no operator, parenthesis or field tag: plain words (and
  // quoted phrases) that the searcher ranks, preferring documents with all terms but not
  // requiring them (docs/decisions: ranked free text). False: Boolean semantics.
  bool free_text = false;
};

// Canonical, fully parenthesised rendering, e.g. `(asthma[all] AND "il 6"[title])`; used in
// tests and shown to users as "how the query was understood". Precisely:
//   Term       text[f]            Prefix  text*[f]          Phrase  "text"[f]
//   DateRange  text[f] (as typed; `YYYY[f]` / `YYYY:YYYY[f]` from the years when text is empty)
//   And / Or   (c1 AND c2 AND ...) / (c1 OR c2 OR ...)      Not  (c1 NOT c2)
// where f = field_name(field) and every operator node gets its own parentheses, nested as
// the tree is. Round trip: parse(to_string(parse(q).root)) equals parse(q).root except
// for positions (the parse must allow the nesting depth of the output: a left-to-right
// chain of mixed operators nests one level per operator).
std::string to_string(const Node& node);

}  // namespace medsearch::query
