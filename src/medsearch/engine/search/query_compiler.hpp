// Turns a parsed PubMed-syntax query into what the lexical layer evaluates:
// - ranking terms: the analysed words of every positive leaf that targets prose fields,
//   each with the fields it may match in (All: title, abstract, keywords, MeSH names;
//   [ti]: title; [tiab]: title and abstract; [ot]: keywords; [mh]/[majr]: MeSH names);
// - a match tree: PubMed's Boolean semantics over all fields and keyword spaces, or none
//   for free text (then any document with a ranking term matches, ranked; quoted phrases
//   are still required).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "medsearch/core/deadline.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/query/query_tree.hpp"

namespace medsearch::engine {

struct CompiledQuery {
  std::vector<lexical::QueryTerm> ranking_terms;
  std::optional<lexical::MatchNode> match;  // absent: ranked free text without constraint
  std::vector<std::string> highlight_terms;  // prose terms to mark in snippets
};

// Prefix (truncation) expansions per prefix are capped at this many terms (PubMed caps
// its own at 600 variants and warns; we keep the most frequent first).
inline constexpr std::size_t kMaxPrefixExpansions = 200;

// `deadline`: truncation expansion checks it once per segment scanned.
CompiledQuery compile_query(const query::ParsedQuery& parsed, const lexical::DocumentAnalyzer& analyzer,
                            const IndexReader& index, const Deadline& deadline = Deadline());

// `text` analysed as prose, its tokens grouped into phrase slots by position (a slot holds
// the alternatives at one position: "il6" / "il"). Empty when only stop words remain.
std::vector<lexical::MatchNode::Slot> prose_slots(const lexical::DocumentAnalyzer& analyzer, const std::string& text);

// MEDLINE language code for a [la] value: "english" → "eng"; codes pass through.
std::string language_code(std::string_view value);

}  // namespace medsearch::engine
