#include "medsearch/core/helper_threads.hpp"

#include <atomic>

namespace medsearch {

// A task's life: Pending (queued) → Running (claimed by a helper or by join) → Done; or
// Pending → Cancelled (its OfferedTask was destroyed unjoined). Whoever moves it out of
// Pending with a compare-exchange runs it, so it runs at most once.
struct OfferedTask::State {
  enum Phase : int { Pending, Running, Done, Cancelled };
  std::function<void()> task;
  std::atomic<int> phase{Pending};
  bool on_helper = false;       // written before Done, read after
  std::exception_ptr error;     // written before Done, read after
  std::mutex mutex;
  std::condition_variable done;

  bool claim() {
    int expected = Pending;
    return phase.compare_exchange_strong(expected, Running);
  }
  void run(bool helper) {
    on_helper = helper;
    try {
      task();
    } catch (...) {
      error = std::current_exception();
    }
    task = nullptr;  // what it captured goes now, not with the last reference
    {
      const std::lock_guard lock(mutex);
      phase.store(Done);
    }
    done.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex);
    done.wait(lock, [this] { return phase.load() == Done; });
  }
};

OfferedTask& OfferedTask::operator=(OfferedTask&& other) noexcept {
  if (this != &other) {
    release();
    state_ = std::move(other.state_);
    ran_on_helper_ = other.ran_on_helper_;
  }
  return *this;
}

OfferedTask::~OfferedTask() { release(); }

void OfferedTask::join() {
  if (!state_) return;
  const std::shared_ptr<State> state = std::move(state_);
  if (state->claim()) {
    state->run(false);
  } else {
    state->wait();
  }
  ran_on_helper_ = state->on_helper;
  if (state->error) std::rethrow_exception(state->error);
}

void OfferedTask::release() noexcept {
  if (!state_) return;
  int expected = State::Pending;
  if (!state_->phase.compare_exchange_strong(expected, State::Cancelled)) state_->wait();
  state_.reset();
}

HelperThreads::HelperThreads(unsigned threads) : threads_(threads) {}

HelperThreads::~HelperThreads() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

unsigned HelperThreads::default_count() { return std::thread::hardware_concurrency() > 1 ? 1 : 0; }

OfferedTask HelperThreads::offer(std::function<void()> task) {
  auto state = std::make_shared<OfferedTask::State>();
  state->task = std::move(task);
  if (threads_ == 0) return OfferedTask(std::move(state));
  {
    const std::lock_guard lock(mutex_);
    while (workers_.size() < threads_) workers_.emplace_back([this] { run_helper(); });
    queue_.push_back(state);
  }
  wake_.notify_one();
  return OfferedTask(std::move(state));
}

void HelperThreads::run_parts(std::size_t parts, const std::function<void(std::size_t)>& part) {
  std::vector<OfferedTask> tasks;
  tasks.reserve(parts > 0 ? parts - 1 : 0);
  for (std::size_t p = 1; p < parts; ++p) tasks.push_back(offer([&part, p] { part(p); }));
  if (parts > 0) part(0);
  for (auto task = tasks.rbegin(); task != tasks.rend(); ++task) task->join();
}

void HelperThreads::run_helper() {
  for (;;) {
    std::shared_ptr<OfferedTask::State> state;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      state = std::move(queue_.front());
      queue_.pop_front();
    }
    // Claimed by its caller already, or cancelled: nothing to do.
    if (state->claim()) state->run(true);
  }
}

}  // namespace medsearch
