// The XML of WeChat's message push (developers.weixin.qq.com, "接收普通消息" receiving
// messages, "被动回复用户消息" passive replies): one <xml> element whose children are
// fields, text in CDATA. Parsed and written with pugixml; this is the only server file that
// includes it. Pure functions; thread-safe.
//
// Hostile input: a body with a DOCTYPE (entity declarations) is refused before parsing;
// pugixml expands no entities but the five predefined and character references, and its
// parser is not recursive, so deep nesting costs memory bounded by the body (≤ 64 KiB),
// not stack. Fields longer than kMaxFieldBytes are refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medsearch::server {

inline constexpr std::size_t kMaxFieldBytes = 8192;

// An incoming message or event (the fields this server reads; others are ignored).
struct WechatMessage {
  std::string to_user;    // ToUserName: the account's original id (gh_…)
  std::string from_user;  // FromUserName: the sender's OpenID
  std::int64_t create_time = 0;
  std::string msg_type;   // text, image, voice, video, shortvideo, location, link, event
  std::string content;    // text messages
  std::string event;      // events: subscribe, unsubscribe, CLICK, …
  std::string event_key;
  std::string msg_id;     // MsgId; events have none
};

// The outer envelope of a safe-mode POST: <xml><ToUserName/><Encrypt/></xml>.
struct WechatEnvelope {
  std::string to_user;
  std::string encrypt;
};

// nullopt with `error` set when the text is not one well-formed <xml> element of fields,
// has a DOCTYPE, or has a field over kMaxFieldBytes.
std::optional<WechatMessage> parse_wechat_message(std::string_view xml, std::string& error);
std::optional<WechatEnvelope> parse_wechat_envelope(std::string_view xml, std::string& error);

// Passive replies (the To/From of the reply are the message's From/To).
std::string text_reply_xml(const WechatMessage& to, std::string_view content, std::int64_t create_time);
struct NewsCard {
  std::string title;
  std::string description;
  std::string url;
};
std::string news_reply_xml(const WechatMessage& to, const NewsCard& card, std::int64_t create_time);

// The safe-mode reply envelope: <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>.
std::string encrypted_reply_xml(std::string_view encrypt, std::string_view msg_signature, std::string_view timestamp,
                                std::string_view nonce);

}  // namespace medsearch::server
