// GET /api/export and the facets of /api/search, in-process (Api::handle).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

class ApiExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_fixture_index(tmp_);
    api_ = std::make_unique<Api>(*index_, ApiOptions{});
  }
  HttpResponse get(const std::string& path, std::multimap<std::string, std::string> params) {
    HttpRequest request;
    request.path = path;
    request.params = std::move(params);
    return api_->handle(request);
  }
  std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers) {
      if (n == name) return v;
    }
    return "";
  }
  void expect_error(std::multimap<std::string, std::string> params, int status, const std::string& part) {
    const HttpResponse response = get("/api/export", std::move(params));
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_NE(response.body.find(part), std::string::npos) << response.body;
  }

  testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiExportTest, OneArticleAsMedlineWithItsFileName) {
  const HttpResponse r = get("/api/export", {{"format", "medline"}, {"pmid", "101"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/nbib; charset=utf-8");
  EXPECT_EQ(header(r, "Content-Disposition"), "attachment; filename=\"pubmed-101.nbib\"");
  EXPECT_TRUE(r.body.starts_with("PMID- 101\n")) << r.body;
  EXPECT_NE(r.body.find("TI  - Deep brain stimulation in Parkinson disease\n"), std::string::npos);
  EXPECT_NE(r.body.find("FAU - Smith, JA\nAU  - Smith JA\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("MH  - *Parkinson Disease\n"), std::string::npos);
  EXPECT_NE(r.body.find("LID - 10.1000/dbs.2015 [doi]\n"), std::string::npos);
}

TEST_F(ApiExportTest, SelectedArticlesInTheGivenOrderCommaSeparatedOrRepeated) {
  const HttpResponse r = get("/api/export", {{"format", "ris"}, {"pmid", "104, 101"}, {"pmid", "103"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(header(r, "Content-Disposition"), "attachment; filename=\"medsearch-citations.ris\"");
  const std::size_t a = r.body.find("AN  - 104"), b = r.body.find("AN  - 101"), c = r.body.find("AN  - 103");
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST_F(ApiExportTest, AllResultsOfAQueryWithItsFiltersUpToMax) {
  const HttpResponse all = get("/api/export", {{"format", "csv"}, {"q", "stimulation"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.content_type, "text/csv; charset=utf-8; header=present");
  // The same documents, in the same order, as the search's hits.
  HttpRequest search;
  search.path = "/api/search";
  search.params = {{"q", "stimulation"}, {"k", "100"}};
  const auto hits = nlohmann::json::parse(api_->handle(search).body)["hits"];
  std::string expected_ids;
  for (const auto& hit : hits) expected_ids += hit["id"].get<std::string>() + ",";
  std::string ids;
  std::size_t line = all.body.find("\r\n");
  while (line != std::string::npos && line + 2 < all.body.size()) {
    ids += all.body.substr(line + 2, all.body.find(',', line + 2) - line - 2) + ",";
    line = all.body.find("\r\n", line + 2);
  }
  EXPECT_EQ(ids, expected_ids);
  const HttpResponse two = get("/api/export", {{"format", "bibtex"}, {"q", "stimulation"}, {"max", "2"}, {"year_from", "2016"}});
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(std::count(two.body.begin(), two.body.end(), '@'), 2);
  EXPECT_EQ(two.body.find("year = {2015}"), std::string::npos);
}

TEST_F(ApiExportTest, BadRequestsNameTheParameterOrPmid) {
  expect_error({{"pmid", "101"}}, 400, "format");
  expect_error({{"format", "endnote"}, {"pmid", "101"}}, 400, "endnote");
  expect_error({{"format", "ris"}, {"pmid", "999"}}, 404, "999");
  expect_error({{"format", "ris"}, {"pmid", "101,"}}, 400, "pmid");
  expect_error({{"format", "ris"}, {"pmid", "101"}, {"q", "x"}}, 400, "pmid");
  expect_error({{"format", "ris"}, {"q", "x"}, {"max", "0"}}, 400, "max");
  expect_error({{"format", "ris"}, {"q", "x"}, {"max", "10001"}}, 400, "max");
  expect_error({{"format", "ris"}}, 400, "'q'");
  expect_error({{"format", "ris"}, {"q", "x"}, {"bogus", "1"}}, 400, "bogus");
}

TEST_F(ApiExportTest, SearchFacetsAreOptInAndCountEveryMatch) {
  HttpRequest request;
  request.path = "/api/search";
  request.params = {{"q", "stimulation"}, {"k", "1"}};
  EXPECT_FALSE(nlohmann::json::parse(api_->handle(request).body).contains("facets"));
  request.params.emplace("facets", "1");
  const auto body = nlohmann::json::parse(api_->handle(request).body);
  ASSERT_TRUE(body.contains("facets")) << body.dump();
  const auto& f = body["facets"];
  EXPECT_EQ(f["documents"], 4);  // 101, 102, 105 and 107, with one hit on the page
  EXPECT_EQ(body["hits"].size(), 1u);
  EXPECT_EQ(f["has_abstract"], 3);
  EXPECT_EQ(f["languages"][0]["value"], "eng");
  EXPECT_EQ(f["years"][0]["year"], 2012);
}

}  // namespace
}  // namespace medsearch::server
