// The second file that includes the HTTP library (beside server.cpp): the client side.
#include "wechat_api_client.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "mobile_links.hpp"

namespace medsearch::server {
namespace {

// The token's documented lifetime is 7200 s; renew 5 minutes early.
constexpr std::chrono::seconds kRenewEarly{300};

httplib::Client make_client(const std::string& base_url, int timeout_ms) {
  httplib::Client client(base_url);
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  return client;
}

// The JSON body of a 200 answer, or a null json with `error` set.
nlohmann::json json_body(const httplib::Result& result, const char* what, std::string& error) {
  if (!result) {
    error = std::string(what) + ": " + httplib::to_string(result.error());
    return nullptr;
  }
  if (result->status != 200) {
    error = std::string(what) + ": HTTP " + std::to_string(result->status);
    return nullptr;
  }
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  if (!body.is_object()) {
    error = std::string(what) + ": the answer is not a JSON object";
    return nullptr;
  }
  return body;
}

bool token_rejected(long long errcode) { return errcode == 40001 || errcode == 40014 || errcode == 42001; }

}  // namespace

WechatApiClient::WechatApiClient(std::string base_url, std::string app_id, std::string app_secret, int timeout_ms)
    : base_url_(std::move(base_url)), app_id_(std::move(app_id)), app_secret_(std::move(app_secret)), timeout_ms_(timeout_ms) {}

std::string WechatApiClient::access_token(bool force, std::string& error) {
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!force && !token_.empty() && now < token_expires_) return token_;
  httplib::Client client = make_client(base_url_, timeout_ms_);
  const std::string path = "/cgi-bin/token?grant_type=client_credential&appid=" + percent_encode(app_id_) +
                           "&secret=" + percent_encode(app_secret_);
  const nlohmann::json body = json_body(client.Get(path), "access token", error);
  if (body.is_null()) return {};
  if (!body.contains("access_token") || !body["access_token"].is_string()) {
    error = "access token: errcode " + body.value("errcode", nlohmann::json(-1)).dump() + " " +
            body.value("errmsg", std::string());
    return {};
  }
  token_ = body["access_token"].get<std::string>();
  const long long expires_in = body.value("expires_in", 7200LL);
  token_expires_ = now + std::chrono::seconds(expires_in) - kRenewEarly;
  return token_;
}

std::string WechatApiClient::send_text(const std::string& open_id, const std::string& content) {
  const nlohmann::json message = {{"touser", open_id}, {"msgtype", "text"}, {"text", {{"content", content}}}};
  const std::string payload = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string error;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string token = access_token(attempt > 0, error);
    if (token.empty()) return error;
    httplib::Client client = make_client(base_url_, timeout_ms_);
    const nlohmann::json body = json_body(
        client.Post("/cgi-bin/message/custom/send?access_token=" + percent_encode(token), payload, "application/json"),
        "customer-service message", error);
    if (body.is_null()) return error;
    const long long errcode = body.value("errcode", 0LL);
    if (errcode == 0) return {};
    error = "customer-service message: errcode " + std::to_string(errcode) + " " + body.value("errmsg", std::string());
    if (!token_rejected(errcode)) return error;
  }
  return error;
}

}  // namespace medsearch::server
