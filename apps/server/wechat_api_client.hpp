// The customer-service message push (客服消息, developers.weixin.qq.com "发送客服消息"):
// for a reply that missed WeChat's 5-second window, POST
// {api_base_url}/cgi-bin/message/custom/send?access_token=T with
// {"touser": OpenID, "msgtype": "text", "text": {"content": …}}. The access token comes from
// GET {api_base_url}/cgi-bin/token?grant_type=client_credential&appid=…&secret=… and is
// cached until 5 minutes before its expires_in; an answer with errcode 40001, 40014 or
// 42001 (invalid or expired token) fetches a new one and retries once.
// The only network access medsearch makes at run time. HTTP through cpp-httplib (built with
// OpenSSL by Debian, so https:// works; certificates are verified). Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace medsearch::server {

class WechatApiClient {
 public:
  // `base_url`: "https://api.weixin.qq.com" (or a local fake in tests, "http://127.0.0.1:P").
  WechatApiClient(std::string base_url, std::string app_id, std::string app_secret, int timeout_ms = 5000);

  // Sends a text message to `open_id`; "" on success, else what went wrong (no secrets in it).
  std::string send_text(const std::string& open_id, const std::string& content);

 private:
  // A valid token, fetched when the cached one is missing, expiring, or `force`d.
  std::string access_token(bool force, std::string& error);

  std::string base_url_;
  std::string app_id_;
  std::string app_secret_;
  int timeout_ms_;
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace medsearch::server
