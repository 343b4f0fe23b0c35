// PubMed field tags <-> Field (query_tree.hpp), and which fields take a multi-word value as
// one phrase. See docs/query-syntax.md, "Field tags".
#pragma once

#include <optional>
#include <string_view>

#include "medsearch/query/query_tree.hpp"

namespace medsearch::query {

// The field of a tag's text (what is between '[' and ']'). Matching ignores ASCII case,
// leading/trailing spaces and repeated inner spaces: "MeSH  Terms " = "mesh terms". Every
// field_name() is accepted, so to_string() output parses back. nullopt: unknown tag.
std::optional<Field> field_from_tag(std::string_view tag);

// Keyword-like fields (Author, Mesh, MeshMajor, Journal, PublicationType, Language) hold
// controlled names; several words tagged with one of them form one phrase (`smith j[au]`).
bool is_keyword_field(Field field);

}  // namespace medsearch::query
