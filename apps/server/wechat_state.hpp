// What the WeChat endpoint keeps between messages: the users' sessions (last query and
// paging, wechat_sessions.hpp), the retry table (wechat_dedup.hpp), the customer-service API
// client with its cached access token (wechat_api_client.hpp), and the limit on searches at
// once (search_slots.hpp). The Server owns one for its lifetime and hands it to every Api it
// builds, so an index reload (a new Api and a new WechatEndpoint over the new index) keeps
// them: "more" pages on after a reload, a retry that straddles it is not searched twice, the
// token is not fetched again (WeChat limits token requests per day), and the old and new
// endpoints share the search slots. Thread-safe (each part is).
#pragma once

#include <memory>

#include "search_slots.hpp"
#include "wechat_api_client.hpp"
#include "wechat_config.hpp"
#include "wechat_dedup.hpp"
#include "wechat_sessions.hpp"

namespace medsearch::server {

struct WechatState {
  // `config`: session_ttl_s for the sessions; the push client when config.push_enabled().
  explicit WechatState(const WechatConfig& config)
      : sessions(std::chrono::seconds(config.session_ttl_s)),
        slots(static_cast<std::size_t>(config.max_concurrent_searches)),
        api(config.push_enabled()
                ? std::make_unique<WechatApiClient>(config.api_base_url, config.app_id, config.app_secret)
                : nullptr) {}

  WechatSessions sessions;
  WechatDedup dedup;
  SearchSlots slots;
  std::unique_ptr<WechatApiClient> api;  // null: no AppSecret, late replies are not pushed
};

}  // namespace medsearch::server
