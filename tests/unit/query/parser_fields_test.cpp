// Field tags: names and aliases, scope, keyword-like fields, [dp] dates, [pmid].
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "medsearch/query/field_tags.hpp"
#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::canon;
using testing::error_of;

TEST(ParserFields, EveryPubmedTagAndLongForm) {
  const std::vector<std::pair<std::string, Field>> tags = {
      {"all", Field::All},          {"All Fields", Field::All},
      {"ti", Field::Title},         {"Title", Field::Title},
      {"ab", Field::Abstract},      {"ABSTRACT", Field::Abstract},
      {"tiab", Field::TitleAbstract}, {"Title/Abstract", Field::TitleAbstract},
      {"au", Field::Author},        {"Author", Field::Author},
      {"mh", Field::Mesh},          {"mesh", Field::Mesh},
      {"MeSH Terms", Field::Mesh},  {"majr", Field::MeshMajor},
      {"MeSH Major Topic", Field::MeshMajor}, {"ta", Field::Journal},
      {"journal", Field::Journal},  {"jour", Field::Journal},
      {"pt", Field::PublicationType}, {"Publication Type", Field::PublicationType},
      {"la", Field::Language},      {"lang", Field::Language},
      {"Language", Field::Language}, {"pmid", Field::Pmid},
      {"uid", Field::Pmid},         {"ot", Field::Keyword},
      {"kw", Field::Keyword},       {"keyword", Field::Keyword},
      {"Other Term", Field::Keyword},
  };
  for (const auto& [tag, field] : tags) {
    const ParsedQuery q = parse((field == Field::Pmid ? "123[" : "x[") + tag + "]");
    EXPECT_EQ(q.root.field, field) << tag;
    EXPECT_EQ(q.root.kind, NodeKind::Term) << tag;
    EXPECT_FALSE(q.free_text);
  }
  for (const std::string tag : {"dp", "pdat", "Publication Date", "Date - Publication"}) {
    EXPECT_EQ(parse("2015[" + tag + "]").root.field, Field::PublicationDate) << tag;
  }
}

TEST(ParserFields, TagsIgnoreCaseAndExtraSpaces) {
  EXPECT_EQ(canon("asthma[TI]"), "asthma[title]");
  EXPECT_EQ(canon("asthma[ Title ]"), "asthma[title]");
  EXPECT_EQ(canon("asthma[mesh   terms]"), "asthma[mesh]");
  EXPECT_EQ(canon("asthma   [ti]"), "asthma[title]");  // spaces before '[' allowed
}

TEST(ParserFields, EveryFieldNameIsAcceptedAsATag) {
  for (int f = 0; f <= static_cast<int>(Field::Keyword); ++f) {
    const Field field = static_cast<Field>(f);
    const auto parsed = field_from_tag(field_name(field));
    ASSERT_TRUE(parsed.has_value()) << field_name(field);
    EXPECT_EQ(*parsed, field);
  }
}

TEST(ParserFields, UnknownTagIsAnErrorNamingIt) {
  EXPECT_EQ(error_of("asthma[xyz]"), "query: unknown field tag [xyz] at position 7");
  EXPECT_EQ(error_of("asthma[mh:noexp]"), "query: unknown field tag [mh:noexp] at position 7");
  EXPECT_EQ(error_of("asthma[]"), "query: unknown field tag [] at position 7");
}

TEST(ParserFields, TagAppliesToTheWordsSinceTheLastOperatorOrParenthesis) {
  EXPECT_EQ(canon("breast cancer[ti]"), "(breast[title] AND cancer[title])");
  EXPECT_EQ(canon("asthma AND breast cancer[ti]"), "(asthma[all] AND breast[title] AND cancer[title])");
  EXPECT_EQ(canon("asthma OR breast cancer[ti]"), "(asthma[all] OR (breast[title] AND cancer[title]))");
  EXPECT_EQ(canon("(asthma) breast cancer[ti]"), "(asthma[all] AND breast[title] AND cancer[title])");
  EXPECT_EQ(canon("(breast cancer[ti])"), "(breast[title] AND cancer[title])");
  // A phrase and an earlier tag also end the run the tag applies to.
  EXPECT_EQ(canon("\"heart failure\" beta blocker[tiab]"),
            "(\"heart failure\"[all] AND beta[title/abstract] AND blocker[title/abstract])");
  EXPECT_EQ(canon("asthma[ti] child[ab]"), "(asthma[title] AND child[abstract])");
  EXPECT_EQ(canon("a b[ti] c"), "(a[title] AND b[title] AND c[all])");
}

TEST(ParserFields, TagAfterAPhraseAppliesToThePhrase) {
  const ParsedQuery q = parse("\"vitamin d\"[mh]");
  EXPECT_EQ(q.root.kind, NodeKind::Phrase);
  EXPECT_EQ(q.root.field, Field::Mesh);
  EXPECT_EQ(q.root.text, "vitamin d");
  EXPECT_EQ(canon("\"il 6\"[ti]"), "\"il 6\"[title]");
  EXPECT_EQ(canon("asthma \"il 6\" [tiab]"), "(asthma[all] AND \"il 6\"[title/abstract])");
}

TEST(ParserFields, KeywordFieldsTakeSeveralWordsAsOnePhrase) {
  const ParsedQuery q = parse("smith j[au]");
  EXPECT_EQ(q.root.kind, NodeKind::Phrase);
  EXPECT_EQ(q.root.field, Field::Author);
  EXPECT_EQ(q.root.text, "smith j");
  EXPECT_EQ(q.root.position, 0U);
  EXPECT_EQ(canon("smith[au]"), "smith[author]");
  EXPECT_EQ(canon("asthma AND smith  ja[au]"), "(asthma[all] AND \"smith ja\"[author])");
  EXPECT_EQ(canon("wit and humor[mh]"), "\"wit and humor\"[mesh]");
  EXPECT_EQ(canon("asthma drug therapy[majr]"), "\"asthma drug therapy\"[mesh major topic]");
  EXPECT_EQ(canon("n engl j med[ta]"), "\"n engl j med\"[journal]");
  EXPECT_EQ(canon("randomized controlled trial[pt]"), "\"randomized controlled trial\"[publication type]");
  EXPECT_EQ(canon("english[la]"), "english[language]");
  EXPECT_EQ(canon("chinese simplified[la]"), "\"chinese simplified\"[language]");
}

TEST(ParserFields, TruncationInFields) {
  EXPECT_EQ(canon("smith*[au]"), "smith*[author]");
  EXPECT_EQ(canon("wheez* cough*[tiab]"), "(wheez*[title/abstract] AND cough*[title/abstract])");
  // In a multi-word keyword value the '*' stays in the phrase text.
  EXPECT_EQ(canon("smith j*[au]"), "\"smith j*\"[author]");
  EXPECT_EQ(error_of("ab*[ti]"), "query: truncated word 'ab*' is shorter than 3 characters before '*' at position 1");
}

TEST(ParserFields, OtherFieldsJoinTheirWordsByAnd) {
  EXPECT_EQ(canon("crispr screen[kw]"), "(crispr[keyword] AND screen[keyword])");
  EXPECT_EQ(canon("lung cancer[all]"), "(lung[all] AND cancer[all])");
}

TEST(ParserFields, PublicationDateYears) {
  const ParsedQuery single = parse("2015[dp]");
  EXPECT_EQ(single.root.kind, NodeKind::DateRange);
  EXPECT_EQ(single.root.field, Field::PublicationDate);
  EXPECT_EQ(single.root.year_from, 2015);
  EXPECT_EQ(single.root.year_to, 2015);
  EXPECT_EQ(single.root.text, "2015");

  const ParsedQuery range = parse("asthma AND 2015:2020[dp]");
  const Node& date = range.root.children[1];
  EXPECT_EQ(date.kind, NodeKind::DateRange);
  EXPECT_EQ(date.year_from, 2015);
  EXPECT_EQ(date.year_to, 2020);
  EXPECT_EQ(date.text, "2015:2020");
  EXPECT_EQ(date.position, 11U);
}

TEST(ParserFields, PublicationDateFormsKeepTheYear) {
  struct Case {
    const char* query;
    int from;
    int to;
  };
  for (const Case& c : {Case{"2015/03/01[dp]", 2015, 2015}, Case{"2015/03[dp]", 2015, 2015},
                        Case{"2015/3/1[dp]", 2015, 2015}, Case{"2015/01:2020/12[dp]", 2015, 2020},
                        Case{"2015/01/01:2020/12/31[pdat]", 2015, 2020}, Case{"2015 : 2020[dp]", 2015, 2020},
                        Case{"\"2010:2012\"[dp]", 2010, 2012}, Case{"2020:2020[dp]", 2020, 2020},
                        Case{"1000:2999[dp]", 1000, 2999}}) {
    const ParsedQuery q = parse(c.query);
    EXPECT_EQ(q.root.kind, NodeKind::DateRange) << c.query;
    EXPECT_EQ(q.root.year_from, c.from) << c.query;
    EXPECT_EQ(q.root.year_to, c.to) << c.query;
  }
  EXPECT_EQ(canon("2015 : 2020[dp]"), "2015 : 2020[publication date]");
  EXPECT_EQ(canon("2015/01:2020/12[dp]"), "2015/01:2020/12[publication date]");
}

TEST(ParserFields, PubmedBuilderDateRangesAreJoined) {
  const ParsedQuery q = parse("asthma AND (\"2015/01/01\"[Date - Publication] : \"2020/12/31\"[Date - Publication])");
  ASSERT_EQ(q.root.children.size(), 2U);
  const Node& date = q.root.children[1];
  EXPECT_EQ(date.kind, NodeKind::DateRange);
  EXPECT_EQ(date.text, "2015/01/01:2020/12/31");
  EXPECT_EQ(date.year_from, 2015);
  EXPECT_EQ(date.year_to, 2020);
  EXPECT_EQ(date.position, 12U);
  EXPECT_EQ(canon("2015[dp]:2020[dp]"), "2015:2020[publication date]");
  EXPECT_EQ(canon("2015[dp] : 2020[dp]"), "2015: 2020[publication date]");
  EXPECT_EQ(canon("\"2015\"[dp]:\"2020\"[dp]"), "2015:2020[publication date]");
  EXPECT_EQ(error_of("\"2020\"[dp] : \"2015\"[dp]"),
            "query: publication date range '2020:2015' ends before it starts at position 1");
  // Only adjacent dates join; anything else between them stays.
  EXPECT_EQ(canon("\"2015\"[dp] : x \"2020\"[dp]"),
            "(2015[publication date] AND :[all] AND x[all] AND 2020[publication date])");
  EXPECT_EQ(error_of("2015[dp] AND :2020[dp]"),
            "query: invalid publication date ':2020' (expected YYYY, YYYY/MM, YYYY/MM/DD or FROM:TO) at position 14");
}

TEST(ParserFields, BadPublicationDatesAreErrors) {
  const std::string expected = "(expected YYYY, YYYY/MM, YYYY/MM/DD or FROM:TO)";
  EXPECT_EQ(error_of("2015-2020[dp]"), "query: invalid publication date '2015-2020' " + expected + " at position 1");
  EXPECT_EQ(error_of("asthma AND 15[dp]"), "query: invalid publication date '15' " + expected + " at position 12");
  // The tag takes every word since the last operator: here "asthma 15".
  EXPECT_EQ(error_of("asthma 15[dp]"), "query: invalid publication date 'asthma 15' " + expected + " at position 1");
  EXPECT_EQ(error_of("recent[dp]"), "query: invalid publication date 'recent' " + expected + " at position 1");
  EXPECT_EQ(error_of("2015:[dp]"), "query: invalid publication date '2015:' " + expected + " at position 1");
  EXPECT_EQ(error_of("2015:2016:2017[dp]"),
            "query: invalid publication date '2015:2016:2017' " + expected + " at position 1");
  EXPECT_EQ(error_of("20150[dp]"), "query: invalid publication date '20150' " + expected + " at position 1");
  EXPECT_EQ(error_of("2015 2016[dp]"), "query: invalid publication date '2015 2016' " + expected + " at position 1");
  EXPECT_EQ(error_of("2015*[dp]"), "query: invalid publication date '2015*' " + expected + " at position 1");
  EXPECT_EQ(error_of("2015/13[dp]"), "query: invalid month or day in publication date '2015/13' at position 1");
  EXPECT_EQ(error_of("2015/12/32[dp]"), "query: invalid month or day in publication date '2015/12/32' at position 1");
  EXPECT_EQ(error_of("2015/00[dp]"), "query: invalid month or day in publication date '2015/00' at position 1");
  EXPECT_EQ(error_of("0999[dp]"), "query: publication year 999 is outside 1000..2999 at position 1");
  EXPECT_EQ(error_of("2015:3000[dp]"), "query: publication year 3000 is outside 1000..2999 at position 1");
  EXPECT_EQ(error_of("2020:2015[dp]"), "query: publication date range '2020:2015' ends before it starts at position 1");
}

TEST(ParserFields, PmidIsDigits) {
  const ParsedQuery q = parse("12345678[pmid]");
  EXPECT_EQ(q.root.kind, NodeKind::Term);
  EXPECT_EQ(q.root.field, Field::Pmid);
  EXPECT_EQ(q.root.text, "12345678");
  EXPECT_EQ(canon("\"31452104\"[uid]"), "31452104[pmid]");
  EXPECT_EQ(canon("1[pmid] OR 2[pmid]"), "(1[pmid] OR 2[pmid])");
  EXPECT_EQ(error_of("PMC123[pmid]"), "query: a PMID is digits only, not 'PMC123' at position 1");
  EXPECT_EQ(error_of("123*[pmid]"), "query: a PMID is digits only, not '123*' at position 1");
  EXPECT_EQ(error_of("\"1 2\"[pmid]"), "query: a PMID is digits only, not '1 2' at position 1");
  EXPECT_EQ(error_of("1 x2[pmid]"), "query: a PMID is digits only, not 'x2' at position 3");
}

TEST(ParserFields, MisplacedTagsAreErrors) {
  EXPECT_EQ(error_of("[ti]"), "query: field tag [ti] does not follow a word or phrase at position 1");
  EXPECT_EQ(error_of("asthma AND [ti]"), "query: field tag [ti] does not follow a word or phrase at position 12");
  EXPECT_EQ(error_of("(asthma)[ti]"), "query: field tag [ti] does not follow a word or phrase at position 9");
  EXPECT_EQ(error_of("asthma[ti][ab]"), "query: field tag [ab] does not follow a word or phrase at position 11");
  EXPECT_EQ(error_of("asthma[ti"), "query: unterminated field tag '[' at position 7");
  EXPECT_EQ(error_of("asthma ti]"), "query: ']' without a matching '[' at position 10");
}

}  // namespace
}  // namespace medsearch::query
