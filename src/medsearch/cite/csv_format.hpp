// CSV (RFC 4180): a header row, one row per article, CRLF line ends; a field holding a
// comma, double quote, CR or LF is enclosed in double quotes with its quotes doubled.
// Lists (authors, languages, publication types, MeSH, keywords) are joined by "; ".
// Text is UTF-8 without a byte-order mark, as the RFC's text/csv is.
#pragma once

#include <string>
#include <string_view>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

// The column names, in row order.
std::string csv_header();
std::string to_csv_row(const Article& article);
// One field, quoted when RFC 4180 requires it.
std::string csv_field(std::string_view value);

}  // namespace medsearch::cite
