#include "medsearch/query/leaf_builder.hpp"

#include <algorithm>
#include <utility>

#include "medsearch/query/date_value.hpp"
#include "medsearch/query/field_tags.hpp"
#include "medsearch/query/query_error.hpp"

namespace medsearch::query {

namespace {

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// Words as typed ('*' kept), one space apart: the text of a multi-word value.
std::string join_raw(const std::vector<Token>& words) {
  std::string text;
  for (const Token& word : words) {
    if (!text.empty()) text += ' ';
    text += word.raw;
  }
  return text;
}

}  // namespace

void LeafBuilder::add_words(const std::vector<Token>& words, Field field, std::vector<Node>& out) {
  const std::size_t position = words.front().position;
  if (field == Field::PublicationDate) {
    add_date(join_raw(words), position, out);
  } else if (is_keyword_field(field) && words.size() > 1) {
    // `smith j[au]`, `n engl j med[ta]`: a name, matched as a phrase as PubMed does. A '*'
    // inside it is kept in the text; the searcher decides what it means there.
    out.push_back(leaf(NodeKind::Phrase, field, join_raw(words), position));
  } else {
    for (const Token& word : words) out.push_back(word_leaf(word, field));
  }
}

void LeafBuilder::add_phrase(const Token& phrase, Field field, std::vector<Node>& out) {
  if (field == Field::PublicationDate) {
    add_date(phrase.text, phrase.position, out);
  } else if (field == Field::Pmid) {
    out.push_back(pmid_leaf(phrase.text, false, phrase.position));
  } else {
    out.push_back(leaf(NodeKind::Phrase, field, phrase.text, phrase.position));
  }
}

Node LeafBuilder::word_leaf(const Token& word, Field field) {
  if (field == Field::Pmid) return pmid_leaf(word.text, word.truncated, word.position);
  if (!word.truncated) return leaf(NodeKind::Term, field, word.text, word.position);
  // PubMed needs 4 characters before '*' for its index; ours is options.min_prefix, and at
  // least 1, since an empty prefix would match every word.
  const std::size_t min_prefix = std::max<std::size_t>(options_.min_prefix, 1);
  if (code_points(word.text) < min_prefix) {
    throw_query_error(query_, word.position,
                      "truncated word '" + excerpt(word.raw) + "' is shorter than " +
                          std::to_string(min_prefix) + " characters before '*'");
  }
  return leaf(NodeKind::Prefix, field, word.text, word.position);
}

void LeafBuilder::add_date(std::string text, std::size_t position, std::vector<Node>& out) {
  const auto is_date = [&](std::size_t from_end) {
    return out.size() >= from_end && out[out.size() - from_end].kind == NodeKind::DateRange;
  };
  const bool colon_between = is_date(2) && out.back().kind == NodeKind::Term &&
                             out.back().field == Field::All && out.back().text == ":";
  const bool colon_first = !colon_between && is_date(1) && !text.empty() && text.front() == ':';
  if (colon_between) {  // `"2015"[dp] : "2020"[dp]`: drop the ':' term
    out.pop_back();
    --leaves_;
    text.insert(0, ":");
  }
  if (colon_between || colon_first) {  // join with the date before
    text.insert(0, out.back().text);
    position = out.back().position;
    out.pop_back();
    --leaves_;
  }
  out.push_back(date_leaf(std::move(text), position));
}

Node LeafBuilder::date_leaf(std::string text, std::size_t position) {
  std::string problem;
  const std::optional<YearRange> years = parse_year_range(text, problem);
  if (!years) throw_query_error(query_, position, problem);
  Node node = leaf(NodeKind::DateRange, Field::PublicationDate, std::move(text), position);
  node.year_from = years->from;
  node.year_to = years->to;
  return node;
}

Node LeafBuilder::pmid_leaf(const std::string& text, bool truncated, std::size_t position) {
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits || truncated) {
    throw_query_error(query_, position,
                      "a PMID is digits only, not '" + excerpt(text) + (truncated ? "*'" : "'"));
  }
  return leaf(NodeKind::Term, Field::Pmid, text, position);
}

Node LeafBuilder::leaf(NodeKind kind, Field field, std::string text, std::size_t position) {
  if (++leaves_ > options_.max_leaves) {
    throw_query_error(query_, position,
                      "more than " + std::to_string(options_.max_leaves) + " search terms");
  }
  Node node;
  node.kind = kind;
  node.field = field;
  node.text = std::move(text);
  node.position = static_cast<std::uint32_t>(position);
  return node;
}

}  // namespace medsearch::query
