// to_string() and the round-trip property parse(to_string(parse(q).root)) == parse(q).root
// (positions aside).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::without_positions;

TEST(QueryTree, FieldNames) {
  EXPECT_STREQ(field_name(Field::All), "all");
  EXPECT_STREQ(field_name(Field::Title), "title");
  EXPECT_STREQ(field_name(Field::Abstract), "abstract");
  EXPECT_STREQ(field_name(Field::TitleAbstract), "title/abstract");
  EXPECT_STREQ(field_name(Field::Author), "author");
  EXPECT_STREQ(field_name(Field::Mesh), "mesh");
  EXPECT_STREQ(field_name(Field::MeshMajor), "mesh major topic");
  EXPECT_STREQ(field_name(Field::Journal), "journal");
  EXPECT_STREQ(field_name(Field::PublicationType), "publication type");
  EXPECT_STREQ(field_name(Field::Language), "language");
  EXPECT_STREQ(field_name(Field::PublicationDate), "publication date");
  EXPECT_STREQ(field_name(Field::Pmid), "pmid");
  EXPECT_STREQ(field_name(Field::Keyword), "keyword");
}

TEST(QueryTree, RendersEveryNodeKind) {
  EXPECT_EQ(to_string(parse("asthma AND \"il 6\"[ti]").root), "(asthma[all] AND \"il 6\"[title])");
  EXPECT_EQ(to_string(parse("bacter*").root), "bacter*[all]");
  EXPECT_EQ(to_string(parse("2015/01:2020[dp]").root), "2015/01:2020[publication date]");
  EXPECT_EQ(to_string(parse("a OR b NOT c").root), "((a[all] OR b[all]) NOT c[all])");
}

TEST(QueryTree, RendersHandBuiltDateRangeFromItsYears) {
  Node date;
  date.kind = NodeKind::DateRange;
  date.field = Field::PublicationDate;
  date.year_from = 2001;
  date.year_to = 2003;
  EXPECT_EQ(to_string(date), "2001:2003[publication date]");
  date.year_to = 2001;
  EXPECT_EQ(to_string(date), "2001[publication date]");
}

TEST(QueryTree, RoundTripsManyQueries) {
  const std::vector<std::string> queries = {
      "asthma",
      "heart failure therapy",
      "\"heart failure\"",
      "\"  heart   failure \" OR hf",
      "bacter* infect*",
      "IL-6 COVID-19 Na+/K+ β-blocker",
      "哮喘 儿童 \"吸入 激素\"",
      "wit and humor[mh]",
      "asthma AND copd",
      "a OR b AND c",
      "a NOT b OR c",
      "a b OR c",
      "a OR b c",
      "(a OR b) AND (c OR d)",
      "a NOT (b NOT c)",
      "a NOT b NOT c",
      "((a))",
      "smith j[au]",
      "smith j*[au]",
      "smith*[au] OR jones[author]",
      "\"smith\"[au]",
      "breast cancer[ti]",
      "\"vitamin d\"[mh] AND deficiency[majr]",
      "n engl j med[ta]",
      "review[pt] NOT \"case reports\"[pt]",
      "english[la] chinese[lang]",
      "2015[dp]",
      "2015:2020[dp]",
      "2015/03/01[dp]",
      "2015/01:2020/12[dp]",
      "2015 : 2020[dp]",
      "\"2015/01\"[dp]",
      "12345678[pmid] OR \"87654321\"[uid]",
      "crispr screen[kw] OR gene editing[ot]",
      "asthma[tiab] child*[ti] 2019:2021[pdat]",
      "(asthma[mh] OR wheez*[tiab]) AND (child* OR pediatric) NOT \"case reports\"[pt] AND 2015:2020[dp]",
      "\"a (b) [c] AND d*\"",
      "x[all fields] y[Title/Abstract]",
      "AND* NOT* ORE*",
      "\"AND\" OR \"NOT\"",
  };
  for (const std::string& query : queries) {
    const ParsedQuery first = parse(query);
    const std::string text = to_string(first.root);
    const ParsedQuery second = parse(text);
    EXPECT_EQ(without_positions(second.root), without_positions(first.root)) << query << " -> " << text;
    EXPECT_EQ(to_string(second.root), text) << query;
  }
}

}  // namespace
}  // namespace medsearch::query
