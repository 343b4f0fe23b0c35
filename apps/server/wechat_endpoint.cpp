#include "wechat_endpoint.hpp"

#include <algorithm>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <thread>

#include "medsearch/core/error.hpp"

namespace medsearch::server {
namespace {

std::string param(const HttpRequest& request, const char* name) {
  const auto it = request.params.find(name);
  return it == request.params.end() ? std::string() : it->second;
}

HttpResponse text_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// WeChat's "no reply" answer ("回复 success"): it neither retries nor shows an error.
HttpResponse success() { return text_response(200, "success"); }
HttpResponse forbidden() { return text_response(403, "forbidden"); }

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

std::string wechat_user_tag(std::string_view token, std::string_view open_id) {
  return sha1_hex(std::string(token) + ":" + std::string(open_id)).substr(0, 12);
}

WechatEndpoint::WechatEndpoint(const engine::Searcher& searcher, WechatConfig config, WechatEndpointOptions options,
                               std::shared_ptr<WechatState> state)
    : config_(std::move(config)),
      options_(std::move(options)),
      state_(state ? std::move(state) : std::make_shared<WechatState>(config_)),
      conversation_(searcher, config_, state_->sessions, options_.search_caps) {
  validate_wechat_config(config_);
  if (!config_.encoding_aes_key.empty()) cipher_.emplace(config_.encoding_aes_key, config_.app_id);
}

WechatEndpoint::~WechatEndpoint() {
  std::unique_lock lock(workers_mutex_);
  workers_cv_.wait(lock, [this] { return workers_ == 0; });
}

void WechatEndpoint::log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "medsearch: wechat: %s\n", line.c_str());
  }
}

HttpResponse WechatEndpoint::handle(const HttpRequest& request) {
  // The signature comes first: nothing of an unsigned request is parsed.
  const std::string timestamp = param(request, "timestamp");
  const std::string nonce = param(request, "nonce");
  const std::string signature = param(request, "signature");
  std::int64_t sent_at = 0;
  const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent_at);
  if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size() || nonce.size() > 64 ||
      !signatures_equal(signature, wechat_signature({config_.token, timestamp, nonce}))) {
    log("403: missing or wrong signature");
    return forbidden();
  }
  const std::int64_t now = options_.now_unix ? options_.now_unix() : unix_now();
  if (sent_at < now - config_.max_clock_skew_s || sent_at > now + config_.max_clock_skew_s) {
    log("403: timestamp " + timestamp + " is more than " + std::to_string(config_.max_clock_skew_s) + " s from now");
    return forbidden();
  }
  if (request.method == "GET" || request.method == "HEAD") return verify(request);
  return message(request);
}

HttpResponse WechatEndpoint::verify(const HttpRequest& request) const {
  return text_response(200, param(request, "echostr").substr(0, 1024));
}

HttpResponse WechatEndpoint::message(const HttpRequest& request) {
  if (request.body.size() > kWechatMaxBodyBytes) {
    log("413: body of " + std::to_string(request.body.size()) + " bytes");
    return error_response(413, "PayloadTooLarge", "the request body is too large");
  }
  const std::string timestamp = param(request, "timestamp");
  const std::string nonce = param(request, "nonce");
  const bool safe_mode = param(request, "encrypt_type") == "aes";
  std::string xml = request.body;
  std::string error;
  if (safe_mode) {
    if (!cipher_) {
      log("an encrypted message, but no encoding_aes_key is configured");
      return success();
    }
    const std::optional<WechatEnvelope> envelope = parse_wechat_envelope(request.body, error);
    if (!envelope) {
      log("bad envelope: " + error);
      return success();
    }
    if (!signatures_equal(param(request, "msg_signature"),
                          wechat_signature({config_.token, timestamp, nonce, envelope->encrypt}))) {
      log("403: missing or wrong msg_signature");
      return forbidden();
    }
    try {
      xml = cipher_->decrypt(envelope->encrypt);
    } catch (const Error& e) {
      log(std::string("cannot decrypt: ") + e.what());
      return success();
    }
  }
  const std::optional<WechatMessage> message = parse_wechat_message(xml, error);
  if (!message) {
    log("bad message: " + error);
    return success();
  }
  std::string base_url = config_.public_url;
  if (base_url.empty()) {
    const auto host = request.headers.find("host");
    if (host != request.headers.end()) base_url = "http://" + host->second;
  }
  const std::string reply = answer(*message, base_url);
  if (reply.empty()) return success();
  HttpResponse response = text_response(200, reply);
  response.content_type = "application/xml; charset=utf-8";
  if (safe_mode) {
    const std::string encrypt = cipher_->encrypt(reply);
    response.body = encrypted_reply_xml(encrypt, wechat_signature({config_.token, timestamp, nonce, encrypt}), timestamp, nonce);
  }
  return response;
}

std::string WechatEndpoint::answer(const WechatMessage& message, const std::string& base_url) {
  auto [pending, fresh] = state_->dedup.claim(WechatDedup::key(message.msg_id, message.from_user, message.create_time));
  if (fresh) {
    {
      const std::lock_guard lock(workers_mutex_);
      ++workers_;
    }
    // A thread per message: the request waits for it at most reply_budget_ms, and a search
    // that takes longer finishes (and is pushed) after the request has been answered.
    std::thread(&WechatEndpoint::compute, this, pending, message, base_url, search_deadline()).detach();
  }
  std::unique_lock lock(pending->mutex);
  pending->done_cv.wait_for(lock, std::chrono::milliseconds(config_.reply_budget_ms), [&] { return pending->done; });
  if (pending->done && !pending->abandoned) {
    return pending->text.empty() ? std::string() : text_reply_xml(message, pending->text, unix_now());
  }
  if (fresh && !pending->done) {
    pending->abandoned = true;
    log("user " + wechat_user_tag(config_.token, message.from_user) + ": no reply within " +
        std::to_string(config_.reply_budget_ms) + " ms; answered success" +
        (state_->api ? ", pushing the reply when ready" : " (no app_secret: the reply will not be delivered)"));
  }
  return {};
}

SearchDeadline WechatEndpoint::search_deadline() const {
  const std::uint32_t server = options_.search_caps.budget_ms;  // 0: none
  SearchDeadline deadline;
  // A late reply is pushed: the search may use the server's whole budget, as any search.
  if (state_->api) {
    deadline.budget_ms = server;
    return deadline;
  }
  // Nothing can deliver a reply after the window: stop there (at least 1 ms; 0 is "none").
  const auto window = static_cast<std::uint32_t>(std::max(1, config_.reply_budget_ms));
  deadline.budget_ms = server > 0 ? std::min(server, window) : window;
  return deadline;
}

void WechatEndpoint::compute(std::shared_ptr<PendingReply> pending, WechatMessage message, std::string base_url,
                             SearchDeadline deadline) {
  std::string text;
  try {
    // One search per core at a time (search_slots.hpp): the wait counts against `deadline`.
    const SearchSlots::Slot slot = state_->slots.acquire();
    if (options_.before_reply) options_.before_reply();
    WechatReplyText reply = conversation_.reply(message, base_url, deadline);
    if (reply.timed_out) {
      log("user " + wechat_user_tag(config_.token, message.from_user) + ": search stopped at its budget of " +
          std::to_string(deadline.budget_ms) + " ms");
    }
    text = std::move(reply.text);
  } catch (const std::exception& e) {
    log("user " + wechat_user_tag(config_.token, message.from_user) + ": reply failed: " + e.what());
  }
  bool push = false;
  {
    const std::lock_guard lock(pending->mutex);
    pending->text = text;
    pending->done = true;
    push = pending->abandoned;
  }
  pending->done_cv.notify_all();
  if (push && state_->api && !text.empty()) {
    const std::string error = state_->api->send_text(message.from_user, text);
    log("user " + wechat_user_tag(config_.token, message.from_user) +
        (error.empty() ? ": reply pushed (customer-service message)" : ": push failed: " + error));
  }
  const std::lock_guard lock(workers_mutex_);
  --workers_;
  workers_cv_.notify_all();
}

}  // namespace medsearch::server
