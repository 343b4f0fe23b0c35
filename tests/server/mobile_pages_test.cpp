// The mobile pages (/m/search, /m/doc/{pmid}) in-process; their look at 375 px is checked by
// mobile_pages_browser_test.mjs.
#include <gtest/gtest.h>

#include <cstdlib>

#include "api.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

class MobilePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_fixture_index(tmp_);
    api_ = std::make_unique<Api>(*index_);
  }
  HttpResponse get(const std::string& path, std::multimap<std::string, std::string> params = {}) {
    HttpRequest request;
    request.path = path;
    request.params = std::move(params);
    return api_->handle(request);
  }
  static bool has(const HttpResponse& r, const std::string& part) { return r.body.find(part) != std::string::npos; }

  medsearch::testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<Api> api_;
};

TEST_F(MobilePagesTest, SearchPageListsHitsInChinese) {
  const HttpResponse r = get("/m/search", {{"q", "deep brain stimulation"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(has(r, "<html lang=\"zh-CN\">"));
  EXPECT_TRUE(has(r, "name=\"viewport\" content=\"width=device-width, initial-scale=1\""));
  EXPECT_TRUE(has(r, "条结果"));
  EXPECT_TRUE(has(r, "Deep brain stimulation in Parkinson disease"));
  EXPECT_TRUE(has(r, "href=\"/m/doc/101?q=deep%20brain%20stimulation\""));
  EXPECT_TRUE(has(r, "<mark>"));
  EXPECT_TRUE(has(r, "value=\"deep brain stimulation\""));
}

// Untranslated parts of a Chinese query are shown so the user can rephrase (issue 15 item 3).
TEST_F(MobilePagesTest, SearchPageShowsUnrecognizedChineseParts) {
  // The Searcher loads the dictionaries on this first CJK query; without the term list
  // (MEDSEARCH_ZH_TERMS=none) that takes a fraction of the time, and the field does not need it.
  ::setenv("MEDSEARCH_ZH_TERMS", "none", 1);
  struct Unset {
    ~Unset() { ::unsetenv("MEDSEARCH_ZH_TERMS"); }
  } unset;
  const HttpResponse r = get("/m/search", {{"q", "伊马替尼治疗帕金森病"}});
  ASSERT_EQ(r.status, 200) << r.body;
  if (has(r, "not installed")) GTEST_SKIP() << "Chinese dictionaries not installed";
  EXPECT_TRUE(has(r, "<p class=\"unrecognized\">未识别：伊马替尼</p>")) << r.body;
  const HttpResponse english = get("/m/search", {{"q", "伊马替尼治疗帕金森病"}, {"ui", "en"}});
  EXPECT_TRUE(has(english, "<p class=\"unrecognized\">Not recognised：伊马替尼</p>"));
  EXPECT_FALSE(has(get("/m/search", {{"q", "帕金森病"}}), "class=\"unrecognized\""));
}

TEST_F(MobilePagesTest, SearchPageTakesTheApiFiltersAndPages) {
  const HttpResponse filtered = get("/m/search", {{"q", "stimulation"}, {"year_from", "2018"}});
  EXPECT_TRUE(has(filtered, "Deep brain stimulation for dystonia"));
  EXPECT_FALSE(has(filtered, "Deep brain stimulation in Parkinson disease"));
  EXPECT_EQ(get("/m/search", {{"q", "stimulation"}, {"page", "2"}}).status, 200);
  EXPECT_EQ(get("/m/search", {{"q", "stimulation"}, {"page", "0"}}).status, 400);
  EXPECT_EQ(get("/m/search", {{"q", "stimulation"}, {"bogus", "1"}}).status, 400);
  const HttpResponse english = get("/m/search", {{"q", "asthma"}, {"ui", "en"}});
  EXPECT_TRUE(has(english, "<html lang=\"en\">"));
  EXPECT_TRUE(has(english, " results"));
  EXPECT_EQ(get("/m/search").status, 200);
  const HttpResponse hostile = get("/m/search", {{"q", "\"><script>alert(1)</script>"}});
  EXPECT_FALSE(has(hostile, "<script>"));
}

TEST_F(MobilePagesTest, DocPageShowsTheArticleWithTheQueryMarked) {
  const HttpResponse r = get("/m/doc/101", {{"q", "stimulation"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r, "<h1>Deep brain stimulation in Parkinson disease</h1>"));
  EXPECT_TRUE(has(r, "Smith JA"));
  EXPECT_TRUE(has(r, "2015"));
  EXPECT_TRUE(has(r, "<mark>stimulation</mark>"));
  EXPECT_TRUE(has(r, "https://pubmed.ncbi.nlm.nih.gov/101/"));
  EXPECT_TRUE(has(r, "https://doi.org/10.1000/dbs.2015"));
  EXPECT_TRUE(has(r, "返回结果"));
  EXPECT_TRUE(has(r, "Content-Security-Policy") || !r.headers.empty());
  EXPECT_EQ(get("/m/doc/999999").status, 404);
  EXPECT_EQ(get("/m/doc/105").status, 200);  // no abstract, no query
}

TEST_F(MobilePagesTest, StylesheetIsServed) {
  const HttpResponse css = get("/m.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
}

}  // namespace
}  // namespace medsearch::server
