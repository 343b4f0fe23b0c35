// RIS (Research Information Systems) records for reference managers: "TY  - JOUR" first,
// "ER  - " last, one "XX  - value" line per field (two-letter tag, two spaces, "- "), values
// on one line (whitespace collapsed), CRLF line ends as the RIS specification asks
// (RIS Format Specifications, Research Information Systems, 2012). Authors "Last, First".
#pragma once

#include <string>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

std::string to_ris(const Article& article);

}  // namespace medsearch::cite
