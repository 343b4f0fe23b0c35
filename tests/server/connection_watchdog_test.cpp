// ConnectionWatchdog on a bare loopback listener (no HTTP library), so each case is exactly
// the state a connection is in inside the server: accepted sockets that nobody reads are
// connections waiting in the queue for a worker; answering()/answered() are what the
// handlers report. Checks which ones the watchdog cuts.
#include "connection_watchdog.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "raw_client.hpp"

namespace medsearch::server {
namespace {

using std::chrono::milliseconds;

const std::string kRequest = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

// A loopback listening socket on an ephemeral port; accepted sockets are closed with it.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t size = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size);
    port_ = ntohs(addr.sin_port);
  }
  ~Listener() {
    for (const int fd : accepted_) ::close(fd);
    ::close(fd_);
  }
  int port() const { return port_; }
  int accepted(std::size_t i) const { return accepted_.at(i); }  // the server side of a connection
  // Accepts the next connection; returns its peer port (what a handler sees as remote_port).
  int accept_one() {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    const int fd = ::accept(fd_, reinterpret_cast<sockaddr*>(&peer), &size);
    EXPECT_GE(fd, 0);
    accepted_.push_back(fd);
    return ntohs(peer.sin_port);
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> accepted_;
};

// Whether the server side has shut the connection down (the client reads its end).
bool cut(RawConnection& c) {
  c.receive(milliseconds(50));
  return c.closed();
}

// The browser case: a connection that has sent its whole request and waits in the queue
// behind busy workers past the read deadline is the server's delay, not a slow client, and
// must not be answered with nothing. A partial request and a silent connection are cut.
TEST(ConnectionWatchdog, AWholeRequestWaitingForAWorkerIsNotCutPartialAndSilentOnesAre) {
  Listener listener;
  ConnectionWatchdog watchdog({milliseconds(300), milliseconds(300), milliseconds(20)});
  watchdog.start(listener.port());
  RawConnection whole(listener.port()), partial(listener.port()), silent(listener.port());
  ASSERT_TRUE(whole.connected() && partial.connected() && silent.connected());
  ASSERT_TRUE(whole.send(kRequest));
  ASSERT_TRUE(partial.send(kRequest.substr(0, 20)));
  for (int i = 0; i < 3; ++i) listener.accept_one();

  std::this_thread::sleep_for(milliseconds(800));  // well past the 300 ms deadline
  EXPECT_FALSE(cut(whole)) << "a whole request waiting for a worker was cut";
  EXPECT_TRUE(cut(partial));
  EXPECT_TRUE(cut(silent));
  EXPECT_EQ(watchdog.closed_count(), 2u);
}

// A worker takes a queued connection by reading its request; its handler reports answering()
// a moment later. A check falling in that moment (CI, loaded: an empty answer to a browser's
// queued request) sees no waiting head and no answering; it must not cut the connection.
// If the handler never reports, the connection gets `read` more and is then cut.
TEST(ConnectionWatchdog, ARequestAWorkerHasReadIsNotCutBeforeItsHandlerReports) {
  Listener listener;
  const milliseconds read(2000);  // ten times the checks below take, so a loaded machine passes
  ConnectionWatchdog watchdog({read, read, milliseconds(20)});
  watchdog.start(listener.port());
  RawConnection client(listener.port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(kRequest));
  listener.accept_one();
  std::this_thread::sleep_for(read + milliseconds(300));  // queued past the deadline
  EXPECT_FALSE(cut(client));

  std::string head(kRequest.size(), '\0');  // the worker reads it; the handler is yet to report
  ASSERT_EQ(::recv(listener.accepted(0), head.data(), head.size(), MSG_WAITALL), static_cast<ssize_t>(head.size()));
  std::this_thread::sleep_for(milliseconds(200));  // ten checks
  EXPECT_FALSE(cut(client)) << "a request being taken by a worker was cut";
  EXPECT_EQ(watchdog.closed_count(), 0u);

  std::this_thread::sleep_for(read);  // the handler never reported
  EXPECT_TRUE(cut(client));
  EXPECT_EQ(watchdog.closed_count(), 1u);
}

}  // namespace
}  // namespace medsearch::server
