// The server's defences against costly or hostile clients, over loopback: a full queue is
// answered 503, slow (slowloris) and idle keep-alive clients do not starve a normal one, a
// search past its time budget is 503 while normal ones answer, and caps on costly
// parameters are 400s naming the parameter and its range. Runs under the tsan preset too.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "raw_client.hpp"
#include "server.hpp"
#include "server_fixture.hpp"
#include "support/random_corpus.hpp"

namespace medsearch::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// A Server on an ephemeral loopback port, run on its own thread until destroyed.
class RunningServer {
 public:
  RunningServer(const engine::IndexReader& index, ServerOptions options) : server_(index, with_any_port(options)) {
    server_.bind();
    runner_ = std::thread([this] { server_.run(); });
  }
  ~RunningServer() {
    server_.stop();
    runner_.join();
  }
  int port() const { return server_.port(); }

 private:
  static ServerOptions with_any_port(ServerOptions o) {
    o.port = 0;
    o.judgments_path = "none";
    return o;
  }
  Server server_;
  std::thread runner_;
};

const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
const std::string kHealthzClose = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

TEST(ServerGuardLoopback, AFullQueueIsAnswered503) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.threads = 1;
  options.max_queued = 1;
  options.read_deadline_ms = 20000;  // the watchdog stays out of this test
  RunningServer server(*index, options);

  RawConnection holder(server.port());  // the one worker: waits for its request
  ASSERT_TRUE(holder.connected());
  std::this_thread::sleep_for(milliseconds(200));
  RawConnection waiting(server.port());  // the one queue place
  ASSERT_TRUE(waiting.connected());
  std::this_thread::sleep_for(milliseconds(200));
  RawConnection refused(server.port());
  ASSERT_TRUE(refused.connected());
  refused.send(kHealthz);
  const std::string answer = refused.receive(milliseconds(5000), "}");
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  EXPECT_NE(answer.find(R"({"error":{"code":"Unavailable","message":"the server is busy; retry shortly"}})"), std::string::npos)
      << answer;

  // The worker frees itself after its request; then the queued connection is served.
  ASSERT_TRUE(holder.send(kHealthzClose));
  EXPECT_EQ(holder.receive(milliseconds(5000), "}").rfind("HTTP/1.1 200", 0), 0u);
  ASSERT_TRUE(waiting.send(kHealthzClose));
  EXPECT_EQ(waiting.receive(milliseconds(5000), "}").rfind("HTTP/1.1 200", 0), 0u);
}

// Slowloris: connections that send their headers a byte at a time, each byte well inside the
// per-read timeout, never finishing; plus keep-alive connections left idle. With 4 workers
// and 16 + 2 such clients, a normal client is still answered, each request within the read
// deadline and a margin, and the slow connections are closed by the server.
TEST(ServerGuardLoopback, SlowAndIdleClientsDoNotStarveANormalOne) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.threads = 4;
  options.max_queued = 64;
  options.read_deadline_ms = 1000;
  options.keep_alive_timeout_s = 1;
  RunningServer server(*index, options);

  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 2; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(idle.back()->send(kHealthz));  // one request, then the connection stays open and silent
    EXPECT_EQ(idle.back()->receive(milliseconds(5000), "}").rfind("HTTP/1.1 200", 0), 0u);
  }
  constexpr int kSlow = 16;
  std::atomic<bool> stop{false};
  std::atomic<int> slow_closed{0};
  std::vector<std::thread> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.emplace_back([&, i] {
      RawConnection c(server.port());
      const std::string headers = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow-" + std::to_string(i) + ": " +
                                  std::string(2000, 'a') + "\r\n\r\n";
      for (std::size_t at = 0; at < headers.size() && !stop; ++at) {
        if (!c.send(headers.substr(at, 1))) break;
        c.receive(milliseconds(50));  // one byte every 50 ms; notices the server closing
        if (c.closed()) break;
      }
      if (c.closed() || !c.send("x")) ++slow_closed;
    });
  }
  std::this_thread::sleep_for(milliseconds(300));  // every worker is now held by a slow or idle client

  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(10);
  client.set_read_timeout(10);
  double worst_ms = 0;
  for (int i = 0; i < 10; ++i) {
    const auto t = Clock::now();
    auto response = client.Get("/api/search?q=asthma&k=2");
    const double took = ms_since(t);
    ASSERT_TRUE(response) << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 200) << response->body;
    worst_ms = std::max(worst_ms, took);
    std::this_thread::sleep_for(milliseconds(100));
  }
  std::printf("normal client: worst of 10 requests %.0f ms with %d slow and 2 idle clients on 4 workers\n", worst_ms, kSlow);
  EXPECT_LT(worst_ms, 3000) << "read deadline 1000 ms + keep-alive 1000 ms + margin";
  std::this_thread::sleep_for(milliseconds(1500));
  stop = true;
  for (std::thread& t : slow) t.join();
  EXPECT_EQ(slow_closed.load(), kSlow) << "every slow connection is closed by the server";
  for (auto& c : idle) {
    c->receive(milliseconds(100));
    EXPECT_TRUE(c->closed()) << "an idle keep-alive connection is closed after its deadline";
  }
}

// A browser opens several keep-alive connections at once (page, script, style, API calls).
// With 2 workers held by two of them, idle after their responses, the others wait in the
// queue with their whole requests sent. Each must get a well-formed answer, never an empty
// close: the watchdog once cut them at the read deadline (Chromium: net::ERR_EMPTY_RESPONSE
// with `serve --threads 2`). Now they are answered when the keep-alive timeout frees a worker.
TEST(ServerGuardLoopback, ABrowsersParallelConnectionsOnTwoWorkersAllGetAnswers) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.threads = 2;
  options.read_deadline_ms = 500;
  options.keep_alive_timeout_s = 2;  // past the read deadline: queued requests outwait it
  RunningServer server(*index, options);

  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(held.back()->send(kHealthz));
    ASSERT_EQ(held.back()->receive(milliseconds(5000), "}").rfind("HTTP/1.1 200", 0), 0u);
  }
  std::vector<std::unique_ptr<RawConnection>> queued;
  for (int i = 0; i < 4; ++i) {
    queued.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(queued.back()->send(kHealthz));
  }
  const auto t = Clock::now();
  for (auto& c : queued) {
    const std::string answer = c->receive(milliseconds(5000), "}");
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << "answer: '" << answer << "' (closed: " << c->closed() << ")";
  }
  std::printf("4 queued requests on 2 workers held by idle keep-alive connections: all read after %.0f ms (keep-alive 2000 ms)\n",
              ms_since(t));
}

class ServerGuardBudget : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    const auto docs = testing::random_corpus(6000, 40, 3000);
    engine::Indexer(tmp_->file("idx"), {}).ingest({tmp_->write("a.xml", testing::pubmed_xml(docs))}, nullptr, nullptr);
    index_ = new engine::IndexReader(tmp_->file("idx"));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete tmp_;
  }
  // `stems` truncated stems ('aaa*' .. at most 'zzz*'), each ~115 words of ~100 documents.
  static std::string long_query(int stems) {
    std::string q;
    for (char c = 'a'; c < 'a' + stems; ++c) q += (q.empty() ? "" : "%20") + std::string(3, c) + "*";
    return q;
  }
  static testing::TempDir* tmp_;
  static engine::IndexReader* index_;
};
testing::TempDir* ServerGuardBudget::tmp_ = nullptr;
engine::IndexReader* ServerGuardBudget::index_ = nullptr;

TEST_F(ServerGuardBudget, ASearchPastItsBudgetIs503AndNormalOnesAnswer) {
  ServerOptions options;
  options.caps.max_truncations = 26;
  options.caps.budget_ms = 0;  // first without a budget: how long the long query takes
  // The query grows until a warm run takes over 60 ms unlimited (a release build is several times
  // faster than a sanitized one).
  double full_ms = 0;
  int stems = 2;
  {
    RunningServer unlimited(*index_, options);
    httplib::Client client("127.0.0.1", unlimited.port());
    client.set_read_timeout(60);
    while (full_ms <= 60 && stems < 26) {
      stems += 2;
      (void)client.Get("/api/search?q=" + long_query(stems));  // warm: the first run also pays for page faults
      const auto t = Clock::now();
      auto response = client.Get("/api/search?q=" + long_query(stems));
      full_ms = ms_since(t);
      ASSERT_TRUE(response);
      ASSERT_EQ(response->status, 200) << response->body;
    }
  }
  ASSERT_GT(full_ms, 60) << "the index is too small for this test";
  const std::string long_query_string = long_query(stems);
  options.caps.budget_ms = 20;
  RunningServer server(*index_, options);
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60);
  // The server's budget (20 ms) answers 503 naming it.
  auto over = client.Get("/api/search?q=" + long_query_string);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 503);
  const nlohmann::json error = nlohmann::json::parse(over->body)["error"];
  EXPECT_EQ(error["code"], "DeadlineExceeded");
  EXPECT_EQ(error["message"], "the request ran past its time budget of 20 ms");
  // A request's lower budget (5 ms) cuts the search off in well under half its time (the
  // part before the first check, parsing and expanding the truncated words, is a few ms).
  const auto t = Clock::now();
  auto cut = client.Get("/api/search?q=" + long_query_string + "&budget_ms=5");
  const double cut_ms = ms_since(t);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 503);
  EXPECT_EQ(nlohmann::json::parse(cut->body)["error"]["message"], "the request ran past its time budget of 5 ms");
  EXPECT_LT(cut_ms, full_ms / 2) << "unlimited " << full_ms << " ms";
  std::printf("long query (%d stems): %.0f ms unlimited, 503 after %.0f ms with a 5 ms budget\n", stems, full_ms, cut_ms);
  // A normal query is unaffected; a request may lower the budget but not raise it.
  auto normal = client.Get("/api/search?q=aaab*&k=5");
  ASSERT_TRUE(normal);
  EXPECT_EQ(normal->status, 200) << normal->body;
  EXPECT_EQ(client.Get("/api/search?q=aaab*&budget_ms=10")->status, 200);
  auto raised = client.Get("/api/search?q=aaab*&budget_ms=21");
  EXPECT_EQ(raised->status, 400);
  EXPECT_EQ(nlohmann::json::parse(raised->body)["error"]["message"], "parameter 'budget_ms' must be an integer in 1..20, got '21'");
  EXPECT_EQ(client.Get("/api/search?q=" + long_query_string + "&budget_ms=1")->status, 503);
}

HttpResponse get(const Api& api, const std::string& path, std::multimap<std::string, std::string> params) {
  HttpRequest request;
  request.path = path;
  request.params = std::move(params);
  return api.handle(request);
}

TEST(ServerGuardApi, CapsAre400sNamingTheParameterAndItsRange) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ApiOptions options;
  options.limits.search = default_server_caps();
  options.searcher.chinese = engine::SearcherOptions::Chinese::Off;
  const Api api(*index, std::move(options));
  const auto message = [&](std::multimap<std::string, std::string> params) {
    const HttpResponse r = get(api, "/api/search", std::move(params));
    EXPECT_EQ(r.status, 400) << r.body;
    return nlohmann::json::parse(r.body)["error"]["message"].get<std::string>();
  };
  EXPECT_EQ(message({{"q", "x"}, {"ef_search", "1001"}}), "parameter 'ef_search' must be an integer in 1..1000, got '1001'");
  EXPECT_EQ(message({{"q", "x"}, {"nprobe", "5000"}}), "parameter 'nprobe' must be an integer in 1..1000, got '5000'");
  EXPECT_EQ(message({{"q", "x"}, {"depth", "10000"}}), "parameter 'depth' must be an integer in 1..1000, got '10000'");
  EXPECT_EQ(message({{"q", "x"}, {"rerank_depth", "1001"}}), "parameter 'rerank_depth' must be an integer in 1..1000, got '1001'");
  EXPECT_EQ(message({{"q", "x"}, {"k", "1001"}}), "parameter 'k' must be an integer in 1..1000, got '1001'");
  EXPECT_EQ(message({{"q", "x"}, {"offset", "10001"}}), "parameter 'offset' must be an integer in 0..10000, got '10001'");
  EXPECT_EQ(message({{"q", "x"}, {"budget_ms", "3001"}}), "parameter 'budget_ms' must be an integer in 1..3000, got '3001'");
  EXPECT_EQ(message({{"q", "x"}, {"budget_ms", "0"}}), "parameter 'budget_ms' must be an integer in 1..3000, got '0'");
  EXPECT_EQ(message({{"q", "asth* stim* park* moto* deep* brai* inte* seve* revi*"}}),
            "parameter 'q' has 9 truncated words (term*); allowed 0..8");
  EXPECT_EQ(get(api, "/api/search", {{"q", "asth* stim* park* moto* deep* brai* inte* seve*"}}).status, 200);
  EXPECT_EQ(get(api, "/api/search", {{"q", "asthma"}, {"ef_search", "1000"}, {"depth", "1000"}, {"budget_ms", "3000"}}).status, 200);
  // The mobile page applies the same caps.
  EXPECT_EQ(get(api, "/m/search", {{"q", "asthma"}, {"budget_ms", "3001"}}).status, 400);
}

}  // namespace
}  // namespace medsearch::server
