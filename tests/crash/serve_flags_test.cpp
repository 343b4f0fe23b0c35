// `medsearch serve`'s caps on costly search parameters (--max-k, --max-ef-search,
// --max-truncations, …; docs/cli.md) reach the requests of the real binary: past a cap the
// answer is 400 naming the parameter and the allowed range, within it 200. This suite
// runs the binary as a child process (crash_harness.hpp's Child), hence the test is here.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "crash_harness.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

TEST(ServeFlags, CapsFromTheCommandLineBoundRequests) {
  TempDir tmp;
  const std::string index = tmp.file("index");
  std::vector<FixtureCitation> citations;
  for (int i = 1; i <= 30; ++i) citations.push_back({std::to_string(i), "document number " + std::to_string(i)});
  ASSERT_EQ(run_to_end({"ingest", "--index", index, tmp.write("a.xml", pubmed_xml(citations))}, tmp.file("log")).first,
            0)
      << slurp(tmp.file("log"));

  const int port = free_port();
  const std::string log = tmp.file("serve.log");
  Child server(
      {"serve", "--index", index, "--port", std::to_string(port), "--reload-ms", "0", "--threads", "2", "--max-k", "20",
       "--max-offset", "40", "--max-ef-search", "50", "--max-truncations", "1", "--max-dense-visits", "5000"},
      log);
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  bool up = false;  // up to 5 minutes: a sanitized build on a loaded machine starts slowly
  for (int tries = 0; tries < 3000 && !up; ++tries) {
    if (auto r = client.Get("/api/stats"); r && r->status == 200)
      up = true;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(up) << slurp(log);

  const auto status = [&](const std::string& target, std::string* body = nullptr) {
    const auto r = client.Get(target);
    if (!r) return -1;
    if (body != nullptr) *body = r->body;
    return r->status;
  };
  std::string body;
  EXPECT_EQ(status("/api/search?q=document&k=20&offset=40"), 200);
  EXPECT_EQ(status("/api/search?q=document&k=21", &body), 400);
  EXPECT_NE(body.find("'k' must be an integer in 1..20"), std::string::npos) << body;
  EXPECT_EQ(status("/api/search?q=document&offset=41", &body), 400);
  EXPECT_NE(body.find("'offset' must be an integer in 0..40"), std::string::npos) << body;
  // The index has no dense side, but the parameter is checked before that.
  EXPECT_EQ(status("/api/search?q=document&ef_search=51", &body), 400);
  EXPECT_NE(body.find("'ef_search' must be an integer in 1..50"), std::string::npos) << body;
  EXPECT_EQ(status("/api/search?q=docu*"), 200);
  EXPECT_EQ(status("/api/search?q=docu*%20OR%20numb*", &body), 400);
  EXPECT_NE(body.find("allowed 0..1"), std::string::npos) << body;
  server.kill_now();
}

TEST(ServeFlags, ACapOutsideTheEnginesLimitIsRefusedNamingTheFlag) {
  TempDir tmp;
  const auto [code, seconds] =
      run_to_end({"serve", "--index", tmp.file("none"), "--max-ef-search", "100001"}, tmp.file("log"));
  (void)seconds;
  EXPECT_NE(code, 0);
  EXPECT_NE(slurp(tmp.file("log")).find("--max-ef-search"), std::string::npos) << slurp(tmp.file("log"));
  EXPECT_NE(
      run_to_end({"serve", "--index", tmp.file("none"), "--max-dense-visits", "1099511627777"}, tmp.file("log2")).first,
      0);
  EXPECT_NE(slurp(tmp.file("log2")).find("--max-dense-visits"), std::string::npos) << slurp(tmp.file("log2"));
}

}  // namespace
}  // namespace medsearch
