// Turns one operand of the query — a run of words, or a quoted phrase — plus the field of
// the tag after it (Field::All without a tag) into leaf nodes (docs/query-syntax.md,
// "Field tags"):
//   [dp]            the whole value is one DateRange (date_value.hpp);
//   [pmid]          each word is a Term of digits;
//   keyword fields  (field_tags.hpp) several words are one Phrase, one word a Term/Prefix;
//   other fields    each word is a Term, or a Prefix when truncated; the caller's operand
//                   list joins them by AND.
// A quoted phrase stays a Phrase (a Term for [pmid], a DateRange for [dp]).
// PubMed's Advanced Search builder writes a date range as two tagged dates around a ':'
// (`"2015/01/01"[dp] : "2020/12/31"[dp]`, also `2015[dp]:2020[dp]`); such a pair, adjacent
// in `out`, becomes one DateRange whose text is "2015/01/01:2020/12/31".
// Counts leaves across calls and enforces ParseOptions::max_leaves and min_prefix.
// Errors are Error(InvalidArgument) (query_error.hpp). One per parse; not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/query/lexer.hpp"
#include "medsearch/query/parser.hpp"
#include "medsearch/query/query_tree.hpp"

namespace medsearch::query {

class LeafBuilder {
 public:
  LeafBuilder(std::string_view query, const ParseOptions& options) : query_(query), options_(options) {}

  // Appends the leaves of `words` (Word tokens, at least one) to `out`.
  void add_words(const std::vector<Token>& words, Field field, std::vector<Node>& out);
  // Appends the leaf of one Phrase token to `out`.
  void add_phrase(const Token& phrase, Field field, std::vector<Node>& out);

 private:
  Node word_leaf(const Token& word, Field field);
  void add_date(std::string text, std::size_t position, std::vector<Node>& out);
  Node date_leaf(std::string text, std::size_t position);
  Node pmid_leaf(const std::string& text, bool truncated, std::size_t position);
  Node leaf(NodeKind kind, Field field, std::string text, std::size_t position);

  std::string_view query_;
  const ParseOptions& options_;
  std::size_t leaves_ = 0;
};

}  // namespace medsearch::query
