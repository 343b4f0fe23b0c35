// Field helpers every citation format shares: author names in the two forms PubMed shows,
// whitespace collapsed for one-line formats, page ranges split, the abstract as one
// paragraph. Pure functions of core types.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

// "Smith JA" (MEDLINE AU: last name, initials); a collective name as it is.
std::string short_name(const Author& author);
// "Smith, John A" (MEDLINE FAU); "Smith, JA" without a fore name; a collective name as it is.
std::string full_name(const Author& author);
// Runs of whitespace (space, tab, CR, LF) as one space, trimmed at both ends.
std::string collapse_space(std::string_view text);
// The abstract as one paragraph: sections as "LABEL: text" joined by a space (the way
// PubMed's MEDLINE display writes a structured abstract), whitespace collapsed.
std::string abstract_paragraph(const std::vector<AbstractSection>& sections);
// "123-30" → {"123", "130"} (MEDLINE abbreviates the last page: its missing leading
// digits are the first page's); "e1234" → {"e1234", ""}; "" → {"", ""}.
std::pair<std::string, std::string> page_range(std::string_view pages);
// The MeSH heading as MEDLINE's MH line writes it: "*" before a major topic,
// qualifiers after "/", e.g. "Diabetes Mellitus/*drug therapy".
std::string mesh_line(const MeshHeading& heading);

}  // namespace medsearch::cite
