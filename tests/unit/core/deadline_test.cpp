#include "medsearch/core/deadline.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace medsearch {
namespace {

TEST(Deadline, DefaultAndZeroNeverExpire) {
  const Deadline none;
  EXPECT_TRUE(none.unlimited());
  EXPECT_FALSE(none.expired());
  EXPECT_NO_THROW(none.check());
  EXPECT_TRUE(Deadline::after_ms(0).unlimited());
}

TEST(Deadline, ExpiresAfterItsBudgetAndNamesIt) {
  const Deadline d = Deadline::after_ms(5);
  EXPECT_FALSE(d.unlimited());
  EXPECT_EQ(d.budget_ms(), 5u);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(d.expired());
  try {
    d.check();
    FAIL() << "an expired deadline must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::DeadlineExceeded);
    EXPECT_NE(std::string(e.what()).find("5 ms"), std::string::npos) << e.what();
  }
}

TEST(Deadline, ALongBudgetDoesNotExpireAtOnce) {
  const Deadline d = Deadline::after_ms(60000);
  EXPECT_FALSE(d.expired());
  EXPECT_NO_THROW(d.check());
}

// The amortised check reads the clock once per kTicksPerClockRead ticks: an expired
// deadline is noticed at the first read, never before.
TEST(Deadline, CheckThrowsAtTheFirstClockRead) {
  std::uint32_t ticks = 0;
  {
    DeadlineCheck check(Deadline::after_ms(1));  // the check keeps its own copy
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_THROW(
        {
          for (; ticks < 10 * DeadlineCheck::kTicksPerClockRead; ++ticks) check.tick();
        },
        Error);
  }
  EXPECT_EQ(ticks + 1, DeadlineCheck::kTicksPerClockRead);
  DeadlineCheck unlimited{Deadline()};
  for (std::uint32_t i = 0; i < 10 * DeadlineCheck::kTicksPerClockRead; ++i) unlimited.tick();
}

TEST(Deadline, BatchedTicksReadTheClockWhenTheyCrossAReadPoint) {
  const Deadline d = Deadline::after_ms(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  DeadlineCheck check(d);
  EXPECT_NO_THROW(check.tick(DeadlineCheck::kTicksPerClockRead - 1));
  EXPECT_THROW(check.tick(1), Error);
  DeadlineCheck big(d);
  EXPECT_THROW(big.tick(5 * DeadlineCheck::kTicksPerClockRead), Error);
}

}  // namespace
}  // namespace medsearch
