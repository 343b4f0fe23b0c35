// Expert relevance judgments, their judges and sign-in sessions, in one SQLite file
// (default: <index dir>/judgments.sqlite; docs/eval.md "Judging in the web page").
//
// Tables (schema version 1, kept in PRAGMA user_version; a newer file fails with
// Error(VersionMismatch)):
//   users(id, name UNIQUE, password_hash, created_utc)      password_hash: see password_hash.hpp
//   judgments(id, user, query, doc_id, grade 0..2, created_utc), UNIQUE(user, query, doc_id)
//   sessions(token, user, expires_utc)                      token: BLAKE2b digest of the cookie
// One judgment per (user, query, document): judging again updates that row in place (grade
// and created_utc, which is thus the time of the latest judgment). Different users' grades
// for the same pair are all kept; qrels_export.hpp combines them.
// Queries are stored normalised (normalize_query): leading/trailing whitespace removed and
// every inner run of whitespace made one space, so "a  b" and "a b" are one query.
//
// Durability: WAL journal with synchronous=FULL, and every write is one BEGIN IMMEDIATE …
// COMMIT transaction, so a crash loses no committed judgment and never leaves half of one.
// Thread safety: all members may be called from any number of threads at once (one
// connection behind a mutex; password hashing runs outside it). Other processes (the CLI
// while the server runs) may open the same file: SQLite locks it, waiting busy_timeout_ms
// before Error(Unavailable).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::judgments {

class SqliteDb;

using UserId = std::int64_t;

struct User {
  UserId id = 0;
  std::string name;
};

struct Judgment {
  std::int64_t id = 0;
  UserId user_id = 0;
  std::string user;        // the judge's name
  std::string query;       // normalised query text
  std::string doc_id;      // PMID (or BEIR id), as the index knows it
  int grade = 0;           // 0 not relevant, 1 partly relevant, 2 relevant
  std::int64_t created_utc = 0;  // seconds since the Unix epoch, of the latest judgment
};

struct JudgmentStoreOptions {
  std::int64_t session_ttl_s = 7 * 24 * 3600;  // a session expires this long after sign-in
  int busy_timeout_ms = 5000;
  std::function<std::int64_t()> now_utc;       // clock (seconds); empty: the system clock
};

// Limits on the stored text, in bytes.
constexpr std::size_t kMaxUserNameBytes = 64;
constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kMaxDocIdBytes = 64;
constexpr int kMaxGrade = 2;

// Trims and collapses whitespace (space, tab, CR, LF) to single spaces.
std::string normalize_query(std::string_view query);

class JudgmentStore {
 public:
  static constexpr const char* kFileName = "judgments.sqlite";
  // <index_dir>/judgments.sqlite
  static std::string default_path(const std::string& index_dir);

  // Opens or creates the store. Error(Io) when the file cannot be opened or created,
  // Error(VersionMismatch) for a newer schema, Error(Corrupt) for a file that is not SQLite.
  explicit JudgmentStore(std::string path, JudgmentStoreOptions options = {});
  ~JudgmentStore();
  JudgmentStore(const JudgmentStore&) = delete;
  JudgmentStore& operator=(const JudgmentStore&) = delete;

  const std::string& path() const { return path_; }
  std::int64_t session_ttl_s() const { return options_.session_ttl_s; }

  // Adds a judge. Error(InvalidArgument) for a name that is empty, longer than
  // kMaxUserNameBytes, has control characters or is taken, and for a password that
  // hash_password rejects (shorter than 8 bytes).
  UserId add_user(std::string_view name, std::string_view password);
  // The user's id when the name exists and the password matches; nothing otherwise (in
  // about the same time either way).
  std::optional<UserId> verify(std::string_view name, std::string_view password);
  std::optional<User> find_user(UserId id);
  std::vector<User> users();

  // A new session for `user`: 64 hex characters from libsodium's CSPRNG. Expired sessions
  // are deleted in the same transaction. Error(NotFound) for an unknown user.
  std::string create_session(UserId user);
  // The session's user while it has not expired; nothing for an unknown or expired token.
  std::optional<User> user_for_session(std::string_view token);
  // Ends the session (nothing happens for an unknown token).
  void end_session(std::string_view token);

  // Records (or replaces) `user`'s grade for (query, doc_id); returns the stored row.
  // Error(InvalidArgument) naming the field for an empty/oversized query or doc_id, a
  // doc_id with whitespace, or a grade outside 0..kMaxGrade; Error(NotFound) for an
  // unknown user.
  Judgment judge(UserId user, std::string_view query, std::string_view doc_id, int grade);

  // All judgments, or those of one (normalised) query; ordered by query, doc_id, user.
  std::vector<Judgment> list(std::optional<std::string_view> query = std::nullopt);

 private:
  std::int64_t now() const;

  std::string path_;
  JudgmentStoreOptions options_;
  std::mutex mutex_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace medsearch::judgments
