// Rate limits on sign-in attempts (POST /api/login, docs/api.md "Judgments"). Every attempt
// costs an Argon2id hash of 64 MiB and ~0.1-0.5 s of a core (judgments/password_hash.hpp),
// so attempts are limited before the hash is computed:
//   - per client address, every attempt (the cost to the server): a token bucket;
//   - per account name, failed attempts only (password guessing): a token bucket, so that
//     a correct password is never refused for others' failures until they exhaust it;
//   - hashes running at once, across all clients: a cap (memory: each holds 64 MiB).
// A refused attempt gets 429 with Retry-After (whole seconds until a token is back).
// Token buckets: `burst` attempts at once, then one per `refill` (cf. RFC 6585 §4 for 429
// and Retry-After). The tables are bounded (least recently used buckets dropped first;
// a dropped bucket is full again, which errs on the side of the client).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace medsearch::server {

struct LoginLimits {
  double address_burst = 10;
  std::chrono::milliseconds address_refill{6000};  // 10 a minute once the burst is spent
  double account_burst = 5;
  std::chrono::milliseconds account_refill{60000};  // 1 failed attempt a minute after 5
  std::size_t max_concurrent = 2;                  // Argon2id hashes at once
  std::size_t max_tracked = 10000;                  // buckets kept per table
};

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginLimiter(LoginLimits limits = {});

  // A permit to hash one attempt, or the seconds to wait (Retry-After). Takes a token from
  // the address's bucket and checks (without taking) the account's.
  struct Decision {
    bool allowed = false;
    int retry_after_s = 0;  // when refused
    std::string reason;     // when refused: which limit
  };
  Decision admit(const std::string& address, const std::string& account);
  // After an admitted attempt: a failure takes a token from the account's bucket. Ends
  // the attempt's share of the concurrency cap either way.
  void finish(const std::string& account, bool succeeded);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  // The bucket for `key`, refilled up to now (created full).
  Bucket& bucket(std::map<std::string, Bucket>& table, const std::string& key, double burst,
                 std::chrono::milliseconds refill, Clock::time_point now);
  static int seconds_until_token(const Bucket& b, std::chrono::milliseconds refill);

  const LoginLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Bucket> by_address_;
  std::map<std::string, Bucket> by_account_;
  std::size_t running_ = 0;
};

}  // namespace medsearch::server
