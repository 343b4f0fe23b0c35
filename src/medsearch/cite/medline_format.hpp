// MEDLINE tagged format (PubMed's "Save → PubMed format", the .nbib file): one line per
// field as a 4-character tag padded with spaces, "- ", the value; a value longer than a line
// continues on lines indented by 6 spaces. Tags and their order follow NLM's "MEDLINE/PubMed
// Data Element (Field) Descriptions" (nlm.nih.gov/bsd/mms/medlineelements.html). Fields the
// doc store does not keep (OWN, STAT, JID, SB, EDAT, MHDA, PHST, ...) are not written.
#pragma once

#include <string>
#include <string_view>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

// Column at which a line is wrapped (words never split: a longer word keeps its line).
inline constexpr std::size_t kMedlineLineWidth = 80;

// One record, each line ending in "\n", no blank line after it.
std::string to_medline(const Article& article);

// One field: "TI  - value" wrapped at kMedlineLineWidth with 6-space continuation lines;
// whitespace in the value collapsed. Nothing for an empty value.
std::string medline_field(std::string_view tag, std::string_view value);

}  // namespace medsearch::cite
