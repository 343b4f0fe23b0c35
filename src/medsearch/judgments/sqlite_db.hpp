// A thin RAII layer over the SQLite C API for the judgments store: one connection, prepared
// statements with bound parameters, and errors as medsearch::Error naming the file.
// Not thread-safe by itself: JudgmentStore serialises its use with a mutex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace medsearch::judgments {

class SqliteDb {
 public:
  // Opens (creating when missing) the database file at `path`; Error(Io) when it cannot.
  explicit SqliteDb(std::string path, int busy_timeout_ms);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements without results (schema, PRAGMA, BEGIN/COMMIT).
  void exec(const std::string& sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // Throws Error(Unavailable) for SQLITE_BUSY/LOCKED (another process holds the lock past
  // the busy timeout), Error(Io) otherwise, with SQLite's message and the file name.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteDb& db, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, std::int64_t value);
  // Advances: true while a row is available, false when done. Throws on error.
  bool step();
  std::int64_t column_int(int column) const;
  std::string column_text(int column) const;

 private:
  SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so two writers never
// deadlock upgrading), ROLLBACK in the destructor unless commit() ran.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace medsearch::judgments
