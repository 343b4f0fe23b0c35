// A point in time after which a request's work is abandoned: the per-request time budget
// (docs/api.md "Time budget"). Long loops hold a DeadlineCheck and call tick() once per
// unit of work (a posting, a lexicon entry), or tick(n) for a step worth n units (a top-k
// candidate touching n posting lists, a decoded block of n postings); it reads the steady clock every
// kTicksPerClockRead ticks and throws Error(DeadlineExceeded) once the deadline has passed,
// so an over-budget query stops within a few microseconds of work past it instead of
// running to the end. Both types are small values, cheap to copy; neither is shared
// between threads (each loop has its own DeadlineCheck).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

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

// Amortises Deadline::check over many iterations of a loop. Holds a copy of the deadline,
// so it may outlive the Deadline it was made from.
class DeadlineCheck {
 public:
  // A clock read costs ~20 ns (vDSO); one per 1024 units keeps the check well under 1% of
  // a loop whose unit is a posting (~5-20 ns each), and notices expiry within ~20 µs.
  static constexpr std::uint32_t kTicksPerClockRead = 1024;
  explicit DeadlineCheck(const Deadline& deadline) : deadline_(deadline) {}
  void tick() {
    if (deadline_.unlimited() || ++ticks_ % kTicksPerClockRead != 0) return;
    deadline_.check();
  }
  // `units` of work at once (a block of postings, a batch of candidates).
  void tick(std::uint32_t units) {
    if (deadline_.unlimited()) return;
    const std::uint32_t before = ticks_ / kTicksPerClockRead;
    ticks_ += units;
    if (ticks_ / kTicksPerClockRead != before) deadline_.check();
  }

 private:
  Deadline deadline_;
  std::uint32_t ticks_ = 0;
};

}  // namespace medsearch
