// The WeChat endpoint's settings (docs/wechat.md "Configuration"): from a JSON file
// (`medsearch serve --wechat-config FILE`) and MEDSEARCH_WECHAT_* environment variables,
// which override the file; never from a URL. The endpoint is off unless a token is set.
#pragma once

#include <string>

namespace medsearch::server {

struct WechatConfig {
  std::string token;             // the account's "Token" (3–32 characters); empty: /wechat is off
  std::string encoding_aes_key;  // 43 characters; empty: plaintext mode only
  std::string app_id;            // AppID (wx…): checked inside encrypted messages; needed for safe mode
  std::string app_secret;        // AppSecret: with AppID, enables the customer-service push
  // Base URL of WeChat's API (the customer-service push and its access token).
  std::string api_base_url = "https://api.weixin.qq.com";
  // Absolute URL prefix of this server as WeChat's users reach it, for links in replies
  // ("https://search.example.cn"). Empty: "http://" + the request's Host header.
  std::string public_url;
  int reply_budget_ms = 4000;   // a search not finished by then is answered "success" (WeChat waits 5 s)
  int max_clock_skew_s = 300;   // timestamps further than this from now are refused (replays)
  int session_ttl_s = 1800;     // how long "下一页"/"more" remembers a user's last query
  int results_per_reply = 5;    // results listed in one text reply
  // Messages searched at once (search_slots.hpp, decision 0025); more wait in line.
  // 0: the machine's hardware threads.
  int max_concurrent_searches = 0;

  bool enabled() const { return !token.empty(); }
  bool push_enabled() const { return !app_id.empty() && !app_secret.empty(); }
};

// Keys of the JSON file: token, encoding_aes_key, app_id, app_secret, api_base_url,
// public_url, reply_budget_ms, max_clock_skew_s, session_ttl_s, results_per_reply,
// max_concurrent_searches.
// Environment (override): MEDSEARCH_WECHAT_TOKEN, _ENCODING_AES_KEY, _APP_ID, _APP_SECRET,
// _API_BASE_URL, _PUBLIC_URL. `path` empty: the environment only. Throws
// Error(InvalidArgument) naming the file or key for an unreadable file, an unknown key, a
// value of the wrong type, or a token/EncodingAESKey of the wrong shape.
WechatConfig load_wechat_config(const std::string& path);

// Throws Error(InvalidArgument) naming the setting when an enabled config is inconsistent.
void validate_wechat_config(const WechatConfig& config);

}  // namespace medsearch::server
