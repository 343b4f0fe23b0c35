// GET/POST /wechat: a WeChat Official Account server endpoint (the "服务器配置" of an
// account; developers.weixin.qq.com "接入指南" access guide and "消息加解密说明").
//
// GET  ?signature&timestamp&nonce&echostr: echostr (text/plain) when signature matches
//      (wechat_signature of token, timestamp, nonce), else 403.
// POST ?signature&timestamp&nonce[&encrypt_type=aes&msg_signature]: a message.
//      403: signature missing or wrong; in safe mode msg_signature (over token, timestamp,
//      nonce, Encrypt) too; timestamp further than max_clock_skew_s from now (replays).
//      413: a body over kMaxBodyBytes. Everything after the signatures that goes wrong
//      (malformed or hostile XML, a message that does not decrypt, a search that fails) is
//      logged and answered 200 "success", which WeChat takes as "no reply".
//      Otherwise the reply: plaintext XML, or in safe mode encrypted and signed with the
//      request's timestamp and nonce.
// Retries (same MsgId, or FromUserName + CreateTime for events) share one reply
// (WechatDedup). A reply not ready within reply_budget_ms is answered "success" and, when
// AppID and AppSecret are set, pushed through the customer-service API when it is.
// Each search has a SearchDeadline from the message's arrival (search_deadline): the server's
// request budget (search_caps.budget_ms) when a late reply can be pushed, else at most
// reply_budget_ms, past which nobody would receive it; a search stopped there is logged,
// and its reply (passive or pushed) says it took too long (docs/decisions/0025).
// Logs name users by wechat_user_tag (a hash), never by OpenID.
// Thread-safe; the destructor waits for searches still running.
#pragma once

#include <cstdint>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "http_types.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "wechat_api_client.hpp"
#include "wechat_config.hpp"
#include "wechat_conversation.hpp"
#include "wechat_crypto.hpp"
#include "wechat_state.hpp"

namespace medsearch::server {

inline constexpr std::size_t kWechatMaxBodyBytes = 64 * 1024;

struct WechatEndpointOptions {
  // One line per event worth logging (errors, pushes); default: stderr.
  std::function<void(std::string_view)> log;
  // Tests: runs on the worker before each reply is computed (to make a search slow).
  std::function<void()> before_reply;
  // Tests: the current Unix time in seconds, for the replay check (default: the clock).
  std::function<std::int64_t()> now_unix;
  // The server's caps and time budget for searches, as for /api/search (Api sets them from
  // ParamLimits::search). Default: the engine's limits and no budget.
  engine::SearchCaps search_caps;
};

class WechatEndpoint {
 public:
  // Throws Error(InvalidArgument) for an inconsistent config (validate_wechat_config).
  // `state`: the sessions, retry table and push client, shared with the endpoint this one
  // replaces on an index reload (wechat_state.hpp); null: a new one of its own.
  WechatEndpoint(const engine::Searcher& searcher, WechatConfig config, WechatEndpointOptions options = {},
                 std::shared_ptr<WechatState> state = nullptr);
  ~WechatEndpoint();
  WechatEndpoint(const WechatEndpoint&) = delete;
  WechatEndpoint& operator=(const WechatEndpoint&) = delete;

  HttpResponse handle(const HttpRequest& request);

  const WechatConfig& config() const { return config_; }

 private:
  HttpResponse verify(const HttpRequest& request) const;
  HttpResponse message(const HttpRequest& request);
  // The plaintext reply XML to `message` ("" for "success") within the budget.
  std::string answer(const WechatMessage& message, const std::string& base_url);
  // The deadline of a search for a message arriving now (see the header comment).
  SearchDeadline search_deadline() const;
  void compute(std::shared_ptr<PendingReply> pending, WechatMessage message, std::string base_url,
               SearchDeadline deadline);
  void log(const std::string& line) const;

  WechatConfig config_;
  WechatEndpointOptions options_;
  std::optional<WechatCipher> cipher_;
  std::shared_ptr<WechatState> state_;
  WechatConversation conversation_;
  std::mutex workers_mutex_;
  std::condition_variable workers_cv_;
  std::size_t workers_ = 0;
};

// A stable pseudonym for an OpenID in logs: the first 12 hex digits of SHA-1(token + ":" +
// OpenID) — not reversible without the token, and the same user gets the same tag.
std::string wechat_user_tag(std::string_view token, std::string_view open_id);

}  // namespace medsearch::server
