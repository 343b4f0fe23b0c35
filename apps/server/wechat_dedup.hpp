// Deduplication of WeChat's retries. WeChat waits 5 s for a passive reply and sends the
// same message again, up to three times in all ("接收普通消息": 排重 by MsgId; events by
// FromUserName + CreateTime). Each message key maps to one PendingReply that the first
// delivery computes; a retry finds it and answers with its reply (or "success" while it is
// still being computed, in which case the customer-service push delivers it). Entries live
// kKeepSeconds, bounded by kMaxEntries. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace medsearch::server {

// The reply to one message, computed once: `text` is what to say ("" = no reply, "success").
struct PendingReply {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  bool abandoned = false;  // the request that started it answered "success": push when done
  std::string text;
};

class WechatDedup {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kKeepSeconds{60};
  static constexpr std::size_t kMaxEntries = 100000;

  // MsgId when the message has one, else FromUserName + "@" + CreateTime.
  static std::string key(const std::string& msg_id, const std::string& from_user, long long create_time);

  // The entry for `key` and whether this call created it (true: the caller computes it).
  std::pair<std::shared_ptr<PendingReply>, bool> claim(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Entry {
    std::shared_ptr<PendingReply> reply;
    Clock::time_point expires;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace medsearch::server
