// HelperThreads (core/helper_threads.hpp): a task runs exactly once, on a helper when one is
// free and on the caller otherwise; join rethrows; an unjoined task is cancelled or waited for.
#include "medsearch/core/helper_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>
#include <thread>

namespace medsearch {
namespace {

using namespace std::chrono_literals;

// A task that holds a helper until released: started() says when a helper has begun it.
struct Blocker {
  std::promise<void> began;
  std::atomic<bool> release{false};
  std::function<void()> task() {
    return [this] {
      began.set_value();
      while (!release.load()) std::this_thread::sleep_for(1ms);
    };
  }
  bool started() { return began.get_future().wait_for(30s) == std::future_status::ready; }
};

TEST(HelperThreads, WithoutThreadsTheCallerRunsTheTaskAtJoin) {
  HelperThreads none(0);
  int runs = 0;
  OfferedTask task = none.offer([&] { ++runs; });
  EXPECT_EQ(runs, 0);  // nothing ran it yet
  task.join();
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(task.ran_on_helper());
}

TEST(HelperThreads, AFreeHelperRunsTheTaskWhileTheCallerWorks) {
  HelperThreads helpers(1);
  Blocker blocker;
  OfferedTask task = helpers.offer(blocker.task());
  // The caller would spin forever if it had to run the task itself: only a helper can
  // have started it.
  ASSERT_TRUE(blocker.started());
  blocker.release = true;
  task.join();
  EXPECT_TRUE(task.ran_on_helper());
}

TEST(HelperThreads, ATaskNoHelperStartedIsRunByTheCallerAndOnlyOnce) {
  HelperThreads helpers(1);
  Blocker blocker;
  OfferedTask busy = helpers.offer(blocker.task());
  ASSERT_TRUE(blocker.started());
  // The only helper is busy: the next task waits in the queue and its caller takes it.
  std::atomic<int> runs{0};
  OfferedTask queued = helpers.offer([&] { ++runs; });
  queued.join();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_FALSE(queued.ran_on_helper());
  blocker.release = true;
  busy.join();
  // The helper then pops the claimed task and must not run it again.
  OfferedTask after = helpers.offer([] {});
  after.join();
  EXPECT_EQ(runs.load(), 1);
}

TEST(HelperThreads, JoinRethrowsWhatTheTaskThrew) {
  for (unsigned threads : {0u, 1u}) {
    HelperThreads helpers(threads);
    OfferedTask task = helpers.offer([] { throw std::runtime_error("facet column unreadable"); });
    EXPECT_THROW(task.join(), std::runtime_error) << threads << " threads";
  }
}

TEST(HelperThreads, AnUnjoinedTaskIsCancelledIfNotStartedElseWaitedFor) {
  HelperThreads helpers(1);
  std::promise<void> busy_started;
  std::atomic<bool> release{false};
  std::atomic<bool> busy_finished{false};
  std::atomic<int> cancelled_runs{0};
  {
    OfferedTask busy = helpers.offer([&] {
      busy_started.set_value();
      while (!release.load()) std::this_thread::sleep_for(1ms);
      std::this_thread::sleep_for(20ms);
      busy_finished = true;
    });
    ASSERT_EQ(busy_started.get_future().wait_for(30s), std::future_status::ready);
    { OfferedTask never = helpers.offer([&] { ++cancelled_runs; }); }  // destroyed while queued
    release = true;
  }  // `busy` is running: its destructor waits for it
  EXPECT_TRUE(busy_finished.load());
  OfferedTask after = helpers.offer([] {});
  after.join();  // the helper has passed the cancelled task by now
  EXPECT_EQ(cancelled_runs.load(), 0);
}

TEST(HelperThreads, ManyCallersAtOnceEachTaskRunsExactlyOnce) {
  HelperThreads helpers(2);
  constexpr int kCallers = 8, kTasks = 200;
  std::atomic<int> runs{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&] {
      for (int t = 0; t < kTasks; ++t) {
        int mine = 0;
        OfferedTask task = helpers.offer([&] { ++mine; ++runs; });
        if (t % 3 == 0) continue;  // some are dropped unjoined: cancelled or waited for
        task.join();
        EXPECT_EQ(mine, 1);
      }
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_LE(runs.load(), kCallers * kTasks);
  EXPECT_GE(runs.load(), kCallers * (kTasks - (kTasks + 2) / 3));
}

}  // namespace
}  // namespace medsearch
