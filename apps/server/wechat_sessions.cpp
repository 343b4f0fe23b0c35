#include "wechat_sessions.hpp"

#include "expiring_map.hpp"

namespace medsearch::server {

std::optional<WechatSession> WechatSessions::find(const std::string& open_id, Clock::time_point now) const {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(open_id);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.session;
}

void WechatSessions::put(const std::string& open_id, WechatSession session, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  // Expiry is last use + ttl, so the first to expire is the least recently used.
  if (entries_.find(open_id) == entries_.end()) make_room(entries_, kMaxSessions, now);
  entries_[open_id] = Entry{std::move(session), now + ttl_};
}

std::size_t WechatSessions::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace medsearch::server
