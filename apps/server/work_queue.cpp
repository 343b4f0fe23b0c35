#include "work_queue.hpp"

#include <algorithm>

namespace medsearch::server {
WorkQueue::WorkQueue(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
  threads = std::max<std::size_t>(threads, 1);
  idle_ = threads;  // counted before they start, so a job enqueued at once is not refused
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

WorkQueue::~WorkQueue() { shutdown(); }

bool WorkQueue::try_enqueue(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return false;
    // Idle workers take jobs at once: only the jobs beyond them wait.
    const std::size_t waiting_after = jobs_.size() + 1;
    if (waiting_after > idle_ + max_queued_) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkQueue::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  const std::lock_guard lock(mutex_);
  workers_.clear();
}

std::size_t WorkQueue::queued() const {
  const std::lock_guard lock(mutex_);
  return jobs_.size();
}

std::size_t WorkQueue::busy() const {
  const std::lock_guard lock(mutex_);
  return busy_;
}

void WorkQueue::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping, nothing left
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    ++busy_;
    lock.unlock();
    job();
    job = nullptr;  // its captures are released before the worker waits again
    lock.lock();
    --busy_;
    ++idle_;
  }
}

}  // namespace medsearch::server
