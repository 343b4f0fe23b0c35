// The judgment routes in-process: sign-in cookie, 401 without a session (for reads too),
// judge/list/qrels round trip, and 400s naming the bad field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/qrels_export.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

class JudgmentsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_fixture_index(tmp_);
    store_ = std::make_unique<judgments::JudgmentStore>(tmp_.file("judgments.sqlite"));
    store_->add_user("alice", "alice-password");
    api_ = std::make_unique<Api>(*index_, ApiOptions{ParamLimits{64}, store_.get()});
  }

  HttpResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& cookie = "", std::multimap<std::string, std::string> params = {}) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.params = std::move(params);
    request.body = body;
    if (!body.empty()) request.headers["content-type"] = "application/json";
    if (!cookie.empty()) request.headers["cookie"] = "other=1; " + std::string(kSessionCookie) + "=" + cookie;
    return api_->handle(request);
  }

  // Signs in; returns the session token from Set-Cookie.
  std::string sign_in() {
    const HttpResponse response = call("POST", "/api/login", R"({"name":"alice","password":"alice-password"})");
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(nlohmann::json::parse(response.body)["user"], "alice");
    for (const auto& [name, value] : response.headers) {
      if (name != "Set-Cookie") continue;
      EXPECT_NE(value.find("HttpOnly"), std::string::npos);
      EXPECT_NE(value.find("SameSite=Strict"), std::string::npos);
      const std::string prefix = std::string(kSessionCookie) + "=";
      return value.substr(prefix.size(), value.find(';') - prefix.size());
    }
    ADD_FAILURE() << "no Set-Cookie";
    return "";
  }

  static std::string error_message(const HttpResponse& response) {
    return nlohmann::json::parse(response.body)["error"]["message"].get<std::string>();
  }

  testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<judgments::JudgmentStore> store_;
  std::unique_ptr<Api> api_;
};

TEST_F(JudgmentsApiTest, WritesNeedASession) {
  const std::string judgment = R"({"query":"asthma","doc_id":"104","grade":2})";
  HttpResponse response = call("POST", "/api/judgments", judgment);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "Unauthorized");
  EXPECT_EQ(call("POST", "/api/judgments", judgment, "not-a-token").status, 401);
  response = call("POST", "/api/login", R"({"name":"alice","password":"wrong-password"})");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(call("POST", "/api/login", R"({"name":"mallory","password":"alice-password"})").status, 401);
  EXPECT_EQ(nlohmann::json::parse(call("GET", "/api/session").body)["user"], nullptr);
  EXPECT_TRUE(store_->list().empty());
}

TEST_F(JudgmentsApiTest, LoginJudgeListQrelsAndLogout) {
  const std::string token = sign_in();
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(nlohmann::json::parse(call("GET", "/api/session", "", token).body)["user"], "alice");
  HttpResponse response = call("POST", "/api/judgments", R"({"query":"  asthma  children","doc_id":"104","grade":1})", token);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body)["judgment"]["query"], "asthma children");
  response = call("POST", "/api/judgments", R"({"query":"asthma children","doc_id":"104","grade":2})", token);
  ASSERT_EQ(response.status, 200) << response.body;
  call("POST", "/api/judgments", R"({"query":"asthma children","doc_id":"103","grade":0})", token);

  const nlohmann::json list = nlohmann::json::parse(
      call("GET", "/api/judgments", "", token, {{"query", "asthma children"}}).body);
  ASSERT_EQ(list["judgments"].size(), 2u);
  EXPECT_EQ(list["judgments"][0]["doc_id"], "103");
  EXPECT_EQ(list["judgments"][1]["doc_id"], "104");
  EXPECT_EQ(list["judgments"][1]["grade"], 2);
  EXPECT_EQ(list["judgments"][1]["user"], "alice");
  EXPECT_EQ(nlohmann::json::parse(call("GET", "/api/judgments", "", token, {{"query", "other"}}).body)["judgments"].size(), 0u);

  response = call("GET", "/api/judgments/qrels", "", token);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  const std::string qid = judgments::query_id("asthma children");
  EXPECT_EQ(response.body, "# " + qid + "\tasthma children\n" + qid + " 0 103 0\n" + qid + " 0 104 2\n");

  response = call("POST", "/api/logout", "", token);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(call("POST", "/api/judgments", R"({"query":"q","doc_id":"104","grade":1})", token).status, 401);
}

TEST_F(JudgmentsApiTest, BadInputIs400NamingTheField) {
  const std::string token = sign_in();
  auto expect_400 = [&](const std::string& body, const std::string& part) {
    const HttpResponse response = call("POST", "/api/judgments", body, token);
    EXPECT_EQ(response.status, 400) << body << " " << response.body;
    EXPECT_NE(error_message(response).find(part), std::string::npos) << response.body;
  };
  expect_400(R"({"query":"asthma","doc_id":"104","grade":3})", "'grade'");
  expect_400(R"({"query":"asthma","doc_id":"104","grade":-1})", "'grade'");
  expect_400(R"({"query":"asthma","doc_id":"104","grade":1.5})", "'grade'");
  expect_400(R"({"query":"asthma","doc_id":"104","grade":"2"})", "'grade'");
  expect_400(R"({"query":"asthma","doc_id":"104"})", "'grade'");
  expect_400(R"({"doc_id":"104","grade":1})", "'query'");
  expect_400(R"({"query":"   ","doc_id":"104","grade":1})", "'query'");
  expect_400(R"({"query":"asthma","doc_id":104,"grade":1})", "'doc_id'");
  expect_400(R"([1,2])", "JSON object");
  expect_400(R"({not json)", "JSON object");
  HttpRequest form;
  form.method = "POST";
  form.path = "/api/judgments";
  form.body = "query=a&doc_id=104&grade=1";
  form.headers["content-type"] = "application/x-www-form-urlencoded";
  form.headers["cookie"] = std::string(kSessionCookie) + "=" + token;
  EXPECT_EQ(api_->handle(form).status, 400);
  EXPECT_EQ(call("POST", "/api/judgments", R"({"query":"asthma","doc_id":"999","grade":1})", token).status, 404);
  EXPECT_EQ(call("GET", "/api/judgments", "", token, {{"user", "alice"}}).status, 400);
  EXPECT_EQ(call("POST", "/api/login", R"({"name":"alice"})").status, 400);
  EXPECT_EQ(call("GET", "/api/login").status, 405);
  EXPECT_EQ(call("PUT", "/api/judgments").status, 405);
  EXPECT_TRUE(store_->list().empty());
}

TEST_F(JudgmentsApiTest, WithoutAStoreTheRoutesAre503) {
  const Api bare(*index_, ApiOptions{ParamLimits{64}});
  HttpRequest request;
  request.path = "/api/judgments";
  EXPECT_EQ(bare.handle(request).status, 503);
  request.path = "/api/judgments/qrels";
  EXPECT_EQ(bare.handle(request).status, 503);
  request.path = "/api/session";
  const HttpResponse session = bare.handle(request);
  EXPECT_EQ(session.status, 200);
  EXPECT_EQ(nlohmann::json::parse(session.body)["judging"], false);
}

// Judgments name their judges: reading them needs a session like writing them.
TEST_F(JudgmentsApiTest, ReadsNeedASession) {
  const std::string token = sign_in();
  ASSERT_EQ(call("POST", "/api/judgments", R"({"query":"asthma","doc_id":"104","grade":2})", token).status, 200);
  for (const std::string path : {"/api/judgments", "/api/judgments/qrels"}) {
    const HttpResponse anonymous = call("GET", path);
    EXPECT_EQ(anonymous.status, 401) << path;
    EXPECT_EQ(nlohmann::json::parse(anonymous.body)["error"]["code"], "Unauthorized");
    EXPECT_EQ(anonymous.body.find("alice"), std::string::npos);
    EXPECT_EQ(call("GET", path, "", "not-a-token").status, 401) << path;
    EXPECT_EQ(call("GET", path, "", token).status, 200) << path;
  }
  call("POST", "/api/logout", "", token);
  EXPECT_EQ(call("GET", "/api/judgments", "", token).status, 401);
}

TEST_F(JudgmentsApiTest, MetricsLabelTheJudgmentRoutes) {
  const std::string token = sign_in();
  call("GET", "/api/judgments", "", token);
  call("GET", "/api/judgments/qrels", "", token);
  const std::string metrics = call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("route=\"/api/judgments\",status=\"200\""), std::string::npos);
  EXPECT_NE(metrics.find("route=\"/api/judgments/qrels\",status=\"200\""), std::string::npos);
}

}  // namespace
}  // namespace medsearch::server
