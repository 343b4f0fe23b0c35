// A point in time after which a query's work is abandoned: the per-request time budget
// (docs/api.md#time-budget). Long loops call DeadlineCheck::tick() once per unit of work;
// it reads the steady clock every kTicksPerClockRead ticks and throws
// Error(DeadlineExceeded) once the deadline has passed, so an over-budget query stops
// within a few microseconds of work past it instead of running to the end.
#pragma once

#include <chrono>
#include <cstdint>

#include "medsearch/core/error.hpp"

namespace medsearch {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  Deadline() = default;  // never expires
  // `budget_ms` from now; 0 means no limit.
  static Deadline after_ms(std::uint32_t budget_ms) {
    Deadline d;
    if (budget_ms > 0) {
      d.at_ = Clock::now() + std::chrono::milliseconds(budget_ms);
      d.budget_ms_ = budget_ms;
    }
    return d;
  }
  bool unlimited() const { return budget_ms_ == 0; }
  std::uint32_t budget_ms() const { return budget_ms_; }
  bool expired() const { return !unlimited() && Clock::now() >= at_; }
  // Throws Error(DeadlineExceeded) naming the budget when it has passed.
  void check() const {
    if (expired()) {
      throw Error(ErrorCode::DeadlineExceeded,
                  "the request ran past its time budget of " + std::to_string(budget_ms_) + " ms");
    }
  }

 private:
  Clock::time_point at_{};
  std::uint32_t budget_ms_ = 0;
};

// Amortises Deadline::check over many iterations of a loop (one per posting, candidate or
// block). Not thread-safe: one per loop.
class DeadlineCheck {
 public:
  static constexpr std::uint32_t kTicksPerClockRead = 1024;
  explicit DeadlineCheck(const Deadline& deadline) : deadline_(deadline) {}
  void tick() {
    if (deadline_.unlimited() || ++ticks_ % kTicksPerClockRead != 0) return;
    deadline_.check();
  }

 private:
  const Deadline& deadline_;
  std::uint32_t ticks_ = 0;
};

}  // namespace medsearch
