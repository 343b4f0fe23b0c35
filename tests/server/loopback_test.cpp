// The real server on an ephemeral loopback port, fetched with httplib's client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "server.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

TEST(LoopbackTest, ServesTheApiAndThePageAndStopsGracefully) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.max_body_bytes = 1024;
  Server server(*index, options);
  server.bind();
  ASSERT_GT(server.port(), 0);
  std::thread runner([&server] { server.run(); });

  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  auto search = client.Get("/api/search?q=subthalamic%20deep%20brain%20stimulation&k=2");
  ASSERT_TRUE(search) << httplib::to_string(search.error());
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(search->get_header_value("Content-Type"), "application/json");
  const nlohmann::json body = nlohmann::json::parse(search->body);
  EXPECT_EQ(body["hits"].size(), 2u);
  EXPECT_EQ(body["hits"][0]["id"], "101");

  auto bad = client.Get("/api/search?q=x&k=5000");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["message"], "parameter 'k' must be an integer in 1..1000, got '5000'");

  auto doc = client.Get("/api/doc/104");
  ASSERT_TRUE(doc);
  EXPECT_EQ(nlohmann::json::parse(doc->body)["journal"]["iso_abbreviation"], "Pediatrics");

  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>medsearch</title>"), std::string::npos);

  auto large = client.Post("/api/search", std::string(4096, 'x'), "text/plain");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);

  auto post = client.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);

  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("medsearch_http_requests_total{route=\"/api/search\",status=\"400\"} 1"), std::string::npos);

  server.stop();
  runner.join();
  EXPECT_FALSE(client.Get("/healthz"));  // nothing listens any more
}

// 1000 PMIDs (engine::kMaxExportIds) do not fit the HTTP library's 8 KB request line (nor its
// 8 KB cap on url-encoded form bodies); as a text/plain body they do.
TEST(LoopbackTest, ExportTakesALongPmidListAsAPostedBody) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(*index, options);
  server.bind();
  std::thread runner([&server] { server.run(); });
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(10);

  // 1000 ids, one per line and padded with spaces to the 9 bytes of a PubMed PMID and newline.
  std::string pmids;
  for (int i = 0; i < 1000; ++i) pmids += std::string(i % 2 == 0 ? "104" : "101") + "     \n";
  ASSERT_GT(pmids.size(), 8192u);
  auto get = client.Get("/api/export?format=medline&pmid=" + httplib::detail::encode_query_param(pmids));
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 414);

  auto post = client.Post("/api/export?format=medline", pmids, "text/plain");
  ASSERT_TRUE(post) << httplib::to_string(post.error());
  EXPECT_EQ(post->status, 200) << post->body;
  EXPECT_EQ(post->get_header_value("Content-Disposition"), "attachment; filename=\"medsearch-citations.nbib\"");
  const std::size_t first = post->body.find("PMID- 104");
  const std::size_t second = post->body.find("PMID- 101");
  EXPECT_NE(first, std::string::npos);
  EXPECT_LT(first, second);  // in the list's order, each once
  EXPECT_EQ(post->body.find("PMID- 104", first + 1), std::string::npos);

  auto too_many = client.Post("/api/export?format=ris", pmids + "104", "text/plain");
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->status, 400);
  EXPECT_EQ(nlohmann::json::parse(too_many->body)["error"]["message"], "at most 1000 PMIDs per export, got 1001");

  auto form = client.Post("/api/export", "format=ris&pmid=101", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 400);
  EXPECT_EQ(nlohmann::json::parse(form->body)["error"]["message"],
            "POST /api/export takes its PMIDs as a text/plain body, got Content-Type 'application/x-www-form-urlencoded'");
  auto both = client.Post("/api/export?format=ris&pmid=104", "101", "text/plain");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, 400);
  auto empty = client.Post("/api/export?format=ris", " ,\n", "text/plain");
  ASSERT_TRUE(empty);
  EXPECT_EQ(nlohmann::json::parse(empty->body)["error"]["message"], "POST /api/export: the body names no PMID");
  server.stop();
  runner.join();
}

TEST(LoopbackTest, APortInUseIsAnErrorNamingIt) {
  testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.port = 0;
  Server first(*index, options);
  first.bind();
  options.port = first.port();
  Server second(*index, options);
  try {
    second.bind();
    FAIL() << "bound twice";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Unavailable);
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos);
  }
}

}  // namespace
}  // namespace medsearch::server
