// kill -9 of `medsearch serve` at random moments while a judge records judgments through
// POST /api/judgments: after every kill judgments.sqlite opens, every acknowledged
// judgment is in it with its grade (plus at most the one request in flight), and posting
// the same judgments again to a restarted server gives exactly the uninterrupted store.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "crash_harness.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch {
namespace {

using namespace medsearch::testing;

constexpr int kJudgments = 300;
constexpr int kDocs = 100;

// 270 (query, document) pairs, then the first 30 judged again with another grade.
nlohmann::json judgment(int i) {
  const int pair = i < 270 ? i : i - 270;
  return {{"query", "query " + std::to_string(pair / 10)}, {"doc_id", std::to_string(1 + (pair * 7) % kDocs)},
          {"grade", (i + (i < 270 ? 0 : 1)) % 3}};
}

// A server on `dir`, signed in as the judge.
struct Session {
  Session(const std::string& dir, const std::string& log) : port(free_port()), server({"serve", "--index", dir, "--port", std::to_string(port), "--reload-ms", "0", "--threads", "2"}, log), client("127.0.0.1", port) {
    client.set_connection_timeout(2);
    // Up to 5 minutes to listen: a sanitized build on a loaded 2-core machine is slow.
    bool up = false;
    for (int tries = 0; tries < 3000 && !up; ++tries) {
      if (auto r = client.Get("/api/stats"); r && r->status == 200) up = true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!up) throw std::runtime_error("the server did not start listening: " + slurp(log));
    const auto login = client.Post("/api/login", R"({"name": "judge", "password": "correct horse"})", "application/json");
    if (!login || login->status != 200) throw std::runtime_error("login failed: " + slurp(log));
    cookie = login->get_header_value("Set-Cookie");
    cookie = cookie.substr(0, cookie.find(';'));
  }
  // Posts judgments [first, end) in order until one fails; counts those acknowledged.
  void post(int first, int end, std::atomic<int>& acknowledged) {
    for (int i = first; i < end; ++i) {
      const auto r = client.Post("/api/judgments", {{"Cookie", cookie}}, judgment(i).dump(), "application/json");
      if (!r || r->status != 200) return;
      acknowledged = i + 1;
    }
  }
  int port;
  Child server;
  httplib::Client client;
  std::string cookie;
};

std::vector<std::string> rows(const std::string& db) {
  judgments::JudgmentStore store(db);
  std::vector<std::string> out;
  for (const judgments::Judgment& j : store.list()) out.push_back(j.query + "|" + j.doc_id + "|" + std::to_string(j.grade) + "|" + j.user);
  return out;
}

TEST(CrashSafety, KillNineDuringJudgmentWrites) {
  TempDir tmp;
  const std::string pre = tmp.file("pre");
  std::vector<FixtureCitation> citations;
  for (int i = 1; i <= kDocs; ++i) citations.push_back({std::to_string(i), "document " + std::to_string(i)});
  ASSERT_EQ(run_to_end({"ingest", "--index", pre, tmp.write("a.xml", pubmed_xml(citations))}, tmp.file("log")).first, 0);
  ASSERT_EQ(run_to_end({"users", "add", "--index", pre, "judge", "--password-file", tmp.write("pw", "correct horse\n")},
                       tmp.file("log")).first, 0) << slurp(tmp.file("log"));

  copy_dir(pre, tmp.file("ref"));
  double seconds = 0;
  {
    Session session(tmp.file("ref"), tmp.file("ref.log"));
    std::atomic<int> acknowledged{0};
    const auto start = std::chrono::steady_clock::now();
    session.post(0, kJudgments, acknowledged);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(acknowledged.load(), kJudgments) << slurp(tmp.file("ref.log"));
  }
  const std::vector<std::string> expected = rows(judgments::JudgmentStore::default_path(tmp.file("ref")));
  ASSERT_EQ(expected.size(), 270u);  // 300 posts, 30 of them re-judge a (query, document) pair

  std::mt19937 rng = crash_rng("judgments");
  int attempts = 0;
  int killed = 0;
  for (int point = 0; killed < crash_points() && point < max_attempts(); ++point) {
    ++attempts;
    const std::string dir = tmp.file("work");
    copy_dir(pre, dir);
    const std::string db = judgments::JudgmentStore::default_path(dir);
    std::atomic<int> acknowledged{0};
    {
      Session session(dir, tmp.file("work.log"));
      std::thread poster([&] { session.post(0, kJudgments, acknowledged); });
      std::this_thread::sleep_for(random_moment(rng, seconds));
      session.server.kill_now();
      killed += acknowledged < kJudgments ? 1 : 0;
      poster.join();
    }
    // Every acknowledged judgment is there with its grade; the one in flight may be too.
    const std::vector<std::string> now = rows(db);
    judgments::JudgmentStore store(db);
    for (int i = 0; i < acknowledged; ++i) {
      const nlohmann::json j = judgment(i);
      int last = i;  // a later acknowledged post of the same pair wins
      for (int later = i + 1; later < acknowledged; ++later) {
        if (judgment(later)["query"] == j["query"] && judgment(later)["doc_id"] == j["doc_id"]) last = later;
      }
      const auto list = store.list(j["query"].get<std::string>());
      const auto found = std::find_if(list.begin(), list.end(), [&](const judgments::Judgment& x) { return x.doc_id == j["doc_id"]; });
      ASSERT_NE(found, list.end()) << "point " << point << ": acknowledged judgment " << i << " lost";
      const bool in_flight_rejudged = acknowledged < kJudgments && judgment(acknowledged)["query"] == j["query"] &&
                                      judgment(acknowledged)["doc_id"] == j["doc_id"];
      if (!in_flight_rejudged) {
        EXPECT_EQ(found->grade, judgment(last)["grade"].get<int>()) << "point " << point;
      }
    }
    EXPECT_LE(now.size(), expected.size());
    {
      Session session(dir, tmp.file("resume.log"));
      std::atomic<int> again{0};
      session.post(0, kJudgments, again);
      EXPECT_EQ(again.load(), kJudgments);
    }
    EXPECT_EQ(rows(db), expected) << "point " << point;
  }
  EXPECT_EQ(killed, crash_points()) << "too few kills landed in a running job";
  std::printf("[crash] judgments: %d of %d attempts killed the server mid-run (%d posts in %.2f s)\n", killed,
              attempts, kJudgments, seconds);
}

}  // namespace
}  // namespace medsearch
