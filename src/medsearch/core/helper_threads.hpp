// HelperThreads: a few threads that do part of a request beside the thread serving it.
//
// A caller offers a task and goes on with its own work; later it joins the task. A helper
// that is free takes the task from the queue and runs it meanwhile. If no helper has
// started it by the time the caller joins (every core busy, e.g. a loaded server), the
// caller runs it itself: a task never waits for a core while its own caller has one, so
// offering costs a loaded server one queue push and no latency
// (docs/decisions/0032-facets-beside-the-search.md).
//
// Contract of an OfferedTask (move-only; it must not outlive what the task refers to):
// - join() returns once the task has run (here or on a helper) and rethrows what it threw.
// - Destroying a task that was not joined cancels it if no helper started it, else waits
//   for it to finish (its exception is dropped): a task that captured locals by reference
//   is safe when the caller's scope unwinds by an exception.
// Thread-safe; the threads start on the first offer (a CLI that never offers starts none).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace medsearch {

class OfferedTask {
 public:
  OfferedTask() = default;  // joins nothing
  OfferedTask(OfferedTask&&) noexcept = default;
  OfferedTask& operator=(OfferedTask&& other) noexcept;
  OfferedTask(const OfferedTask&) = delete;
  OfferedTask& operator=(const OfferedTask&) = delete;
  ~OfferedTask();

  void join();
  // Whether a helper thread (not the caller) ran it; valid after join(). For tests.
  bool ran_on_helper() const { return ran_on_helper_; }

  struct State;  // shared with the queue; defined in helper_threads.cpp

 private:
  friend class HelperThreads;
  explicit OfferedTask(std::shared_ptr<State> state) : state_(std::move(state)) {}
  void release() noexcept;  // cancel or wait, never throw
  std::shared_ptr<State> state_;
  bool ran_on_helper_ = false;
};

class HelperThreads {
 public:
  // `threads` helpers; 0 makes offer() hand the task back to run at join().
  explicit HelperThreads(unsigned threads);
  ~HelperThreads();  // stops the helpers; tasks still queued are left to their callers
  HelperThreads(const HelperThreads&) = delete;
  HelperThreads& operator=(const HelperThreads&) = delete;

  OfferedTask offer(std::function<void()> task);
  unsigned threads() const { return threads_; }

  // One job cut into `parts` parts: part(1) .. part(parts - 1) are offered, part(0) runs on
  // the caller's thread, then the offered ones are joined from the back (helpers take
  // tasks from the front, so the last are the likeliest to be still queued, and the caller
  // runs those itself instead of waiting for a busy helper). Returns once every part has
  // run; rethrows the exception of part(0) or of the first join that throws (the other
  // parts are cancelled or waited for, as OfferedTask's destructor does).
  void run_parts(std::size_t parts, const std::function<void(std::size_t)>& part);

  // One helper where the machine has a second core, else none: the default of a server.
  static unsigned default_count();

 private:
  void run_helper();
  const unsigned threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<OfferedTask::State>> queue_;
  std::vector<std::thread> workers_;  // started by the first offer
  bool stopping_ = false;
};

}  // namespace medsearch
