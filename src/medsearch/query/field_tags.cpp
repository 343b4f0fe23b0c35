#include "medsearch/query/field_tags.hpp"

#include <array>
#include <string>
#include <utility>

namespace medsearch::query {

namespace {

// PubMed's short tags and long forms (https://pubmed.ncbi.nlm.nih.gov/help/#search-tags),
// plus the names field_name() prints. All lower case with single spaces.
constexpr std::array<std::pair<std::string_view, Field>, 33> kTags{{
    {"all", Field::All},
    {"all fields", Field::All},
    {"ti", Field::Title},
    {"title", Field::Title},
    {"ab", Field::Abstract},
    {"abstract", Field::Abstract},
    {"tiab", Field::TitleAbstract},
    {"title/abstract", Field::TitleAbstract},
    {"au", Field::Author},
    {"author", Field::Author},
    {"mh", Field::Mesh},
    {"mesh", Field::Mesh},
    {"mesh terms", Field::Mesh},
    {"majr", Field::MeshMajor},
    {"mesh major topic", Field::MeshMajor},
    {"ta", Field::Journal},
    {"journal", Field::Journal},
    {"jour", Field::Journal},
    {"pt", Field::PublicationType},
    {"publication type", Field::PublicationType},
    {"la", Field::Language},
    {"lang", Field::Language},
    {"language", Field::Language},
    {"dp", Field::PublicationDate},
    {"pdat", Field::PublicationDate},
    {"publication date", Field::PublicationDate},
    {"date - publication", Field::PublicationDate},
    {"pmid", Field::Pmid},
    {"uid", Field::Pmid},
    {"ot", Field::Keyword},
    {"other term", Field::Keyword},
    {"kw", Field::Keyword},
    {"keyword", Field::Keyword},
}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Lower-cases ASCII letters, trims, and collapses runs of ASCII spaces to one space.
std::string normalise(std::string_view tag) {
  std::string out;
  bool pending_space = false;
  for (const char c : tag) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

std::optional<Field> field_from_tag(std::string_view tag) {
  const std::string key = normalise(tag);
  for (const auto& [name, field] : kTags) {
    if (name == key) return field;
  }
  return std::nullopt;
}

bool is_keyword_field(Field field) {
  switch (field) {
    case Field::Author:
    case Field::Mesh:
    case Field::MeshMajor:
    case Field::Journal:
    case Field::PublicationType:
    case Field::Language:
      return true;
    default:
      return false;
  }
}

}  // namespace medsearch::query
