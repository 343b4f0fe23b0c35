// Sign-in rate limits: the token buckets per address (every attempt) and per account
// (failed attempts), the cap on hashes at once, and POST /api/login's 429 with Retry-After.
#include "login_limiter.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "api.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

using std::chrono::milliseconds;

LoginLimits slow_limits() {
  LoginLimits l;
  l.address_burst = 3;
  l.address_refill = milliseconds(3'600'000);
  l.account_burst = 2;
  l.account_refill = milliseconds(3'600'000);
  return l;
}

TEST(LoginLimiter, AddressesPayForEveryAttemptAccountsForFailures) {
  LoginLimiter limiter(slow_limits());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(limiter.admit("10.0.0.1", "alice").allowed) << i;
    limiter.finish("alice", true);  // successes cost the account nothing
  }
  const LoginLimiter::Decision refused = limiter.admit("10.0.0.1", "alice");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reason, "too many sign-in attempts from this address");
  EXPECT_EQ(refused.retry_after_s, 3600);
  // Another address: alice's account still has both its tokens; two failures spend them.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(limiter.admit("10.0.0.2", "alice").allowed) << i;
    limiter.finish("alice", false);
  }
  const LoginLimiter::Decision locked = limiter.admit("10.0.0.3", "alice");
  EXPECT_FALSE(locked.allowed);
  EXPECT_EQ(locked.reason, "too many failed sign-ins for this account");
  EXPECT_TRUE(limiter.admit("10.0.0.3", "bob").allowed);
}

TEST(LoginLimiter, TokensComeBackAtTheRefillRate) {
  LoginLimits l;
  l.address_burst = 1;
  l.address_refill = milliseconds(100);
  LoginLimiter limiter(l);
  ASSERT_TRUE(limiter.admit("a", "x").allowed);
  limiter.finish("x", true);
  const LoginLimiter::Decision refused = limiter.admit("a", "x");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_s, 1);  // rounded up to whole seconds
  std::this_thread::sleep_for(milliseconds(150));
  EXPECT_TRUE(limiter.admit("a", "x").allowed);
}

TEST(LoginLimiter, HashesAtOnceAreCapped) {
  LoginLimits l;
  l.max_concurrent = 2;
  LoginLimiter limiter(l);
  ASSERT_TRUE(limiter.admit("a", "x").allowed);
  ASSERT_TRUE(limiter.admit("b", "y").allowed);
  const LoginLimiter::Decision third = limiter.admit("c", "z");
  EXPECT_FALSE(third.allowed);
  EXPECT_EQ(third.reason, "too many sign-ins at once");
  limiter.finish("x", true);
  EXPECT_TRUE(limiter.admit("c", "z").allowed);
}

TEST(LoginLimiter, TheTablesAreBounded) {
  LoginLimits l = slow_limits();
  l.max_tracked = 4;
  l.address_burst = 1;
  LoginLimiter limiter(l);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(limiter.admit("10.0.0." + std::to_string(i), "u" + std::to_string(i)).allowed) << i;
    limiter.finish("u" + std::to_string(i), false);
  }
  EXPECT_FALSE(limiter.admit("10.0.0.99", "other").allowed);  // the latest are still tracked
}

TEST(LoginRateLimit, RefusedSignInsAre429WithRetryAfterBeforeAnyHash) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  judgments::JudgmentStore store(tmp.file("judgments.sqlite"));
  store.add_user("alice", "alice-password");
  ApiOptions options;
  options.judgments = &store;
  options.logins = std::make_shared<LoginLimiter>(slow_limits());
  const Api api(*index, std::move(options));
  const auto login = [&](const std::string& address, const std::string& password) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/api/login";
    request.remote_addr = address;
    request.headers["content-type"] = "application/json";
    request.body = nlohmann::json{{"name", "alice"}, {"password", password}}.dump();
    return api.handle(request);
  };
  EXPECT_EQ(login("10.0.0.1", "wrong").status, 401);
  EXPECT_EQ(login("10.0.0.1", "wrong").status, 401);
  // Two failures spent alice's account: even the right password waits now, from anywhere.
  const HttpResponse limited = login("10.0.0.2", "alice-password");
  EXPECT_EQ(limited.status, 429);
  const nlohmann::json error = nlohmann::json::parse(limited.body)["error"];
  EXPECT_EQ(error["code"], "TooManyRequests");
  // A token comes back an hour after the failures (less the seconds this test took).
  EXPECT_EQ(error["message"].get<std::string>().rfind("too many failed sign-ins for this account; retry after 3", 0), 0u)
      << error["message"];
  int retry_after = 0;
  for (const auto& [name, value] : limited.headers) {
    if (name == "Retry-After") retry_after = std::stoi(value);
  }
  EXPECT_GT(retry_after, 3500);
  EXPECT_LE(retry_after, 3600);
  const std::string metrics = api.metrics(HttpRequest{}).body;
  EXPECT_NE(metrics.find("route=\"/api/login\",status=\"429\"} 1"), std::string::npos) << metrics;
}

}  // namespace
}  // namespace medsearch::server
