// A test double of WeChat's server: builds the signed GET/POST requests it sends to an
// account's /wechat URL (plaintext and safe mode) and opens the replies. Encryption here
// uses the C++ WechatCipher; wechat_crypto_test.cpp checks that cipher against vectors from
// an independent implementation (scripts/wechat_protocol.py, python3-cryptography).
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include <pugixml.hpp>

#include "http_types.hpp"
#include "wechat_crypto.hpp"

namespace medsearch::server::wechat_sim {

inline constexpr const char* kToken = "medsearchToken";
inline constexpr const char* kAesKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA";
inline constexpr const char* kAppId = "wx1234567890abcdef";
inline constexpr const char* kOpenId = "oUser_abcdefghijklmnop123456";

inline std::string text_message_xml(const std::string& content, const std::string& msg_id,
                                    const std::string& from = kOpenId, long long create_time = 1700000000) {
  return "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[" + from +
         "]]></FromUserName><CreateTime>" + std::to_string(create_time) +
         "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>" +
         msg_id + "</MsgId></xml>";
}

inline std::string event_xml(const std::string& event, long long create_time = 1700000001) {
  return std::string("<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[") + kOpenId +
         "]]></FromUserName><CreateTime>" + std::to_string(create_time) +
         "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + event + "]]></Event></xml>";
}

struct Simulator {
  std::string token = kToken;
  long long now = static_cast<long long>(std::time(nullptr));
  std::string nonce = "n0nce42";

  HttpRequest signed_request(const std::string& method) const {
    HttpRequest r;
    r.method = method;
    r.path = "/wechat";
    r.headers["host"] = "search.example.cn";
    r.params.emplace("timestamp", std::to_string(now));
    r.params.emplace("nonce", nonce);
    r.params.emplace("signature", wechat_signature({token, std::to_string(now), nonce}));
    return r;
  }

  HttpRequest verification(const std::string& echostr) const {
    HttpRequest r = signed_request("GET");
    r.params.emplace("echostr", echostr);
    return r;
  }

  HttpRequest plaintext(const std::string& xml) const {
    HttpRequest r = signed_request("POST");
    r.params.emplace("openid", kOpenId);
    r.body = xml;
    return r;
  }

  HttpRequest safe_mode(const std::string& xml) const {
    const WechatCipher cipher(kAesKey, kAppId);
    return safe_mode_encrypted(cipher.encrypt(xml));
  }

  HttpRequest safe_mode_encrypted(const std::string& encrypt) const {
    HttpRequest r = signed_request("POST");
    r.params.emplace("openid", kOpenId);
    r.params.emplace("encrypt_type", "aes");
    r.params.emplace("msg_signature", wechat_signature({token, std::to_string(now), nonce, encrypt}));
    r.body = "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
    return r;
  }
};

// The text of `field` in a reply's <xml> root ("" when absent or not XML).
inline std::string reply_field(const std::string& xml, const char* field) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return {};
  return doc.child("xml").child(field).text().get();
}

}  // namespace medsearch::server::wechat_sim
