#include "wechat_dedup.hpp"

#include "expiring_map.hpp"

namespace medsearch::server {

std::string WechatDedup::key(const std::string& msg_id, const std::string& from_user, long long create_time) {
  if (!msg_id.empty()) return "id:" + msg_id;
  return "ev:" + from_user + "@" + std::to_string(create_time);
}

std::pair<std::shared_ptr<PendingReply>, bool> WechatDedup::claim(const std::string& key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it != entries_.end() && it->second.expires > now) return {it->second.reply, false};
  if (it == entries_.end()) make_room(entries_, kMaxEntries, now);
  auto reply = std::make_shared<PendingReply>();
  entries_[key] = Entry{reply, now + kKeepSeconds};
  return {reply, true};
}

}  // namespace medsearch::server
