// Date parsing for PubMed's <PubDate>, <DateCompleted> and <DateRevised> (pubmed_190101.dtd:
// PubDate ((Year, ((Month, Day?) | Season)?) | MedlineDate); DateCompleted (Year,Month,Day)).
// Pure functions on text; no XML here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace medsearch::ingest {

// A month as NLM writes it: "1".."12" or "01".."12", or an English month name or its
// three-letter abbreviation ("Jan", "January", "Sept"), any case. Returns 1..12, else 0.
std::uint8_t parse_month(std::string_view text);

// The first standalone run of exactly four digits with a value in 1000..2999, else 0.
// "1998 Dec-1999 Jan" -> 1998, "Winter 2001-2002" -> 2001, "c2000" -> 2000, "12345" -> 0.
std::uint16_t find_year(std::string_view text);

struct YearMonth {
  std::uint16_t year = 0;  // 0 when unknown
  std::uint8_t month = 0;  // 1..12, 0 when unknown
};

// Reads a free-text <MedlineDate> such as "1998 Dec-1999 Jan", "2000 Spring", "1975-1976",
// "Winter 2001-2002", "1999 Dec 23-30", "Mar-Apr 2001". year = find_year(text). month =
// the first word after that year if it is a month name (so "1998 Dec-1999 Jan" -> 12 and
// "2000 Spring" -> 0: a season is not a month); when no word follows the year, the first
// word before it if that is a month ("Mar-Apr 2001" -> 3). Numbers are never months here.
YearMonth parse_medline_date(std::string_view text);

// "YYYY-MM-DD" from the parts of a DateCompleted/DateRevised: month and day zero-padded,
// missing (empty or unparsable) parts omitted from the right ("YYYY-MM", "YYYY"); "" when
// the year is missing. `month` may be a number or a month name.
std::string format_iso_date(std::string_view year, std::string_view month, std::string_view day);

}  // namespace medsearch::ingest
