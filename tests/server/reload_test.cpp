// `serve` picks up new commits without a restart: IndexReloader sees a new manifest.json or
// a switched ROOT/current and the Server swaps in an Api over the new reader, while a
// request that started on the old one finishes on it. What the WeChat endpoint remembers
// (sessions, retries) is the server's and survives the swap.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "index_reloader.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "server.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"
#include "wechat_simulator.hpp"

namespace medsearch::server {
namespace {

using namespace std::chrono_literals;

testing::FixtureCitation citation(const std::string& pmid, const std::string& title) { return {.pmid = pmid, .title = title}; }

void ingest(const testing::TempDir& tmp, const std::string& dir, const std::string& name,
            const std::vector<testing::FixtureCitation>& docs) {
  engine::Indexer(dir, {}).ingest({tmp.write(name, testing::pubmed_xml(docs))}, nullptr, nullptr);
}

std::uint64_t documents(httplib::Client& client) {
  const auto res = client.Get("/healthz");
  return res && res->status == 200 ? nlohmann::json::parse(res->body)["documents"].get<std::uint64_t>() : 0;
}

// Polls for up to 60 s: a reload builds a new Api and warms it up (the Chinese dictionaries
// and the suggestion vocabulary) before swapping, which takes seconds under ASan.
bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 6000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(ServeReload, FollowsCommitsAndAGenerationSwitchWhileOldRequestsFinishOnTheOldIndex) {
  testing::TempDir tmp;
  const std::string root = tmp.file("root");
  ingest(tmp, root + "/pubmed26", "a.xml", {citation("1", "aspirin"), citation("2", "asthma")});
  engine::switch_current(root, "pubmed26");

  const auto opened = engine::index_version(root);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.judgments_path = "none";
  Server server(std::make_shared<const engine::IndexReader>(root), options);
  IndexReloader reloader(root, opened, 20ms, [&](auto reader) { server.replace_index(std::move(reader)); }, nullptr);
  server.bind();
  std::thread runner([&server] { server.run(); });
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_EQ(documents(client), 2u);

  // A request in flight holds the Api it started on.
  const std::shared_ptr<const Api> in_flight = server.api();

  // An update committed into the current generation.
  ingest(tmp, root, "b.xml", {citation("3", "statins")});
  EXPECT_TRUE(eventually([&] { return documents(client) == 3; }));

  // A new baseline switched in; the old generation removed while `in_flight` still reads it.
  ingest(tmp, root + "/pubmed27", "c.xml", {citation("10", "new baseline")});
  engine::switch_current(root, "pubmed27");
  EXPECT_TRUE(eventually([&] { return documents(client) == 1; }));
  const auto doc = client.Get("/api/doc/10");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  std::filesystem::remove_all(root + "/pubmed26");
  HttpRequest old_request;
  old_request.method = "GET";
  old_request.path = "/api/doc/2";
  const HttpResponse old_answer = in_flight->handle(old_request);
  EXPECT_EQ(old_answer.status, 200) << old_answer.body;
  EXPECT_EQ(nlohmann::json::parse(old_answer.body)["title"], "asthma");

  // Counters carry across reloads.
  const auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("route=\"/healthz\""), std::string::npos);
  server.stop();
  runner.join();
}

TEST(ServeReload, AnIndexThatCannotBeOpenedKeepsTheOldOneServing) {
  testing::TempDir tmp;
  const std::string dir = tmp.file("idx");
  ingest(tmp, dir, "a.xml", {citation("1", "aspirin")});
  Server server(std::make_shared<const engine::IndexReader>(dir), ServerOptions{.port = 0, .judgments_path = "none"});
  std::vector<std::string> errors;
  IndexReloader reloader(dir, engine::index_version(dir), 0ms, [&](auto reader) { server.replace_index(std::move(reader)); },
                         [&](const std::string& e) { errors.push_back(e); });
  EXPECT_FALSE(reloader.check());  // nothing new
  std::ofstream(dir + "/manifest.json.new") << "{not json";
  std::filesystem::rename(dir + "/manifest.json.new", dir + "/manifest.json");
  EXPECT_FALSE(reloader.check());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("serving the previous one"), std::string::npos) << errors[0];
  EXPECT_EQ(server.api()->index().live_count(), 1u);
}

// A WeChat user who searched before a reload pages on after it ("more"), and a retry of a
// message answered before it is answered from the retry table, not searched again (which
// would restart the user's paging).
TEST(ServeReload, WechatSessionsAndRetriesCarryOverAReload) {
  testing::TempDir tmp;
  const std::string dir = tmp.file("idx");
  ingest(tmp, dir, "a.xml", {citation("1", "asthma in adults"), citation("2", "asthma in children"),
                             citation("3", "asthma in the elderly")});
  ServerOptions options;
  options.port = 0;
  options.judgments_path = "none";
  options.wechat.token = wechat_sim::kToken;
  options.wechat.results_per_reply = 1;
  Server server(std::make_shared<const engine::IndexReader>(dir), options);
  const wechat_sim::Simulator sim;
  const auto content = [&](const std::string& text, const std::string& msg_id) {
    const HttpResponse r = server.api()->handle(sim.plaintext(wechat_sim::text_message_xml(text, msg_id)));
    EXPECT_EQ(r.status, 200) << r.body;
    return wechat_sim::reply_field(r.body, "Content");
  };
  const std::string first = content("asthma", "1");
  EXPECT_NE(first.find("\n1. "), std::string::npos) << first;

  const Api* before = server.api().get();
  ingest(tmp, dir, "b.xml", {citation("4", "statins")});
  server.replace_index(std::make_shared<const engine::IndexReader>(dir));
  ASSERT_NE(server.api().get(), before);  // a new Api and WeChat endpoint over the new index
  ASSERT_EQ(server.api()->index().live_count(), 4u);

  const std::string second = content("more", "2");
  EXPECT_NE(second.find("\n2. "), std::string::npos) << second;
  EXPECT_EQ(content("asthma", "1"), first);  // WeChat's retry of the first message
  const std::string third = content("more", "3");
  EXPECT_NE(third.find("\n3. "), std::string::npos) << third;
}

}  // namespace
}  // namespace medsearch::server
