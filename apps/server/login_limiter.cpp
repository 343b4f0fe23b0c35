#include "login_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace medsearch::server {

LoginLimiter::LoginLimiter(LoginLimits limits) : limits_(limits) {}

LoginLimiter::Bucket& LoginLimiter::bucket(std::map<std::string, Bucket>& table, const std::string& key, double burst,
                                           std::chrono::milliseconds refill, Clock::time_point now) {
  auto it = table.find(key);
  if (it == table.end()) {
    if (table.size() >= limits_.max_tracked) {
      // The least recently touched bucket goes; it would be the fullest by now.
      table.erase(std::min_element(table.begin(), table.end(),
                                   [](const auto& a, const auto& b) { return a.second.updated < b.second.updated; }));
    }
    it = table.emplace(key, Bucket{burst, now}).first;
    return it->second;
  }
  Bucket& b = it->second;
  const double elapsed_ms = std::chrono::duration<double, std::milli>(now - b.updated).count();
  b.tokens = std::min(burst, b.tokens + elapsed_ms / double(refill.count()));
  b.updated = now;
  return b;
}

int LoginLimiter::seconds_until_token(const Bucket& b, std::chrono::milliseconds refill) {
  const double missing = std::max(0.0, 1.0 - b.tokens);
  return std::max(1, static_cast<int>(std::ceil(missing * double(refill.count()) / 1000.0)));
}

LoginLimiter::Decision LoginLimiter::admit(const std::string& address, const std::string& account) {
  const Clock::time_point now = Clock::now();
  const std::lock_guard lock(mutex_);
  Bucket& by_account = bucket(by_account_, account, limits_.account_burst, limits_.account_refill, now);
  if (by_account.tokens < 1) {
    return {false, seconds_until_token(by_account, limits_.account_refill), "too many failed sign-ins for this account"};
  }
  Bucket& by_address = bucket(by_address_, address, limits_.address_burst, limits_.address_refill, now);
  if (by_address.tokens < 1) {
    return {false, seconds_until_token(by_address, limits_.address_refill), "too many sign-in attempts from this address"};
  }
  if (running_ >= limits_.max_concurrent) return {false, 1, "too many sign-ins at once"};
  by_address.tokens -= 1;
  ++running_;
  return {true, 0, ""};
}

void LoginLimiter::finish(const std::string& account, bool succeeded) {
  const Clock::time_point now = Clock::now();
  const std::lock_guard lock(mutex_);
  --running_;
  if (!succeeded) bucket(by_account_, account, limits_.account_burst, limits_.account_refill, now).tokens -= 1;
}

}  // namespace medsearch::server
