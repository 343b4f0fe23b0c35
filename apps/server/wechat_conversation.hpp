// What the WeChat endpoint says to a message (docs/wechat.md "Conversation"):
//   - text: a search with the web page's translation and ranking (engine::parse_search_params
//     over the Searcher's default ranking, PubMed syntax, plain words when that does not
//     parse); the reply lists results_per_reply hits (title, journal, year, a link to
//     /m/doc/PMID) and a link to /m/search, within kMaxTextReplyBytes;
//   - "下一页", "更多", "more", "next": the next page of the user's last query (WechatSessions);
//   - subscribe: a bilingual welcome with example queries; unsubscribe: no reply;
//   - anything else: a short help text. Never throws for user input.
// Searches use the server's caps (engine::SearchCaps: truncations, depth) and stop at the
// message's SearchDeadline; one stopped there is answered with a "took too long, use more
// specific words" text, where /api/search answers 503.
// Thread-safe (the Searcher and WechatSessions are).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "wechat_config.hpp"
#include "wechat_sessions.hpp"
#include "wechat_xml.hpp"

namespace medsearch::server {

// WeChat truncates passive text replies past 2048 bytes; we stay under with margin.
inline constexpr std::size_t kMaxTextReplyBytes = 2000;

// The time limit of one message's searches: `budget_ms` from `start` (0: none). What is
// left when a search starts becomes its SearchRequest::budget_ms, which the Searcher
// enforces (core/deadline.hpp); none left: Error(DeadlineExceeded) before it starts.
struct SearchDeadline {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  std::uint32_t budget_ms = 0;
  bool unlimited() const { return budget_ms == 0; }
  // Whole milliseconds left, rounded up; 0 once past (and when unlimited()).
  std::uint32_t remaining_ms(Clock::time_point now = Clock::now()) const;
};

struct WechatReplyText {
  std::string text;        // "" means no reply ("success")
  bool timed_out = false;  // a search stopped at the deadline (text says so)
};

class WechatConversation {
 public:
  WechatConversation(const engine::Searcher& searcher, const WechatConfig& config, WechatSessions& sessions,
                     engine::SearchCaps caps = {});

  // What to answer `message` with. `base_url` prefixes the links to the mobile pages.
  WechatReplyText reply(const WechatMessage& message, std::string_view base_url, const SearchDeadline& deadline = {}) const;

  // The welcome (subscribe) and help texts.
  static std::string welcome_text();
  static std::string help_text();
  // How a Chinese query was understood, for the head of a search reply: "理解为 Understood: …"
  // and, when parts stayed untranslated, "未识别 Not recognised: a、b" (one line each; "" for
  // a query without translation).
  static std::string understood_text(const engine::QueryTranslation& translation);

 private:
  WechatReplyText search_reply(const std::string& open_id, const std::string& query, std::size_t offset,
                               std::string_view base_url, const SearchDeadline& deadline) const;

  const engine::Searcher& searcher_;
  const WechatConfig& config_;
  WechatSessions& sessions_;
  engine::SearchCaps caps_;
};

// `text` cut to at most `max_bytes` at a UTF-8 character boundary, "…" appended when cut.
std::string utf8_truncate(std::string_view text, std::size_t max_bytes);

}  // namespace medsearch::server
