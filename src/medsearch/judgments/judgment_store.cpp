#include "medsearch/judgments/judgment_store.hpp"

#include <chrono>

#include "medsearch/core/error.hpp"
#include "medsearch/judgments/password_hash.hpp"
#include "medsearch/judgments/sqlite_db.hpp"

namespace medsearch::judgments {
namespace {

constexpr int kSchemaVersion = 1;

// judgments.grade has a CHECK so that even a hand-edited row cannot hold a grade the
// qrels export would misread; UNIQUE(user, query, doc_id) is the upsert key.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_utc INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS judgments(
  id INTEGER PRIMARY KEY,
  user INTEGER NOT NULL REFERENCES users(id),
  query TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  grade INTEGER NOT NULL CHECK(grade BETWEEN 0 AND 2),
  created_utc INTEGER NOT NULL,
  UNIQUE(user, query, doc_id));
CREATE INDEX IF NOT EXISTS judgments_by_query ON judgments(query, doc_id);
CREATE TABLE IF NOT EXISTS sessions(
  token TEXT PRIMARY KEY,
  user INTEGER NOT NULL REFERENCES users(id),
  expires_utc INTEGER NOT NULL);
)sql";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool has_control(std::string_view text) {
  for (const unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

void check_text(std::string_view field, std::string_view value, std::size_t max_bytes) {
  if (value.empty()) throw Error(ErrorCode::InvalidArgument, "'" + std::string(field) + "' must not be empty");
  if (value.size() > max_bytes) {
    throw Error(ErrorCode::InvalidArgument,
                "'" + std::string(field) + "' must be at most " + std::to_string(max_bytes) + " bytes");
  }
}

constexpr const char* kSelectJudgments =
    "SELECT j.id, j.user, u.name, j.query, j.doc_id, j.grade, j.created_utc FROM judgments j "
    "JOIN users u ON u.id = j.user ";

Judgment read_judgment(const SqliteStatement& s) {
  return Judgment{s.column_int(0), s.column_int(1), s.column_text(2), s.column_text(3),
                  s.column_text(4), static_cast<int>(s.column_int(5)), s.column_int(6)};
}

}  // namespace

std::string normalize_query(std::string_view query) {
  std::string out;
  bool pending_space = false;
  for (const char c : query) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string JudgmentStore::default_path(const std::string& index_dir) { return index_dir + "/" + kFileName; }

JudgmentStore::JudgmentStore(std::string path, JudgmentStoreOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  db_ = std::make_unique<SqliteDb>(path_, options_.busy_timeout_ms);
  // WAL: readers never block the writer; synchronous=FULL: a committed transaction
  // survives power loss, not just a process crash (sqlite.org/pragma.html#pragma_synchronous).
  db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  SqliteTransaction transaction(*db_);
  SqliteStatement version(*db_, "PRAGMA user_version");
  version.step();
  const std::int64_t found = version.column_int(0);
  if (found > kSchemaVersion) {
    throw Error(ErrorCode::VersionMismatch, "judgments database '" + path_ + "' has schema version " +
                                                std::to_string(found) + "; this medsearch reads up to " +
                                                std::to_string(kSchemaVersion));
  }
  db_->exec(kSchema);
  db_->exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
  transaction.commit();
}

JudgmentStore::~JudgmentStore() = default;

std::int64_t JudgmentStore::now() const {
  if (options_.now_utc) return options_.now_utc();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

UserId JudgmentStore::add_user(std::string_view name, std::string_view password) {
  check_text("name", name, kMaxUserNameBytes);
  if (has_control(name) || is_space(name.front()) || is_space(name.back())) {
    throw Error(ErrorCode::InvalidArgument, "'name' must not have control characters or surrounding spaces");
  }
  const std::string hash = hash_password(password);  // slow (Argon2id): outside the lock
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(*db_);
  SqliteStatement taken(*db_, "SELECT 1 FROM users WHERE name = ?1");
  if (taken.bind(1, name).step()) {
    throw Error(ErrorCode::InvalidArgument, "a user named '" + std::string(name) + "' exists already");
  }
  SqliteStatement insert(*db_, "INSERT INTO users(name, password_hash, created_utc) VALUES(?1, ?2, ?3)");
  insert.bind(1, name).bind(2, hash).bind(3, now()).step();
  const UserId id = db_->last_insert_rowid();
  transaction.commit();
  return id;
}

std::optional<UserId> JudgmentStore::verify(std::string_view name, std::string_view password) {
  std::optional<UserId> id;
  std::string hash;
  {
    std::lock_guard lock(mutex_);
    SqliteStatement select(*db_, "SELECT id, password_hash FROM users WHERE name = ?1");
    if (select.bind(1, name).step()) {
      id = select.column_int(0);
      hash = select.column_text(1);
    }
  }
  if (!id) {
    burn_password_verify(password);
    return std::nullopt;
  }
  if (!verify_password(hash, password)) return std::nullopt;
  return id;
}

std::optional<User> JudgmentStore::find_user(UserId id) {
  std::lock_guard lock(mutex_);
  SqliteStatement select(*db_, "SELECT id, name FROM users WHERE id = ?1");
  if (!select.bind(1, id).step()) return std::nullopt;
  return User{select.column_int(0), select.column_text(1)};
}

std::vector<User> JudgmentStore::users() {
  std::lock_guard lock(mutex_);
  SqliteStatement select(*db_, "SELECT id, name FROM users ORDER BY name");
  std::vector<User> out;
  while (select.step()) out.push_back(User{select.column_int(0), select.column_text(1)});
  return out;
}

std::string JudgmentStore::create_session(UserId user) {
  const std::string token = random_token_hex(32);
  const std::int64_t t = now();
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(*db_);
  SqliteStatement exists(*db_, "SELECT 1 FROM users WHERE id = ?1");
  if (!exists.bind(1, user).step()) throw Error(ErrorCode::NotFound, "no user with id " + std::to_string(user));
  SqliteStatement expire(*db_, "DELETE FROM sessions WHERE expires_utc <= ?1");
  expire.bind(1, t).step();
  SqliteStatement insert(*db_, "INSERT INTO sessions(token, user, expires_utc) VALUES(?1, ?2, ?3)");
  insert.bind(1, token_digest_hex(token)).bind(2, user).bind(3, t + options_.session_ttl_s).step();
  transaction.commit();
  return token;
}

std::optional<User> JudgmentStore::user_for_session(std::string_view token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  const std::string digest = token_digest_hex(token);
  std::lock_guard lock(mutex_);
  SqliteStatement select(*db_,
                         "SELECT u.id, u.name FROM sessions s JOIN users u ON u.id = s.user "
                         "WHERE s.token = ?1 AND s.expires_utc > ?2");
  if (!select.bind(1, digest).bind(2, now()).step()) return std::nullopt;
  return User{select.column_int(0), select.column_text(1)};
}

void JudgmentStore::end_session(std::string_view token) {
  if (token.empty() || token.size() > 256) return;
  const std::string digest = token_digest_hex(token);
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(*db_);
  SqliteStatement remove(*db_, "DELETE FROM sessions WHERE token = ?1");
  remove.bind(1, digest).step();
  transaction.commit();
}

Judgment JudgmentStore::judge(UserId user, std::string_view query, std::string_view doc_id, int grade) {
  const std::string text = normalize_query(query);
  check_text("query", text, kMaxQueryBytes);
  check_text("doc_id", doc_id, kMaxDocIdBytes);
  for (const char c : doc_id) {
    if (is_space(c) || static_cast<unsigned char>(c) < 0x20) {
      throw Error(ErrorCode::InvalidArgument, "'doc_id' must not contain whitespace or control characters");
    }
  }
  if (grade < 0 || grade > kMaxGrade) {
    throw Error(ErrorCode::InvalidArgument, "'grade' must be 0, 1 or 2 (got " + std::to_string(grade) + ")");
  }
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(*db_);
  SqliteStatement exists(*db_, "SELECT 1 FROM users WHERE id = ?1");
  if (!exists.bind(1, user).step()) throw Error(ErrorCode::NotFound, "no user with id " + std::to_string(user));
  SqliteStatement upsert(*db_,
                         "INSERT INTO judgments(user, query, doc_id, grade, created_utc) VALUES(?1, ?2, ?3, ?4, ?5) "
                         "ON CONFLICT(user, query, doc_id) DO UPDATE SET grade = excluded.grade, "
                         "created_utc = excluded.created_utc");
  upsert.bind(1, user).bind(2, text).bind(3, doc_id).bind(4, std::int64_t{grade}).bind(5, now()).step();
  SqliteStatement select(*db_, (std::string(kSelectJudgments) + "WHERE j.user = ?1 AND j.query = ?2 AND j.doc_id = ?3").c_str());
  select.bind(1, user).bind(2, text).bind(3, doc_id).step();
  Judgment stored = read_judgment(select);
  transaction.commit();
  return stored;
}

std::vector<Judgment> JudgmentStore::list(std::optional<std::string_view> query) {
  std::string sql = kSelectJudgments;
  if (query) sql += "WHERE j.query = ?1 ";
  sql += "ORDER BY j.query, j.doc_id, u.name";
  std::lock_guard lock(mutex_);
  SqliteStatement select(*db_, sql.c_str());
  if (query) select.bind(1, normalize_query(*query));
  std::vector<Judgment> out;
  while (select.step()) out.push_back(read_judgment(select));
  return out;
}

}  // namespace medsearch::judgments
