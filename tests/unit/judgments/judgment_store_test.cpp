// JudgmentStore: users and password hashes, sessions, judgment upserts, durability across
// reopen, and concurrent writers.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/judgments/judgment_store.hpp"
#include "medsearch/judgments/password_hash.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::judgments {
namespace {

TEST(PasswordHash, IsSaltedArgon2idAndVerifies) {
  const std::string a = hash_password("correct horse");
  const std::string b = hash_password("correct horse");
  EXPECT_EQ(a.rfind("$argon2id$", 0), 0u) << a;
  EXPECT_NE(a, b);  // a fresh salt each time
  EXPECT_TRUE(verify_password(a, "correct horse"));
  EXPECT_FALSE(verify_password(a, "correct horsE"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse"));
  EXPECT_FALSE(verify_password("", "correct horse"));
}

TEST(PasswordHash, RejectsShortPasswords) {
  EXPECT_THROW(hash_password(""), Error);
  try {
    hash_password("1234567");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("8 bytes"), std::string::npos);
  }
  EXPECT_NO_THROW(hash_password("12345678"));
}

TEST(PasswordHash, TokensAreRandomHex) {
  const std::string a = random_token_hex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_token_hex(32));
  EXPECT_EQ(token_digest_hex("x").size(), 64u);
  EXPECT_EQ(token_digest_hex("x"), token_digest_hex("x"));
}

TEST(NormalizeQuery, TrimsAndCollapsesWhitespace) {
  EXPECT_EQ(normalize_query("  deep \t brain\n\nstimulation  "), "deep brain stimulation");
  EXPECT_EQ(normalize_query(" \t "), "");
}

class JudgmentStoreTest : public ::testing::Test {
 protected:
  std::string path() const { return tmp_.file("judgments.sqlite"); }
  testing::TempDir tmp_;
};

TEST_F(JudgmentStoreTest, DefaultPathIsInsideTheIndexDirectory) {
  EXPECT_EQ(JudgmentStore::default_path("/data/idx"), "/data/idx/judgments.sqlite");
}

TEST_F(JudgmentStoreTest, UsersAddVerifyAndReject) {
  JudgmentStore store(path());
  const UserId alice = store.add_user("alice", "alice-password");
  EXPECT_GT(alice, 0);
  EXPECT_EQ(store.verify("alice", "alice-password"), alice);
  EXPECT_FALSE(store.verify("alice", "wrong-password"));
  EXPECT_FALSE(store.verify("bob", "alice-password"));
  EXPECT_THROW(store.add_user("alice", "another-password"), Error);  // taken
  EXPECT_THROW(store.add_user("", "long-enough"), Error);
  EXPECT_THROW(store.add_user("bad\nname", "long-enough"), Error);
  EXPECT_THROW(store.add_user("carol", "short"), Error);
  ASSERT_EQ(store.users().size(), 1u);
  EXPECT_EQ(store.find_user(alice)->name, "alice");
}

TEST_F(JudgmentStoreTest, SessionsMapTokensToUsersUntilTheyExpireOrEnd) {
  std::int64_t clock = 1'000'000;
  JudgmentStore store(path(), JudgmentStoreOptions{.session_ttl_s = 100, .now_utc = [&clock] { return clock; }});
  const UserId alice = store.add_user("alice", "alice-password");
  const std::string token = store.create_session(alice);
  EXPECT_EQ(token.size(), 64u);
  ASSERT_TRUE(store.user_for_session(token));
  EXPECT_EQ(store.user_for_session(token)->name, "alice");
  EXPECT_FALSE(store.user_for_session("nope"));
  EXPECT_FALSE(store.user_for_session(""));
  clock += 100;
  EXPECT_FALSE(store.user_for_session(token)) << "expired";
  const std::string second = store.create_session(alice);
  EXPECT_TRUE(store.user_for_session(second));
  store.end_session(second);
  EXPECT_FALSE(store.user_for_session(second));
  EXPECT_THROW(store.create_session(999), Error);
}

TEST_F(JudgmentStoreTest, JudgingAgainUpdatesInPlace) {
  std::int64_t clock = 10;
  JudgmentStore store(path(), JudgmentStoreOptions{.now_utc = [&clock] { return clock; }});
  const UserId alice = store.add_user("alice", "alice-password");
  const UserId bob = store.add_user("bob", "bob-password");
  const Judgment first = store.judge(alice, " asthma   children ", "104", 1);
  EXPECT_EQ(first.query, "asthma children");
  EXPECT_EQ(first.user, "alice");
  clock = 20;
  const Judgment second = store.judge(alice, "asthma children", "104", 2);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.grade, 2);
  EXPECT_EQ(second.created_utc, 20);
  store.judge(bob, "asthma children", "104", 0);
  store.judge(bob, "parkinson", "101", 2);
  const std::vector<Judgment> asthma = store.list("asthma\tchildren");
  ASSERT_EQ(asthma.size(), 2u);
  EXPECT_EQ(asthma[0].user, "alice");
  EXPECT_EQ(asthma[1].user, "bob");
  EXPECT_EQ(store.list().size(), 3u);
}

TEST_F(JudgmentStoreTest, BadJudgmentsNameTheField) {
  JudgmentStore store(path());
  const UserId alice = store.add_user("alice", "alice-password");
  auto message = [&](auto&& call) {
    try {
      call();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { store.judge(alice, "q", "101", 3); }).find("'grade'"), std::string::npos);
  EXPECT_NE(message([&] { store.judge(alice, "q", "101", -1); }).find("'grade'"), std::string::npos);
  EXPECT_NE(message([&] { store.judge(alice, "  ", "101", 1); }).find("'query'"), std::string::npos);
  EXPECT_NE(message([&] { store.judge(alice, "q", "", 1); }).find("'doc_id'"), std::string::npos);
  EXPECT_NE(message([&] { store.judge(alice, "q", "1 2", 1); }).find("'doc_id'"), std::string::npos);
  EXPECT_THROW(store.judge(12345, "q", "101", 1), Error);
  EXPECT_TRUE(store.list().empty());
}

TEST_F(JudgmentStoreTest, WritesSurviveReopening) {
  UserId alice = 0;
  std::string token;
  {
    JudgmentStore store(path());
    alice = store.add_user("alice", "alice-password");
    token = store.create_session(alice);
    store.judge(alice, "q one", "101", 2);
    store.judge(alice, "q one", "102", 0);
  }
  JudgmentStore reopened(path());
  EXPECT_EQ(reopened.verify("alice", "alice-password"), alice);
  EXPECT_TRUE(reopened.user_for_session(token));
  ASSERT_EQ(reopened.list().size(), 2u);
  EXPECT_EQ(reopened.list()[0].grade, 2);
}

TEST_F(JudgmentStoreTest, NewerSchemaAndNonDatabaseFilesAreRefused) {
  { JudgmentStore store(path()); }
  {
    // A newer medsearch's file: bump the schema version behind the store's back.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=2", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    JudgmentStore store(path());
    FAIL() << "opened a newer schema";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::VersionMismatch);
  }
  const std::string junk = tmp_.write("junk.sqlite", std::string(4096, 'x'));
  EXPECT_THROW(JudgmentStore{junk}, Error);
  EXPECT_THROW(JudgmentStore{tmp_.file("missing-dir/judgments.sqlite")}, Error);
}

TEST_F(JudgmentStoreTest, ConcurrentWritersFromFourThreadsLoseNothing) {
  JudgmentStore store(path());
  std::vector<UserId> users;
  for (int i = 0; i < 4; ++i) users.push_back(store.add_user("user" + std::to_string(i), "password-" + std::to_string(i)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 50; ++i) {
          store.judge(users[t], "query " + std::to_string(i % 5), std::to_string(100 + i), i % 3);
          if (i % 10 == 0) store.list();
        }
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.list().size(), 200u);
  JudgmentStore reopened(path());
  EXPECT_EQ(reopened.list().size(), 200u);
}

TEST_F(JudgmentStoreTest, TwoConnectionsToOneFileSeeEachOthersWrites) {
  JudgmentStore server(path());
  JudgmentStore cli(path());
  const UserId alice = cli.add_user("alice", "alice-password");
  EXPECT_EQ(server.verify("alice", "alice-password"), alice);
  server.judge(alice, "q", "101", 1);
  EXPECT_EQ(cli.list().size(), 1u);
}

}  // namespace
}  // namespace medsearch::judgments
