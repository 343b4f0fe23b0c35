#include "medsearch/ingest/pubmed_dates.hpp"

#include <gtest/gtest.h>

namespace medsearch::ingest {
namespace {

TEST(PubmedDates, ParseMonthAcceptsNumbersNamesAndAbbreviations) {
  EXPECT_EQ(parse_month("01"), 1);
  EXPECT_EQ(parse_month("1"), 1);
  EXPECT_EQ(parse_month("12"), 12);
  EXPECT_EQ(parse_month(" 07 "), 7);
  EXPECT_EQ(parse_month("Jan"), 1);
  EXPECT_EQ(parse_month("feb"), 2);
  EXPECT_EQ(parse_month("MAR"), 3);
  EXPECT_EQ(parse_month("Sept"), 9);
  EXPECT_EQ(parse_month("September"), 9);
  EXPECT_EQ(parse_month("December"), 12);
  EXPECT_EQ(parse_month("May"), 5);
  for (const char* bad : {"", "0", "13", "00", "Ja", "Spring", "Winter", "Janx", "1st", "Dec-Jan", "123"}) {
    EXPECT_EQ(parse_month(bad), 0) << bad;
  }
}

TEST(PubmedDates, FindYearTakesTheFirstStandaloneFourDigitYear) {
  EXPECT_EQ(find_year("2019"), 2019);
  EXPECT_EQ(find_year("1998 Dec-1999 Jan"), 1998);
  EXPECT_EQ(find_year("Winter 2001-2002"), 2001);
  EXPECT_EQ(find_year("c2000"), 2000);
  EXPECT_EQ(find_year("12345 1999"), 1999);
  EXPECT_EQ(find_year("0999"), 0);
  EXPECT_EQ(find_year("3001"), 0);
  EXPECT_EQ(find_year("undated"), 0);
  EXPECT_EQ(find_year(""), 0);
}

TEST(PubmedDates, MedlineDateMonthIsTheWordAfterTheYear) {
  struct Case {
    const char* text;
    int year;
    int month;
  };
  const Case cases[] = {
      {"1998 Dec-1999 Jan", 1998, 12}, {"2000 Spring", 2000, 0},   {"1975-1976", 1975, 0},
      {"Winter 2001-2002", 2001, 0},   {"2001 Mar-Jun", 2001, 3},  {"1999 Dec 23-30", 1999, 12},
      {"Mar-Apr 2001", 2001, 3},       {"1999 Fall-2000 Jan", 1999, 0}, {"2002 Sep-Oct", 2002, 9},
      {"1944-1945", 1944, 0},          {"", 0, 0},                  {"1990 1st Quart", 1990, 0},
  };
  for (const Case& c : cases) {
    const YearMonth got = parse_medline_date(c.text);
    EXPECT_EQ(got.year, c.year) << c.text;
    EXPECT_EQ(got.month, c.month) << c.text;
  }
}

TEST(PubmedDates, IsoDatesArePaddedAndOmitMissingParts) {
  EXPECT_EQ(format_iso_date("2019", "7", "5"), "2019-07-05");
  EXPECT_EQ(format_iso_date("2019", "07", "05"), "2019-07-05");
  EXPECT_EQ(format_iso_date("2019", "Dec", "31"), "2019-12-31");
  EXPECT_EQ(format_iso_date("2019", "11", ""), "2019-11");
  EXPECT_EQ(format_iso_date("2019", "", "3"), "2019");
  EXPECT_EQ(format_iso_date("2019", "", ""), "2019");
  EXPECT_EQ(format_iso_date("", "1", "1"), "");
  EXPECT_EQ(format_iso_date("2019", "13", "1"), "2019");
  EXPECT_EQ(format_iso_date("2019", "1", "32"), "2019-01");
}

}  // namespace
}  // namespace medsearch::ingest
