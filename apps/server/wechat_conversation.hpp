// What the WeChat endpoint says to a message (docs/wechat.md "Conversation"):
//   - text: a search with the web page's translation and ranking (engine::parse_search_params
//     over the Searcher's default ranking, PubMed syntax, plain words when that does not
//     parse); the reply lists results_per_reply hits (title, journal, year, a link to
//     /m/doc/PMID) and a link to /m/search, within kMaxTextReplyBytes;
//   - "下一页", "更多", "more", "next": the next page of the user's last query (WechatSessions);
//   - subscribe: a bilingual welcome with example queries; unsubscribe: no reply;
//   - anything else: a short help text. Never throws for user input.
// Thread-safe (the Searcher and WechatSessions are).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "medsearch/engine/search/searcher.hpp"
#include "wechat_config.hpp"
#include "wechat_sessions.hpp"
#include "wechat_xml.hpp"

namespace medsearch::server {

// WeChat truncates passive text replies past 2048 bytes; we stay under with margin.
inline constexpr std::size_t kMaxTextReplyBytes = 2000;

class WechatConversation {
 public:
  WechatConversation(const engine::Searcher& searcher, const WechatConfig& config, WechatSessions& sessions);

  // The text to answer `message` with; "" means no reply ("success"). `base_url` prefixes
  // the links to the mobile pages.
  std::string reply(const WechatMessage& message, std::string_view base_url) const;

  // The welcome (subscribe) and help texts.
  static std::string welcome_text();
  static std::string help_text();

 private:
  std::string search_reply(const std::string& open_id, const std::string& query, std::size_t offset,
                           std::string_view base_url) const;

  const engine::Searcher& searcher_;
  const WechatConfig& config_;
  WechatSessions& sessions_;
};

// `text` cut to at most `max_bytes` at a UTF-8 character boundary, "…" appended when cut.
std::string utf8_truncate(std::string_view text, std::size_t max_bytes);

}  // namespace medsearch::server
