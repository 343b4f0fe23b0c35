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

}  // namespace
}  // namespace medsearch::server
