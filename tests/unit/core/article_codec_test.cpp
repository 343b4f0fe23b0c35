#include <gtest/gtest.h>

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

TEST(ArticleCodec, AbstractTextJoinsLabelledSections) {
  EXPECT_EQ(full_article().abstract_text(), "BACKGROUND: Some background.\n\nUnlabelled text.");
}

}  // namespace
}  // namespace medsearch
