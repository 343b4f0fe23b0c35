// The route handlers in-process: no sockets (Api::handle on HttpRequest values).
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/search/ranking_config.hpp"
#include "server_fixture.hpp"
#include "support/cli_runner.hpp"

namespace medsearch::server {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_fixture_index(tmp_);
    api_ = std::make_unique<Api>(*index_, ApiOptions{ParamLimits{64}});
  }

  HttpResponse get(const std::string& path, std::multimap<std::string, std::string> params = {}) {
    HttpRequest request;
    request.path = path;
    request.params = std::move(params);
    return api_->handle(request);
  }
  nlohmann::json get_json(const std::string& path, std::multimap<std::string, std::string> params = {},
                          int status = 200) {
    const HttpResponse response = get(path, std::move(params));
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.content_type, "application/json");
    return nlohmann::json::parse(response.body);
  }
  void expect_error(const std::string& path, std::multimap<std::string, std::string> params, int status,
                    const std::string& code, const std::string& message_part) {
    const nlohmann::json body = get_json(path, std::move(params), status);
    EXPECT_EQ(body["error"]["code"], code);
    EXPECT_NE(body["error"]["message"].get<std::string>().find(message_part), std::string::npos) << body.dump();
  }

  testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, SearchReturnsRankedHitsWithHighlightedSnippetsAndLinks) {
  const nlohmann::json body = get_json("/api/search", {{"q", "subthalamic deep brain stimulation"}});
  ASSERT_GE(body["hits"].size(), 2u);
  const nlohmann::json& first = body["hits"][0];
  EXPECT_EQ(first.value("id", ""), "101");
  EXPECT_EQ(first.value("pubmed_url", ""), "https://pubmed.ncbi.nlm.nih.gov/101/");
  EXPECT_EQ(first.value("doi", ""), "10.1000/dbs.2015");
  EXPECT_EQ(first.value("authors", nlohmann::json::array()), nlohmann::json::array({"Smith JA"}));
  EXPECT_NE(first.value("snippet", "").find("<mark>"), std::string::npos);
  EXPECT_TRUE(body["hits"][1]["doi"].is_null());  // one shape: absent values are null
  EXPECT_TRUE(body["translation"].is_null());      // an English query
  EXPECT_GE(body["total"].get<int>(), 2);
  EXPECT_FALSE(body["query_understood"].get<std::string>().empty());
  EXPECT_TRUE(body.contains("took_ms"));
  EXPECT_TRUE(body.contains("total_is_exact"));
}

// A Chinese query's translation lists what no dictionary translated (issue 15 item 3).
TEST_F(ApiTest, ChineseTranslationListsUnrecognizedParts) {
  // The Searcher loads the dictionaries on this first CJK query; without the term list
  // (MEDSEARCH_ZH_TERMS=none) that takes a fraction of the time, and the field does not need it.
  ::setenv("MEDSEARCH_ZH_TERMS", "none", 1);
  struct Unset {
    ~Unset() { ::unsetenv("MEDSEARCH_ZH_TERMS"); }
  } unset;
  const nlohmann::json body = get_json("/api/search", {{"q", "伊马替尼治疗帕金森病"}});
  ASSERT_TRUE(body["translation"].is_object()) << body.dump();
  if (!body["translation"]["note"].get<std::string>().empty()) GTEST_SKIP() << body["translation"]["note"];
  // The fixture index has no "imatinib": the name stays untranslated and is listed.
  EXPECT_EQ(body["translation"]["unrecognized"], nlohmann::json::array({"伊马替尼"})) << body["translation"].dump();
  EXPECT_NE(body["translation"]["searched"].get<std::string>().find("arkinson"), std::string::npos);
  const nlohmann::json plain = get_json("/api/search", {{"q", "帕金森病"}});
  EXPECT_EQ(plain["translation"]["unrecognized"], nlohmann::json::array());
}

TEST_F(ApiTest, SearchOptionsMapToTheRequest) {
  const nlohmann::json plain = get_json("/api/search", {{"q", "stimulation"}, {"highlight", "0"}, {"k", "1"}});
  ASSERT_EQ(plain["hits"].size(), 1u);
  EXPECT_EQ(plain["hits"][0]["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  const nlohmann::json paged = get_json("/api/search", {{"q", "stimulation"}, {"limit", "1"}, {"offset", "1"}});
  ASSERT_EQ(paged["hits"].size(), 1u);
  EXPECT_NE(paged["hits"][0]["id"], plain["hits"][0]["id"]);
  const nlohmann::json filtered =
      get_json("/api/search", {{"q", "asthma"}, {"year_from", "2019"}, {"pt", "Review"}, {"mode", "tfidf"}});
  ASSERT_EQ(filtered["hits"].size(), 1u);
  EXPECT_EQ(filtered["hits"][0]["id"], "104");
  // The snippet is HTML: stored text is escaped.
  const nlohmann::json french = get_json("/api/search", {{"q", "asthma"}, {"lang", "fre"}, {"sort", "date"}});
  ASSERT_EQ(french["hits"].size(), 1u);
  EXPECT_EQ(french["hits"][0]["id"], "103");
  const nlohmann::json escaped = get_json("/api/search", {{"q", "steroids"}, {"syntax", "plain"}});
  ASSERT_EQ(escaped["hits"].size(), 1u);
  EXPECT_NE(escaped["hits"][0]["snippet"].get<std::string>().find("&lt;inhaled&gt;"), std::string::npos);
}

TEST_F(ApiTest, InvalidParametersAre400NamingTheParameter) {
  expect_error("/api/search", {{"q", "x"}, {"k", "0"}}, 400, "InvalidArgument", "parameter 'k' must be an integer in 1..1000");
  expect_error("/api/search", {{"q", "x"}, {"k", "1001"}}, 400, "InvalidArgument", "'k'");
  expect_error("/api/search", {{"q", "x"}, {"k", "ten"}}, 400, "InvalidArgument", "'k'");
  expect_error("/api/search", {{"q", "x"}, {"offset", "10001"}}, 400, "InvalidArgument", "parameter 'offset'");
  expect_error("/api/search", {{"q", "x"}, {"mode", "semantic"}}, 400, "InvalidArgument", "mode");
  expect_error("/api/search", {{"q", "x"}, {"mode", "hybrid"}, {"alpha", "1.5"}}, 400, "InvalidArgument", "alpha");
  // No `medsearch embed` on this index: dense search is unavailable, and says what to run.
  expect_error("/api/search", {{"q", "x"}, {"mode", "dense"}}, 503, "Unavailable", "medsearch embed");
  expect_error("/api/search", {{"q", "x"}, {"sort", "random"}}, 400, "InvalidArgument", "'sort'");
  expect_error("/api/search", {{"q", "x"}, {"year_from", "2020"}, {"year_to", "2010"}}, 400, "InvalidArgument", "year_to");
  expect_error("/api/search", {{"q", "x"}, {"has_abstract", "yes"}}, 400, "InvalidArgument", "has_abstract");
  expect_error("/api/search", {{"q", "x"}, {"colour", "red"}}, 400, "InvalidArgument", "unknown parameter 'colour'");
  expect_error("/api/search", {{"q", "x"}, {"q", "y"}}, 400, "InvalidArgument", "'q' must be given once");
  expect_error("/api/search", {}, 400, "InvalidArgument", "parameter 'q' is required");
  expect_error("/api/search", {{"q", std::string(65, 'a')}}, 400, "InvalidArgument", "at most 64 bytes");
  expect_error("/api/search", {{"q", "(asthma"}}, 400, "InvalidArgument", "");
}

TEST_F(ApiTest, RankingKnobsAreSetPerRequest) {
  const auto scores = [&](std::multimap<std::string, std::string> params) {
    params.emplace("q", "stimulation parkinson");
    std::vector<double> out;
    const nlohmann::json body = get_json("/api/search", params);
    for (const auto& hit : body["hits"]) out.push_back(hit["score"].get<double>());
    return out;
  };
  const std::vector<double> defaults = scores({});
  EXPECT_NE(scores({{"k1", "0.3"}}), defaults);
  EXPECT_NE(scores({{"b", "0"}}), defaults);
  EXPECT_NE(scores({{"b", "title=0,abstract=1"}}), defaults);
  EXPECT_NE(scores({{"weights", "title=5"}}), defaults);
  // The built-in values given explicitly change nothing.
  EXPECT_EQ(scores({{"k1", "1.2"}, {"b", "0.75"}, {"weights", "title=2,abstract=1,keywords=1,mesh=1"}}), defaults);
  expect_error("/api/search", {{"q", "x"}, {"k1", "-1"}}, 400, "InvalidArgument", "parameter 'k1'");
  expect_error("/api/search", {{"q", "x"}, {"b", "1.5"}}, 400, "InvalidArgument", "parameter 'b'");
  expect_error("/api/search", {{"q", "x"}, {"weights", "authors=2"}}, 400, "InvalidArgument", "parameter 'weights'");
  // Re-ranking: off changes nothing without a model; on without one says what to run.
  EXPECT_EQ(scores({{"rerank", "off"}}), defaults);
  expect_error("/api/search", {{"q", "x"}, {"rerank", "on"}}, 503, "Unavailable", "train-ranker");
  expect_error("/api/search", {{"q", "x"}, {"rerank", "yes"}}, 400, "InvalidArgument", "parameter 'rerank'");
}

TEST_F(ApiTest, ServerRanksWithTheIndexsRankingJson) {
  // `tune --save` writes ranking.json; the server's default ranking is then that one.
  lexical::RankingParams tuned;
  tuned.model = lexical::RankingModel::TfIdf;
  tuned.weight = {5.0f, 1.0f, 1.0f, 1.0f};
  engine::save_ranking_config(index_->dir(), tuned, "test");
  const Api tuned_api(*index_, ApiOptions{ParamLimits{64}});
  HttpRequest request;
  request.path = "/api/search";
  request.params = {{"q", "stimulation parkinson"}};
  const nlohmann::json with_config = nlohmann::json::parse(tuned_api.handle(request).body);
  const nlohmann::json explicit_knobs =
      get_json("/api/search", {{"q", "stimulation parkinson"}, {"mode", "tfidf"}, {"weights", "title=5"}});
  ASSERT_FALSE(with_config["hits"].empty());
  EXPECT_EQ(with_config["hits"], explicit_knobs["hits"]);
  EXPECT_NE(with_config["hits"], get_json("/api/search", {{"q", "stimulation parkinson"}})["hits"]);
  // A request's knob applies on top of ranking.json's (here: TF-IDF stays, k1 is BM25's).
  request.params.emplace("mode", "bm25");
  const nlohmann::json bm25 = nlohmann::json::parse(tuned_api.handle(request).body);
  EXPECT_EQ(bm25["hits"], get_json("/api/search", {{"q", "stimulation parkinson"}, {"weights", "title=5"}})["hits"]);
}

TEST_F(ApiTest, ServerUsesPerFieldBFromRankingJson) {
  // ranking.json's b is per field (title, abstract, keywords, mesh); the server's default
  // ranking must use each field's own value, exactly as the same values given per request.
  lexical::RankingParams tuned;
  tuned.b = {0.1f, 0.95f, 0.75f, 0.75f};
  engine::save_ranking_config(index_->dir(), tuned, "test");
  const Api tuned_api(*index_, ApiOptions{ParamLimits{64}});
  HttpRequest request;
  request.path = "/api/search";
  request.params = {{"q", "stimulation parkinson"}};
  const nlohmann::json with_config = nlohmann::json::parse(tuned_api.handle(request).body);
  const nlohmann::json explicit_b =
      get_json("/api/search", {{"q", "stimulation parkinson"}, {"b", "title=0.1,abstract=0.95,keywords=0.75,mesh=0.75"}});
  ASSERT_FALSE(with_config["hits"].empty());
  EXPECT_EQ(with_config["hits"], explicit_b["hits"]);
  EXPECT_NE(with_config["hits"], get_json("/api/search", {{"q", "stimulation parkinson"}, {"b", "0.1"}})["hits"]);
  EXPECT_NE(with_config["hits"], get_json("/api/search", {{"q", "stimulation parkinson"}})["hits"]);
}

TEST_F(ApiTest, CliAndServerWriteOneJsonShape) {
  // The same request through `medsearch search --format json` and /api/search: the same
  // JSON but for the time taken.
  const medsearch::testing::CliRun cli = medsearch::testing::run_cli(
      "search --index " + index_->dir() + " --format json --k 3 --year-from 2012 'stimulation parkinson'", false);
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  nlohmann::json from_cli = nlohmann::json::parse(cli.out);
  nlohmann::json from_api = get_json("/api/search", {{"q", "stimulation parkinson"}, {"k", "3"}, {"year_from", "2012"}});
  from_cli.erase("took_ms");
  from_api.erase("took_ms");
  ASSERT_FALSE(from_api["hits"].empty());
  EXPECT_EQ(from_cli, from_api);
  // And the flags are the parameters: the same error for the same bad value.
  const medsearch::testing::CliRun bad = medsearch::testing::run_cli("search --index " + index_->dir() + " --k1 -1 x");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.out.find("option '--k1' must be a number in 0..100"), std::string::npos) << bad.out;
}

TEST_F(ApiTest, DocReturnsTheArticleOr404) {
  const nlohmann::json body = get_json("/api/doc/101");
  EXPECT_EQ(body["id"], "101");
  EXPECT_EQ(body["title"], "Deep brain stimulation in Parkinson disease");
  EXPECT_EQ(body["doi"], "10.1000/dbs.2015");
  EXPECT_EQ(body["mesh_headings"][0]["descriptor_name"], "Parkinson Disease");
  EXPECT_EQ(body["pubmed_url"], "https://pubmed.ncbi.nlm.nih.gov/101/");
  expect_error("/api/doc/999", {}, 404, "NotFound", "'999'");
  expect_error("/api/doc/101/extra", {}, 404, "NotFound", "no route");
}

TEST_F(ApiTest, SimilarFindsRelatedArticlesButNeverTheDocumentItself) {
  const nlohmann::json body = get_json("/api/similar/101");
  EXPECT_EQ(body["source_id"], "101");
  ASSERT_FALSE(body["hits"].empty());
  for (const auto& hit : body["hits"]) EXPECT_NE(hit["id"], "101");
  // 102 (deep brain stimulation) and 107 (motor symptoms of Parkinson disease) share the most.
  const std::string first = body["hits"][0]["id"];
  EXPECT_TRUE(first == "102" || first == "107") << body.dump();
  const nlohmann::json one = get_json("/api/similar/101", {{"k", "1"}});
  EXPECT_EQ(one["hits"].size(), 1u);
  expect_error("/api/similar/999", {}, 404, "NotFound", "999");
  expect_error("/api/similar/101", {{"q", "x"}}, 400, "InvalidArgument", "unknown parameter 'q'");
}

TEST_F(ApiTest, StatsHealthAndUnknownRoutes) {
  EXPECT_EQ(get_json("/api/stats")["documents"], 7);
  const nlohmann::json health = get_json("/healthz");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["documents"], 7);
  expect_error("/nope", {}, 404, "NotFound", "no route for /nope");
  HttpRequest post;
  post.method = "POST";
  post.path = "/api/search";
  const HttpResponse response = api_->handle(post);
  EXPECT_EQ(response.status, 405);
  EXPECT_NE(response.body.find("MethodNotAllowed"), std::string::npos);
}

TEST_F(ApiTest, MetricsArePrometheusText) {
  get("/api/search", {{"q", "asthma"}});
  get("/api/search", {{"k", "0"}});
  get("/api/doc/101");
  const HttpResponse response = get("/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type.rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& m = response.body;
  EXPECT_NE(m.find("# TYPE medsearch_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(m.find("medsearch_http_requests_total{route=\"/api/search\",status=\"200\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("medsearch_http_requests_total{route=\"/api/search\",status=\"400\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("medsearch_http_requests_total{route=\"/api/doc/{pmid}\",status=\"200\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("# TYPE medsearch_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(m.find("medsearch_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(m.find("medsearch_http_request_duration_seconds_count{route=\"/api/search\"} 2\n"), std::string::npos);
  EXPECT_NE(m.find("medsearch_index_documents 7\n"), std::string::npos);
}

TEST_F(ApiTest, WebPageIsServedWithAPolicyThatKeepsItOffline) {
  const HttpResponse page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<title>medsearch</title>"), std::string::npos);
  bool has_policy = false;
  for (const auto& [name, value] : page.headers) has_policy |= name == "Content-Security-Policy" && value.find("default-src 'self'") != std::string::npos;
  EXPECT_TRUE(has_policy);
  EXPECT_EQ(get("/app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/app.css").status, 200);
  EXPECT_EQ(get("/favicon.svg").status, 200);
  EXPECT_EQ(page.body.find("http://"), std::string::npos);
  EXPECT_EQ(page.body.find("//cdn"), std::string::npos);
}

}  // namespace
}  // namespace medsearch::server

namespace medsearch::server {
namespace {

// Dense and hybrid modes over HTTP once the index has vectors (a small default model).
TEST(ApiDense, DenseAndHybridSearchAndSimilarArticles) {
  testing::TempDir tmp;
  const std::string dir = build_fixture_index(tmp)->dir();
  engine::EmbedOptions options;
  options.sif.dim = 16;
  options.sif.epochs = 5;
  options.sif.min_count = 1;
  options.sif.buckets = 2000;
  engine::embed_index(dir, options);
  const engine::IndexReader index(dir);
  const Api api(index, ApiOptions{ParamLimits{64}});
  auto get = [&](const std::string& path, std::multimap<std::string, std::string> params) {
    HttpRequest request;
    request.path = path;
    request.params = std::move(params);
    return api.handle(request);
  };
  const HttpResponse stats = get("/api/stats", {});
  EXPECT_EQ(nlohmann::json::parse(stats.body)["dense"]["dim"], 16);
  for (const char* mode : {"dense", "hybrid"}) {
    const HttpResponse r = get("/api/search", {{"q", "deep brain stimulation"}, {"mode", mode}, {"k", "3"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(nlohmann::json::parse(r.body)["hits"].size(), 3u) << mode;
  }
  const HttpResponse rrf = get("/api/search", {{"q", "asthma"}, {"mode", "hybrid"}, {"fusion", "rrf"}, {"depth", "5"}});
  ASSERT_EQ(rrf.status, 200) << rrf.body;
  const HttpResponse filtered = get("/api/search", {{"q", "asthma"}, {"mode", "dense"}, {"lang", "fre"}});
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  const auto hits = nlohmann::json::parse(filtered.body)["hits"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["id"], "103");
  const HttpResponse similar = get("/api/similar/101", {{"mode", "dense"}, {"k", "3"}});
  ASSERT_EQ(similar.status, 200) << similar.body;
  const nlohmann::json neighbours = nlohmann::json::parse(similar.body);
  EXPECT_EQ(neighbours["hits"].size(), 3u);
  for (const auto& hit : neighbours["hits"]) EXPECT_NE(hit["id"], "101");
}

}  // namespace
}  // namespace medsearch::server
