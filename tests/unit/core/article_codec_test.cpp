#include <gtest/gtest.h>

#include <random>

#include "medsearch/core/article_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch {
namespace {

Article full_article() {
  Article a;
  a.id = "12345678";
  a.version = 2;
  a.title = "Effects of β-blockers on IL-6";
  a.vernacular_title = "β受体阻滞剂";
  a.abstract = {{"BACKGROUND", "BACKGROUND", "Some background."}, {"", "", "Unlabelled text."}};
  a.other_abstracts = {{"Publisher", "chi", {{"", "", "中文摘要"}}}};
  a.authors = {{"Smith", "John A", "JA", "", {"Dept. A", "Dept. B"}}, {"", "", "", "The Study Group", {}}};
  a.journal = {"The Journal", "J Jour", "1234-5678", "12", "3", "45-67"};
  a.pub_year = 1998;
  a.pub_month = 12;
  a.pub_date = "1998 Dec-1999 Jan";
  a.languages = {"eng", "chi"};
  a.publication_types = {"Journal Article", "Review"};
  a.mesh_headings = {{"D006801", "Humans", false, {}}, {"D000001", "Calcimycin", true, {{"Q000188", "drug therapy", true}}}};
  a.chemicals = {{"0", "D000001", "Calcimycin"}};
  a.keywords = {"asthma", "IL-6"};
  a.doi = "10.1000/xyz";
  a.pmc = "PMC123";
  a.date_completed = "1999-01-05";
  a.date_revised = "2019-11-20";
  return a;
}

TEST(ArticleCodec, RoundTripsEveryField) {
  const Article a = full_article();
  EXPECT_EQ(decode_article(encode_article(a), "test"), a);
}

TEST(ArticleCodec, RoundTripsEmptyArticle) {
  EXPECT_EQ(decode_article(encode_article(Article{}), "test"), Article{});
}

TEST(ArticleCodec, TruncatedBytesAreCorruptNamingTheSource) {
  const std::string bytes = encode_article(full_article());
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    try {
      decode_article(std::string_view(bytes).substr(0, cut), "doc 7");
      FAIL() << "decoding " << cut << " bytes should fail";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Corrupt);
      EXPECT_NE(std::string(e.what()).find("doc 7"), std::string::npos) << e.what();
    }
  }
}

TEST(ArticleCodec, TrailingBytesAreCorrupt) {
  EXPECT_THROW(decode_article(encode_article(full_article()) + "x", "t"), Error);
}

// The headline's fields against decode_article's, over articles that vary every count the
// walk passes (sections, other abstracts, authors and affiliations, MeSH with qualifiers,
// chemicals, keywords) and every field it keeps.
void expect_headline_matches(const Article& a) {
  const std::string bytes = encode_article(a);
  const Article full = decode_article(bytes, "t");
  ArticleHeadline h;
  h.authors.push_back({"stale", "", ""});  // decoding into a used object replaces it
  decode_article_headline(
      bytes, [] { return std::string("t"); }, h);
  EXPECT_EQ(h.id, full.id);
  EXPECT_EQ(h.title, full.title);
  EXPECT_EQ(h.vernacular_title, full.vernacular_title);
  ASSERT_EQ(h.abstract.size(), full.abstract.size());
  for (std::size_t i = 0; i < h.abstract.size(); ++i) {
    EXPECT_EQ(h.abstract[i].label, full.abstract[i].label);
    EXPECT_EQ(h.abstract[i].text, full.abstract[i].text);
  }
  ASSERT_EQ(h.authors.size(), full.authors.size());
  for (std::size_t i = 0; i < h.authors.size(); ++i) {
    EXPECT_EQ(h.authors[i].last_name, full.authors[i].last_name);
    EXPECT_EQ(h.authors[i].initials, full.authors[i].initials);
    EXPECT_EQ(h.authors[i].collective_name, full.authors[i].collective_name);
  }
  EXPECT_EQ(h.journal_title, full.journal.title);
  EXPECT_EQ(h.journal_iso_abbreviation, full.journal.iso_abbreviation);
  EXPECT_EQ(h.pub_year, full.pub_year);
  EXPECT_EQ(h.doi, full.doi);
}

TEST(ArticleCodec, HeadlineEqualsTheFullDecodesFields) {
  expect_headline_matches(full_article());
  expect_headline_matches(Article{});
  std::mt19937 rng(20261207);
  const auto text = [&rng](std::size_t max_len) {
    std::string s(rng() % (max_len + 1), 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 26);
    return s;
  };
  const auto texts = [&](std::size_t max_count) {
    std::vector<std::string> v(rng() % (max_count + 1));
    for (std::string& s : v) s = text(12);
    return v;
  };
  const auto sections = [&](std::size_t max_count) {
    std::vector<AbstractSection> v(rng() % (max_count + 1));
    for (AbstractSection& s : v) s = {text(10), text(10), text(200)};
    return v;
  };
  for (int n = 0; n < 300; ++n) {
    Article a;
    a.id = text(9);
    a.version = rng() % 3;
    a.title = text(80);
    a.vernacular_title = text(20);
    a.abstract = sections(4);
    a.other_abstracts.resize(rng() % 3);
    for (OtherAbstract& o : a.other_abstracts) o = {text(8), text(3), sections(3)};
    a.authors.resize(rng() % 6);
    for (Author& au : a.authors) au = {text(10), text(10), text(3), rng() % 4 == 0 ? text(20) : "", texts(3)};
    a.journal = {text(30), text(12), text(9), text(3), text(2), text(7)};
    a.pub_year = static_cast<std::uint16_t>(rng() % 2100);
    a.pub_month = static_cast<std::uint8_t>(rng() % 13);
    a.pub_date = text(10);
    a.languages = texts(2);
    a.publication_types = texts(3);
    a.mesh_headings.resize(rng() % 5);
    for (MeshHeading& m : a.mesh_headings) {
      m = {text(7), text(15), rng() % 2 == 0, {}};
      m.qualifiers.resize(rng() % 3);
      for (MeshQualifier& q : m.qualifiers) q = {text(7), text(10), rng() % 2 == 0};
    }
    a.chemicals.resize(rng() % 3);
    for (Chemical& c : a.chemicals) c = {text(5), text(7), text(12)};
    a.keywords = texts(4);
    a.doi = text(15);
    a.pmc = text(8);
    a.date_completed = text(10);
    a.date_revised = text(10);
    expect_headline_matches(a);
  }
}

// Every truncation decode_article rejects, the headline rejects, naming the source.
TEST(ArticleCodec, HeadlineRejectsWhatTheFullDecodeRejects) {
  const std::string bytes = encode_article(full_article());
  ArticleHeadline h;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    try {
      decode_article_headline(
          std::string_view(bytes).substr(0, cut), [] { return std::string("doc 7"); }, h);
      FAIL() << "the headline of " << cut << " bytes should fail";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Corrupt);
      EXPECT_EQ(std::string(e.what()).rfind("doc 7: ", 0), 0u) << e.what();
    }
  }
  EXPECT_THROW(decode_article_headline(
                   bytes + "x", [] { return std::string("t"); }, h),
               Error);
}

TEST(ArticleCodec, AbstractTextJoinsLabelledSections) {
  EXPECT_EQ(full_article().abstract_text(), "BACKGROUND: Some background.\n\nUnlabelled text.");
}

}  // namespace
}  // namespace medsearch
