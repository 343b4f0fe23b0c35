// What the WeChat endpoint remembers per user, in memory only: the last query and how far
// "下一页"/"more" has paged it, for session_ttl seconds after the last use. Bounded: past
// kMaxSessions the expired entries go, then the least recently used. Keys are the users'
// OpenIDs (kept in memory, never logged). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace medsearch::server {

struct WechatSession {
  std::string query;
  std::size_t next_offset = 0;  // the first result the next page shows
};

class WechatSessions {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxSessions = 100000;

  explicit WechatSessions(std::chrono::seconds ttl) : ttl_(ttl) {}

  // The user's session if it has not expired at `now`.
  std::optional<WechatSession> find(const std::string& open_id, Clock::time_point now = Clock::now()) const;
  void put(const std::string& open_id, WechatSession session, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  struct Entry {
    WechatSession session;
    Clock::time_point expires;
  };
  std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace medsearch::server
