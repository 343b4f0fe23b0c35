// /wechat in-process, driven by the simulator of WeChat's server (wechat_simulator.hpp):
// verification, plaintext and safe-mode round trips, retries, the budget and the
// customer-service push (against fake_wechat_api.hpp), and every bad input of docs/wechat.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "fake_wechat_api.hpp"
#include "server_fixture.hpp"
#include "wechat_simulator.hpp"

namespace medsearch::server {
namespace {

using namespace wechat_sim;

class WechatEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override { index_ = build_fixture_index(tmp_); }

  WechatConfig config() const {
    WechatConfig c;
    c.token = kToken;
    c.encoding_aes_key = kAesKey;
    c.app_id = kAppId;
    c.results_per_reply = 2;
    return c;
  }

  // `search_budget_ms`: the server's request budget (serve --request-budget-ms); 0: none.
  void start(WechatConfig c, WechatEndpointOptions options = {}, std::uint32_t search_budget_ms = 0) {
    if (!options.log) {
      options.log = [this](std::string_view line) {
        const std::lock_guard lock(log_mutex_);
        log_ += std::string(line) + "\n";
      };
    }
    ApiOptions api_options;
    // The protocol does not depend on the Chinese dictionaries (installed or not); loading
    // them on the first CJK message would take longer than a reply budget under ASan.
    api_options.searcher.chinese = engine::SearcherOptions::Chinese::Off;
    api_options.limits.search.budget_ms = search_budget_ms;
    api_options.wechat = std::move(c);
    api_options.wechat_options = std::move(options);
    api_ = std::make_unique<Api>(*index_, api_options);
  }

  HttpResponse send(const HttpRequest& request) { return api_->handle(request); }

  // The config with the customer-service push to `fake` and a reply budget of `budget_ms`.
  WechatConfig push_config(const FakeWechatApi& fake, int budget_ms) const {
    WechatConfig c = config();
    c.app_secret = "s3cret";
    c.api_base_url = fake.base_url();
    c.reply_budget_ms = budget_ms;
    return c;
  }

  // Options whose hook makes every reply take `ms` longer (a slow search).
  static WechatEndpointOptions slow_replies(int ms) {
    WechatEndpointOptions options;
    options.before_reply = [ms] { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
    return options;
  }
  // Each search first waits until the test opens the gate (10 s at most), then `ms`.
  static WechatEndpointOptions gated_replies(std::shared_future<void> gate, int ms) {
    WechatEndpointOptions options;
    options.before_reply = [gate, ms] {
      gate.wait_for(std::chrono::seconds(10));
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
    return options;
  }

  // The reply to a plaintext message: its Content (and checks the XML's header).
  std::string plaintext_reply(const std::string& xml, const std::string& to = kOpenId) {
    const HttpResponse r = send(sim_.plaintext(xml));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.body == "success") return "success";
    EXPECT_EQ(reply_field(r.body, "ToUserName"), to);
    EXPECT_EQ(reply_field(r.body, "FromUserName"), "gh_account");
    EXPECT_EQ(reply_field(r.body, "MsgType"), "text");
    return reply_field(r.body, "Content");
  }

  std::string log() {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }

  medsearch::testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<Api> api_;
  Simulator sim_;
  std::mutex log_mutex_;
  std::string log_;
};

TEST(WechatSearchDeadline, RemainingMsRoundsUpAndReachesZero) {
  SearchDeadline d;
  EXPECT_TRUE(d.unlimited());
  EXPECT_EQ(d.remaining_ms(), 0u);
  d.budget_ms = 5;
  using std::chrono::microseconds;
  EXPECT_EQ(d.remaining_ms(d.start), 5u);
  EXPECT_EQ(d.remaining_ms(d.start + microseconds(4200)), 1u);  // 0.8 ms left: 1, not 0 ("none")
  EXPECT_EQ(d.remaining_ms(d.start + microseconds(5000)), 0u);
  EXPECT_EQ(d.remaining_ms(d.start + microseconds(9000)), 0u);
}

// The head of a search reply says how a Chinese query was understood and what stayed
// untranslated (issue 15 item 3).
TEST(WechatUnderstoodText, ListsUnrecognizedParts) {
  engine::QueryTranslation t;
  t.shown = "treat, parkinson's disease";
  t.unrecognized = {"伊马替尼", "齉龘"};
  EXPECT_EQ(WechatConversation::understood_text(t),
            "理解为 Understood: treat, parkinson's disease\n未识别 Not recognised: 伊马替尼、齉龘\n");
  t.unrecognized.clear();
  EXPECT_EQ(WechatConversation::understood_text(t), "理解为 Understood: treat, parkinson's disease\n");
  EXPECT_EQ(WechatConversation::understood_text(engine::QueryTranslation{}), "");
}

TEST_F(WechatEndpointTest, OffByDefault) {
  api_ = std::make_unique<Api>(*index_);
  EXPECT_EQ(send(sim_.verification("x")).status, 404);
}

TEST_F(WechatEndpointTest, VerificationAnswersEchostrOnlyWithTheRightSignature) {
  start(config());
  const HttpResponse ok = send(sim_.verification("1234567890echo"));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1234567890echo");
  Simulator wrong_token = sim_;
  wrong_token.token = "otherToken";
  EXPECT_EQ(send(wrong_token.verification("x")).status, 403);
  HttpRequest unsigned_request = sim_.verification("x");
  unsigned_request.params.erase("signature");
  EXPECT_EQ(send(unsigned_request).status, 403);
  HttpRequest tampered = sim_.verification("x");
  tampered.params.find("nonce")->second = "other";
  EXPECT_EQ(send(tampered).status, 403);
}

TEST_F(WechatEndpointTest, OldOrFutureTimestampsAreRefused) {
  start(config());
  Simulator old = sim_;
  old.now -= 302;  // more than 5 minutes ago: a replay (sim_.now was taken at set-up, a little earlier)
  EXPECT_EQ(send(old.plaintext(text_message_xml("asthma", "1"))).status, 403);
  EXPECT_EQ(send(old.verification("x")).status, 403);
  Simulator future = sim_;
  future.now += 310;
  EXPECT_EQ(send(future.verification("x")).status, 403);
  Simulator recent = sim_;
  recent.now -= 200;
  EXPECT_EQ(send(recent.verification("x")).status, 200);
}

TEST_F(WechatEndpointTest, PlaintextTextMessageIsASearch) {
  start(config());
  const std::string content = plaintext_reply(text_message_xml("deep brain stimulation", "100"));
  EXPECT_NE(content.find("Deep brain stimulation"), std::string::npos) << content;
  EXPECT_NE(content.find("http://search.example.cn/m/doc/10"), std::string::npos) << content;
  EXPECT_NE(content.find("http://search.example.cn/m/search?q=deep%20brain%20stimulation"), std::string::npos) << content;
  EXPECT_NE(content.find("1. "), std::string::npos);
  EXPECT_NE(content.find("2. "), std::string::npos);
  EXPECT_EQ(content.find("3. "), std::string::npos) << "results_per_reply is 2";
  EXPECT_LE(content.size(), kMaxTextReplyBytes);
}

TEST_F(WechatEndpointTest, PublicUrlPrefixesTheLinks) {
  WechatConfig c = config();
  c.public_url = "https://med.example.org";
  start(c);
  EXPECT_NE(plaintext_reply(text_message_xml("asthma", "101")).find("https://med.example.org/m/doc/"), std::string::npos);
}

TEST_F(WechatEndpointTest, MorePagesOnThroughTheLastQuery) {
  start(config());
  const std::string first = plaintext_reply(text_message_xml("stimulation", "200"));
  EXPECT_NE(first.find("1. "), std::string::npos) << first;
  const std::string second = plaintext_reply(text_message_xml("下一页", "201"));
  EXPECT_NE(second.find("3. "), std::string::npos) << second;
  EXPECT_EQ(second.find("\n1. "), std::string::npos) << second;
  const std::string third = plaintext_reply(text_message_xml("more", "202"));
  EXPECT_NE(third.find("No more results"), std::string::npos) << third;  // 4 documents mention stimulation
  // Another user has no last query.
  const std::string other = plaintext_reply(text_message_xml("more", "203", "oOtherUser"), "oOtherUser");
  EXPECT_NE(other.find("Nothing to page"), std::string::npos) << other;
}

TEST_F(WechatEndpointTest, EventsAndOtherMessagesGetHelpfulTexts) {
  start(config());
  const std::string welcome = plaintext_reply(event_xml("subscribe"));
  EXPECT_NE(welcome.find("欢迎"), std::string::npos);
  EXPECT_NE(welcome.find("Welcome"), std::string::npos);
  EXPECT_EQ(send(sim_.plaintext(event_xml("unsubscribe", 1700000002))).body, "success");
  EXPECT_NE(plaintext_reply(event_xml("CLICK", 1700000003)).find("Only text searches"), std::string::npos);
  const std::string image = std::string("<xml><ToUserName>gh_account</ToUserName><FromUserName>") + kOpenId +
                            "</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://x/y.jpg</PicUrl>"
                            "<MsgId>300</MsgId></xml>";
  EXPECT_NE(plaintext_reply(image).find("Only text searches"), std::string::npos);
  EXPECT_NE(plaintext_reply(text_message_xml("   ", "301")).find("Only text searches"), std::string::npos);
  // A query that is not valid PubMed syntax is searched as plain words, not an error.
  const std::string unbalanced = plaintext_reply(text_message_xml("asthma (children", "302"));
  EXPECT_NE(unbalanced.find("Asthma in children"), std::string::npos) << unbalanced;
  EXPECT_NE(plaintext_reply(text_message_xml("zzzzunknownword", "303")).find("No results"), std::string::npos);
}

TEST_F(WechatEndpointTest, SafeModeRoundTrip) {
  start(config());
  const HttpResponse r = send(sim_.safe_mode(text_message_xml("asthma", "400")));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string encrypt = reply_field(r.body, "Encrypt");
  ASSERT_FALSE(encrypt.empty()) << r.body;
  EXPECT_EQ(reply_field(r.body, "TimeStamp"), std::to_string(sim_.now));
  EXPECT_EQ(reply_field(r.body, "Nonce"), sim_.nonce);
  EXPECT_EQ(reply_field(r.body, "MsgSignature"), wechat_signature({kToken, std::to_string(sim_.now), sim_.nonce, encrypt}));
  const std::string inner = WechatCipher(kAesKey, kAppId).decrypt(encrypt);
  EXPECT_EQ(reply_field(inner, "ToUserName"), kOpenId);
  EXPECT_NE(reply_field(inner, "Content").find("Asthma in children"), std::string::npos) << inner;
}

TEST_F(WechatEndpointTest, SafeModeMessageEncryptedByTheIndependentImplementation) {
  std::ifstream in(std::string(MEDSEARCH_TESTS_DIR) + "/data/wechat/vectors.json");
  const nlohmann::json v = nlohmann::json::parse(in);
  const nlohmann::json& c = v["cases"][4];  // a text message "哮喘 儿童" from oUser123, made in Python
  WechatEndpointOptions options;
  options.now_unix = [] { return std::int64_t{1700000000}; };
  start(config(), options);
  Simulator at_vector_time = sim_;
  at_vector_time.now = 1700000000;
  at_vector_time.nonce = c["nonce"];
  HttpRequest request = at_vector_time.safe_mode_encrypted(c["encrypt"]);
  EXPECT_EQ(request.params.find("msg_signature")->second, c["msg_signature"].get<std::string>());
  const HttpResponse r = send(request);
  ASSERT_EQ(r.status, 200);
  const std::string inner = WechatCipher(kAesKey, kAppId).decrypt(reply_field(r.body, "Encrypt"));
  EXPECT_EQ(reply_field(inner, "ToUserName"), "oUser123");
  EXPECT_NE(reply_field(inner, "Content").find("哮喘 儿童"), std::string::npos) << inner;
}

TEST_F(WechatEndpointTest, SafeModeBadMsgSignatureIs403) {
  start(config());
  HttpRequest r = sim_.safe_mode(text_message_xml("asthma", "401"));
  r.params.find("msg_signature")->second = std::string(40, '0');
  EXPECT_EQ(send(r).status, 403);
  r.params.erase("msg_signature");
  EXPECT_EQ(send(r).status, 403);
}

TEST_F(WechatEndpointTest, RetriesOfOneMessageAreAnsweredOnce) {
  std::atomic<int> computed{0};
  WechatEndpointOptions options;
  options.before_reply = [&] { ++computed; };
  start(config(), options);
  const std::string first = plaintext_reply(text_message_xml("asthma", "500"));
  const std::string retry = plaintext_reply(text_message_xml("asthma", "500"));
  EXPECT_EQ(first, retry);
  EXPECT_EQ(computed.load(), 1);
  // Events have no MsgId: FromUserName + CreateTime.
  plaintext_reply(event_xml("subscribe", 1700000100));
  plaintext_reply(event_xml("subscribe", 1700000100));
  EXPECT_EQ(computed.load(), 2);
  plaintext_reply(event_xml("subscribe", 1700000101));
  EXPECT_EQ(computed.load(), 3);
  // A retry that repeats "more" does not page twice.
  plaintext_reply(text_message_xml("stimulation", "501"));
  const std::string more = plaintext_reply(text_message_xml("more", "502"));
  EXPECT_EQ(plaintext_reply(text_message_xml("more", "502")), more);
}

TEST_F(WechatEndpointTest, SlowSearchAnswersSuccessThenPushesThroughTheCustomerServiceApi) {
  FakeWechatApi fake;
  std::promise<void> gate;
  start(push_config(fake, 50), gated_replies(gate.get_future().share(), 400));
  // Answered while the search is held at the gate: the reply cannot have waited for it.
  EXPECT_EQ(send(sim_.safe_mode(text_message_xml("asthma", "600"))).body, "success");
  // WeChat's retry while the search still runs: "success" again, and no second push.
  EXPECT_EQ(send(sim_.safe_mode(text_message_xml("asthma", "600"))).body, "success");
  gate.set_value();
  ASSERT_EQ(fake.wait_for_sent(1), 1u);
  // A second slow message reuses the cached access token; an expired one is renewed.
  fake.reject_next_send = true;
  EXPECT_EQ(send(sim_.plaintext(text_message_xml("stimulation", "601"))).body, "success");
  ASSERT_EQ(fake.wait_for_sent(2), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a duplicate push would have arrived
  const std::lock_guard lock(fake.mutex_);
  EXPECT_EQ(fake.sent.size(), 2u);
  EXPECT_EQ(fake.token_requests, 2);  // the first, then one renewal after errcode 42001
  EXPECT_EQ(fake.last_appid, kAppId);
  EXPECT_EQ(fake.last_secret, "s3cret");
  EXPECT_EQ(fake.sent[0]["touser"], kOpenId);
  EXPECT_EQ(fake.sent[0]["msgtype"], "text");
  EXPECT_NE(fake.sent[0]["text"]["content"].get<std::string>().find("Asthma in children"), std::string::npos);
  EXPECT_NE(fake.sent[1]["text"]["content"].get<std::string>().find("stimulation"), std::string::npos);
  EXPECT_NE(log().find("reply pushed"), std::string::npos) << log();
}

TEST_F(WechatEndpointTest, SlowSearchWithoutAppSecretIsLoggedNotPushed) {
  WechatConfig c = config();
  c.reply_budget_ms = 20;
  start(c, slow_replies(100));
  EXPECT_EQ(send(sim_.plaintext(text_message_xml("asthma", "700"))).body, "success");
  api_.reset();  // waits for the search still running
  EXPECT_NE(log().find("will not be delivered"), std::string::npos) << log();
  // Nothing could deliver its reply after the window, so the search stopped there (its
  // deadline had passed when the hook returned) instead of running on for nobody.
  EXPECT_NE(log().find("search stopped at its budget of 20 ms"), std::string::npos) << log();
}

TEST_F(WechatEndpointTest, ASearchPastTheServerBudgetStopsAndThePushSaysSo) {
  FakeWechatApi fake;
  // The server's request budget bounds a WeChat search as any other: 200 ms, spent by the
  // hook (300 ms) before the search starts, so the search stops at once.
  start(push_config(fake, 50), slow_replies(300), 200);
  EXPECT_EQ(send(sim_.safe_mode(text_message_xml("asthma", "750"))).body, "success");
  ASSERT_EQ(fake.wait_for_sent(1), 1u);
  {
    const std::lock_guard lock(fake.mutex_);
    const std::string pushed = fake.sent[0]["text"]["content"].get<std::string>();
    EXPECT_NE(pushed.find("took too long"), std::string::npos) << pushed;
    EXPECT_EQ(pushed.find("Asthma in children"), std::string::npos) << pushed;
  }
  EXPECT_NE(log().find("search stopped at its budget of 200 ms"), std::string::npos) << log();
  // Within the budget the same search is answered in the passive reply.
  start(config(), {}, 3000);
  EXPECT_NE(plaintext_reply(text_message_xml("asthma", "751")).find("Asthma in children"), std::string::npos);
}

TEST_F(WechatEndpointTest, BadInputsNeverCrashAndAreLogged) {
  start(config());
  const auto expect_success_logged = [&](const HttpRequest& request, const std::string& logged) {
    const HttpResponse r = send(request);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "success");
    EXPECT_NE(log().find(logged), std::string::npos) << "want '" << logged << "' in:\n" << log();
  };
  expect_success_logged(sim_.plaintext("<xml><ToUserName>a</ToUserName"), "malformed XML");
  expect_success_logged(sim_.plaintext("not xml at all"), "bad message");
  expect_success_logged(sim_.plaintext("<other/>"), "not <xml>");
  const std::string billion_laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><xml><FromUserName>u</FromUserName><MsgType>text</MsgType>"
      "<CreateTime>1</CreateTime><Content>&c;</Content></xml>";
  expect_success_logged(sim_.plaintext(billion_laughs), "DOCTYPE");
  const std::string external = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>";
  expect_success_logged(sim_.plaintext(external), "DOCTYPE");
  std::string deep = "<xml>";
  for (int i = 0; i < 9000; ++i) deep += "<a>";  // 9,000 levels: just under 64 KiB
  for (int i = 0; i < 9000; ++i) deep += "</a>";
  deep += "</xml>";
  ASSERT_LE(deep.size(), kWechatMaxBodyBytes);
  expect_success_logged(sim_.plaintext(deep), "FromUserName or MsgType missing");
  expect_success_logged(sim_.plaintext(text_message_xml(std::string(9000, 'x'), "800")), "over 8192 bytes");
  expect_success_logged(sim_.plaintext("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><CreateTime>soon</CreateTime></xml>"),
                        "CreateTime");
  expect_success_logged(sim_.safe_mode_encrypted("!!!notbase64!!!"), "not base64");
  expect_success_logged(sim_.safe_mode_encrypted(WechatCipher(kAesKey, "wxOTHERAPP").encrypt(text_message_xml("a", "801"))),
                        "another AppID");
  // Encrypted, base64 grows it by a third: 5,000 levels stay under 64 KiB.
  std::string deep_encrypted = "<xml>";
  for (int i = 0; i < 5000; ++i) deep_encrypted += "<a>";
  for (int i = 0; i < 5000; ++i) deep_encrypted += "</a>";
  expect_success_logged(sim_.safe_mode(deep_encrypted + "</xml>"), "FromUserName or MsgType missing");
  HttpRequest no_encrypt = sim_.plaintext("<xml><ToUserName>gh</ToUserName></xml>");
  no_encrypt.params.emplace("encrypt_type", "aes");
  expect_success_logged(no_encrypt, "Encrypt missing");
  // Over 64 KiB: 413 (the HTTP server refuses such bodies before they reach the route too).
  EXPECT_EQ(send(sim_.plaintext(std::string(kWechatMaxBodyBytes + 1, 'x'))).status, 413);
  // A query longer than the API's limit gets a text, not an error.
  EXPECT_NE(plaintext_reply(text_message_xml(std::string(5000, 'a'), "802")).find("too long"), std::string::npos);
}

TEST_F(WechatEndpointTest, OpenIdsAreNotLoggedInClear) {
  start(config());
  send(sim_.plaintext(text_message_xml(std::string(9000, 'x'), "900")));  // logged, but no user yet
  WechatConfig c = config();
  c.reply_budget_ms = 0;
  WechatEndpointOptions options;
  options.before_reply = [] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); };
  start(c, options);
  send(sim_.plaintext(text_message_xml("asthma", "901")));
  api_.reset();
  const std::string logged = log();
  EXPECT_NE(logged.find(wechat_user_tag(kToken, kOpenId)), std::string::npos) << logged;
  EXPECT_EQ(logged.find(kOpenId), std::string::npos) << logged;
}

TEST_F(WechatEndpointTest, ConcurrentSendersGetTheirOwnReplies) {
  start(config());
  std::vector<std::thread> senders;
  std::atomic<int> good{0};
  for (int t = 0; t < 8; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string user = "oUser" + std::to_string(t);
        const HttpResponse r = send(sim_.safe_mode(text_message_xml("asthma", std::to_string(10000 + t * 100 + i), user)));
        const std::string inner = WechatCipher(kAesKey, kAppId).decrypt(reply_field(r.body, "Encrypt"));
        if (reply_field(inner, "ToUserName") == user && reply_field(inner, "Content").find("Asthma") != std::string::npos) ++good;
      }
    });
  }
  for (auto& s : senders) s.join();
  EXPECT_EQ(good.load(), 80);
}

TEST_F(WechatEndpointTest, NoMoreSearchesAtOnceThanTheSlots) {
  std::mutex mutex;
  int running = 0;
  int most = 0;
  WechatConfig c = config();
  c.max_concurrent_searches = 2;
  WechatEndpointOptions options;
  options.before_reply = [&] {
    {
      const std::lock_guard lock(mutex);
      most = std::max(most, ++running);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const std::lock_guard lock(mutex);
    --running;
  };
  start(c, options);
  std::vector<std::thread> senders;
  std::atomic<int> answered{0};
  for (int t = 0; t < 8; ++t) {
    senders.emplace_back([&, t] {
      const std::string user = "oSlots" + std::to_string(t);
      const HttpResponse r = send(sim_.plaintext(text_message_xml("asthma", std::to_string(20000 + t), user)));
      if (reply_field(r.body, "Content").find("Asthma") != std::string::npos) ++answered;
    });
  }
  for (auto& s : senders) s.join();
  EXPECT_EQ(answered.load(), 8);  // each waited its turn within the reply budget
  EXPECT_LE(most, 2);
}

TEST(WechatSearchSlots, ZeroMeansTheHardwareThreads) {
  EXPECT_EQ(SearchSlots(0).capacity(), std::max<std::size_t>(1, std::thread::hardware_concurrency()));
  SearchSlots one(1);
  std::atomic<bool> second_in{false};
  std::optional<SearchSlots::Slot> held(one.acquire());
  std::thread waiter([&] {
    const SearchSlots::Slot slot = one.acquire();
    second_in = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(second_in.load());  // blocked while the only slot is held
  held.reset();
  waiter.join();
  EXPECT_TRUE(second_in.load());
}

}  // namespace
}  // namespace medsearch::server
