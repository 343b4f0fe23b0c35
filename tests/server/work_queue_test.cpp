// WorkQueue: jobs beyond the idle workers wait up to max_queued, more are refused; every
// accepted job runs. Runs under the tsan preset (ServerGuard*).
#include "work_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace medsearch::server {
namespace {

TEST(ServerGuardQueue, RefusesJobsBeyondTheBusyWorkersAndTheQueue) {
  WorkQueue queue(2, 3);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  const auto blocked = [&] {
    released.wait();
    ++ran;
  };
  ASSERT_TRUE(queue.try_enqueue(blocked));
  ASSERT_TRUE(queue.try_enqueue(blocked));
  while (queue.busy() < 2) std::this_thread::yield();  // both workers hold a job
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(queue.try_enqueue(blocked)) << i;
  EXPECT_EQ(queue.queued(), 3u);
  EXPECT_FALSE(queue.try_enqueue(blocked));
  release.set_value();
  queue.shutdown();  // runs what was queued first
  EXPECT_EQ(ran.load(), 5);
  EXPECT_FALSE(queue.try_enqueue([] {}));
}

TEST(ServerGuardQueue, AJobEnqueuedAtOnceIsNotRefused) {
  WorkQueue queue(1, 0);  // no queue: the idle worker counts from construction
  std::promise<void> ran;
  ASSERT_TRUE(queue.try_enqueue([&] { ran.set_value(); }));
  ran.get_future().wait();
}

}  // namespace
}  // namespace medsearch::server
