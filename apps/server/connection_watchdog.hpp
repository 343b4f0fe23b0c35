// Closes connections that take too long to deliver a request: the defence against slow
// clients (slowloris: headers sent a byte at a time, each byte inside the per-read timeout)
// and against clients that hold a worker with an idle keep-alive connection. The HTTP
// library reads a request with a timeout per read only, so a client that trickles bytes
// would hold a worker for ever; the watchdog gives each connection a deadline for its whole
// next request instead:
//   - from when it was accepted (so time spent queued counts), `read` to send a request;
//   - while a request is being answered, none (the search's own time budget applies);
//   - after each response, `keep_alive + read` for the next one; none after a response
//     marked `close` (a refusal: the connection is closed at the next check).
// The HTTP library does not show a connection's socket to its handlers, only the peer's
// address and port, so the watchdog finds the sockets itself: every `interval` it lists the
// process's descriptors (/proc/self/fd) and takes the TCP sockets whose local port is the
// server's, keyed by peer address and port. A socket past its deadline is shut down
// (shutdown(2) on a dup of it, checked to still have that peer after the dup, so a number
// reused meanwhile is never touched), which ends the worker's read at once.
// One exception keeps a browser from getting an empty answer: a late connection whose whole
// request head (up to the blank line) waits unread in its socket is left alone. No worker has
// taken it yet (it is queued behind busy workers), so the client is not slow, the server is;
// cutting it would answer a complete request with nothing (a browser's
// net::ERR_EMPTY_RESPONSE). The queue's bound (then 503) limits such waits.
// When a worker then takes it, the head is read before the handler reports answering(); a
// check falling in between sees no unread head and no answering. So a connection whose head
// was seen waiting at a check near or past its deadline, and is gone unanswered at a later
// one, was taken by a worker: it gets `read` more from then (its body may still trickle in).
// Thread-safe: handlers call answering/answered from any worker; one thread checks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace medsearch::server {

class ConnectionWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    std::chrono::milliseconds read{5000};        // to receive one whole request (headers and body)
    std::chrono::milliseconds keep_alive{3000};  // idle between requests on one connection
    std::chrono::milliseconds interval{100};     // how often deadlines are checked
  };

  explicit ConnectionWatchdog(Limits limits);
  ~ConnectionWatchdog();  // stop()
  ConnectionWatchdog(const ConnectionWatchdog&) = delete;
  ConnectionWatchdog& operator=(const ConnectionWatchdog&) = delete;

  // Starts watching the connections accepted on local `port` (once; later calls are ignored).
  void start(int port);
  void stop();

  // The peer as the HTTP library gives it ("127.0.0.1", 54321); unknown addresses are ignored.
  void answering(const std::string& peer_addr, int peer_port);
  // `close`: the connection is closed at the next check instead of waiting for another request.
  void answered(const std::string& peer_addr, int peer_port, bool close);

  std::uint64_t closed_count() const;  // connections shut down for missing a deadline

 private:
  struct Watched {
    Clock::time_point first_seen;
    Clock::time_point answered{};  // the last response written; epoch: none yet
    Clock::time_point taken{};     // when a check found its waiting head read by a worker
    bool answering = false;
    bool close = false;
    bool shut = false;
    bool seen = false;         // in the latest scan
    bool head_waited = false;  // a whole request head waited unread at a check since answered
  };
  void check_loop();
  void check_once();
  void check_socket(int fd, const std::string& key, Clock::time_point now);
  Clock::time_point deadline(const Watched& w) const;

  const Limits limits_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Watched> watched_;  // by peer key (family, address bytes, port)
  std::uint64_t closed_ = 0;
  bool stopping_ = false;
  std::thread checker_;
};

}  // namespace medsearch::server
