// A counting limit on how many searches run at once (the WeChat endpoint's, decision 0025).
// With more searches than cores in flight, the OS shares the cores among them and every
// search, the slowest included, takes as many times longer as there are searches per core;
// with one search per core the others wait in line and each runs at full speed, so the
// tail is the slowest search's own time plus a short wait instead of a multiple of it.
// acquire() blocks until a slot is free (FIFO is not guaranteed: std::condition_variable
// wakes in no set order); the returned Slot frees it when destroyed. Thread-safe.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace medsearch::server {

class SearchSlots {
 public:
  // `capacity` 0: the machine's hardware threads (at least 1).
  explicit SearchSlots(std::size_t capacity)
      : capacity_(capacity > 0 ? capacity : std::max<std::size_t>(1, std::thread::hardware_concurrency())) {}
  SearchSlots(const SearchSlots&) = delete;
  SearchSlots& operator=(const SearchSlots&) = delete;

  class Slot {
   public:
    explicit Slot(SearchSlots& slots) : slots_(&slots) {}
    Slot(Slot&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (slots_ != nullptr) slots_->release();
    }

   private:
    SearchSlots* slots_;
  };

  Slot acquire() {
    std::unique_lock lock(mutex_);
    free_cv_.wait(lock, [this] { return busy_ < capacity_; });
    ++busy_;
    return Slot(*this);
  }

  std::size_t capacity() const { return capacity_; }

 private:
  void release() {
    {
      const std::lock_guard lock(mutex_);
      --busy_;
    }
    free_cv_.notify_one();
  }

  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable free_cv_;
  std::size_t busy_ = 0;
};

}  // namespace medsearch::server
