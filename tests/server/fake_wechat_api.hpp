// A local fake of WeChat's API for the customer-service push tests: GET /cgi-bin/token and
// POST /cgi-bin/message/custom/send on loopback, recording what it was sent. Tokens are
// "token-1", "token-2", … ; reject_next_send makes the next send answer errcode 42001
// (access token expired).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace medsearch::server::wechat_sim {

class FakeWechatApi {
 public:
  FakeWechatApi() {
    server_.Get("/cgi-bin/token", [this](const httplib::Request& in, httplib::Response& out) {
      const std::lock_guard lock(mutex_);
      ++token_requests;
      last_appid = in.get_param_value("appid");
      last_secret = in.get_param_value("secret");
      current_token_ = "token-" + std::to_string(token_requests);
      out.set_content(nlohmann::json{{"access_token", current_token_}, {"expires_in", 7200}}.dump(), "application/json");
    });
    server_.Post("/cgi-bin/message/custom/send", [this](const httplib::Request& in, httplib::Response& out) {
      const std::lock_guard lock(mutex_);
      nlohmann::json answer = {{"errcode", 0}, {"errmsg", "ok"}};
      if (reject_next_send || in.get_param_value("access_token") != current_token_) {
        reject_next_send = false;
        answer = {{"errcode", 42001}, {"errmsg", "access_token expired"}};
      } else {
        sent.push_back(nlohmann::json::parse(in.body));
      }
      out.set_content(answer.dump(), "application/json");
      cv_.notify_all();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeWechatApi() {
    server_.stop();
    thread_.join();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Waits until `count` messages were accepted (or 10 s); returns how many were.
  std::size_t wait_for_sent(std::size_t count) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return sent.size() >= count; });
    return sent.size();
  }

  std::mutex mutex_;
  int token_requests = 0;
  bool reject_next_send = false;
  std::string last_appid, last_secret;
  std::vector<nlohmann::json> sent;

 private:
  httplib::Server server_;
  std::condition_variable cv_;
  std::string current_token_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace medsearch::server::wechat_sim
