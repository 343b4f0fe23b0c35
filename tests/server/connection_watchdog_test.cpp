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

#include <atomic>
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

// A keep-alive connection idle after its response holds a worker: while other connections
// wait for one, it is cut after one interval; not while none wait, and not when its client
// has just sent the next request (a worker is reading it).
TEST(ConnectionWatchdog, IdleKeepAliveConnectionsAreCutOnlyWhileOthersWait) {
  Listener listener;
  std::atomic<bool> others_wait{false};
  ConnectionWatchdog watchdog({milliseconds(5000), milliseconds(5000), milliseconds(20)});
  watchdog.start(listener.port(), [&] { return others_wait.load(); });
  RawConnection idle(listener.port()), sending(listener.port());
  ASSERT_TRUE(idle.connected() && sending.connected());
  for (const int port : {listener.accept_one(), listener.accept_one()}) {
    watchdog.answering("127.0.0.1", port);
    watchdog.answered("127.0.0.1", port, false);
  }
  ASSERT_TRUE(sending.send(kRequest));  // its next request, not read yet

  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_FALSE(cut(idle)) << "cut while no connection waits";
  EXPECT_FALSE(cut(sending));

  others_wait = true;
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_TRUE(cut(idle)) << "an idle keep-alive connection kept its worker while others waited";
  EXPECT_FALSE(cut(sending)) << "a connection with a request just sent was cut";
  EXPECT_EQ(watchdog.idle_closed_count(), 1u);
  EXPECT_EQ(watchdog.closed_count(), 0u);
}

}  // namespace
}  // namespace medsearch::server
