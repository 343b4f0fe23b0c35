#include "wechat_config.hpp"

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "wechat_crypto.hpp"

namespace medsearch::server {
namespace {

void read_file(const std::string& path, WechatConfig& config) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::InvalidArgument, "cannot read the WeChat config '" + path + "'");
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::InvalidArgument, "WeChat config '" + path + "' is not JSON: " + e.what());
  }
  if (!json.is_object()) throw Error(ErrorCode::InvalidArgument, "WeChat config '" + path + "' is not a JSON object");
  for (const auto& [key, value] : json.items()) {
    auto text = [&, key = key, value = value](std::string& out) {
      if (!value.is_string()) throw Error(ErrorCode::InvalidArgument, "WeChat config '" + path + "': '" + key + "' must be a string");
      out = value.get<std::string>();
    };
    auto number = [&, key = key, value = value](int& out, int lo, int hi) {
      if (!value.is_number_integer() || value.get<long long>() < lo || value.get<long long>() > hi) {
        throw Error(ErrorCode::InvalidArgument, "WeChat config '" + path + "': '" + key + "' must be an integer in " +
                                                    std::to_string(lo) + ".." + std::to_string(hi));
      }
      out = value.get<int>();
    };
    if (key == "token") text(config.token);
    else if (key == "encoding_aes_key") text(config.encoding_aes_key);
    else if (key == "app_id") text(config.app_id);
    else if (key == "app_secret") text(config.app_secret);
    else if (key == "api_base_url") text(config.api_base_url);
    else if (key == "public_url") text(config.public_url);
    else if (key == "reply_budget_ms") number(config.reply_budget_ms, 0, 4800);
    else if (key == "max_clock_skew_s") number(config.max_clock_skew_s, 1, 3600);
    else if (key == "session_ttl_s") number(config.session_ttl_s, 1, 86400);
    else if (key == "results_per_reply") number(config.results_per_reply, 1, 10);
    else if (key == "max_concurrent_searches") number(config.max_concurrent_searches, 0, 1024);
    else throw Error(ErrorCode::InvalidArgument, "WeChat config '" + path + "': unknown key '" + key.substr(0, 64) + "'");
  }
}

void read_env(const char* name, std::string& out) {
  if (const char* value = std::getenv(name); value != nullptr && *value != '\0') out = value;
}

}  // namespace

WechatConfig load_wechat_config(const std::string& path) {
  WechatConfig config;
  if (!path.empty()) read_file(path, config);
  read_env("MEDSEARCH_WECHAT_TOKEN", config.token);
  read_env("MEDSEARCH_WECHAT_ENCODING_AES_KEY", config.encoding_aes_key);
  read_env("MEDSEARCH_WECHAT_APP_ID", config.app_id);
  read_env("MEDSEARCH_WECHAT_APP_SECRET", config.app_secret);
  read_env("MEDSEARCH_WECHAT_API_BASE_URL", config.api_base_url);
  read_env("MEDSEARCH_WECHAT_PUBLIC_URL", config.public_url);
  if (config.enabled()) validate_wechat_config(config);
  return config;
}

void validate_wechat_config(const WechatConfig& config) {
  // The account page takes tokens of 3–32 letters and digits.
  if (config.token.size() < 3 || config.token.size() > 32) {
    throw Error(ErrorCode::InvalidArgument, "WeChat token must be 3..32 characters");
  }
  if (!config.encoding_aes_key.empty()) {
    if (config.app_id.empty()) throw Error(ErrorCode::InvalidArgument, "WeChat safe mode (encoding_aes_key) needs app_id");
    WechatCipher(config.encoding_aes_key, config.app_id);  // throws for a malformed key
  }
  if (config.api_base_url.rfind("http://", 0) != 0 && config.api_base_url.rfind("https://", 0) != 0) {
    throw Error(ErrorCode::InvalidArgument, "WeChat api_base_url must start with http:// or https://");
  }
}

}  // namespace medsearch::server
