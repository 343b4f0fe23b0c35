// The server's worker pool with a bounded queue (docs/cli.md `serve --threads --max-queued`):
// a connection accepted while every worker is busy waits in the queue; one accepted while
// `max_queued` already wait is refused at once (the server answers it 503, server.cpp)
// rather than queued without bound behind slow or idle clients.
// Thread-safe: try_enqueue from any thread (the accept loop), jobs run on the workers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace medsearch::server {

class WorkQueue {
 public:
  // `threads` ≥ 1 workers; `max_queued` jobs may wait (0: none wait, a job runs only when
  // a worker is idle).
  WorkQueue(std::size_t threads, std::size_t max_queued);
  ~WorkQueue();  // shutdown()
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `job`, or returns false (and drops it) when the queue is full or shut down.
  bool try_enqueue(std::function<void()> job);
  // Runs the queued jobs, then stops and joins the workers. Idempotent.
  void shutdown();

  std::size_t queued() const;  // jobs waiting now
  std::size_t busy() const;    // workers running a job now

 private:
  void work();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::size_t idle_ = 0;  // workers not running a job (they take the queued ones first)
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace medsearch::server
