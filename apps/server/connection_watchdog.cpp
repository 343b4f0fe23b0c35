#include "connection_watchdog.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace medsearch::server {
namespace {

// A peer as bytes: family, address, port. Both sides build it from binary addresses, so
// textual forms ("::ffff:127.0.0.1") cannot make two keys differ.
std::string peer_key(int family, const void* address, std::size_t size, int port) {
  std::string key(1, static_cast<char>(family));
  key.append(static_cast<const char*>(address), size);
  key += std::to_string(port);
  return key;
}

std::string key_of(const std::string& addr, int port) {
  in_addr v4{};
  if (::inet_pton(AF_INET, addr.c_str(), &v4) == 1) return peer_key(AF_INET, &v4, sizeof v4, port);
  in6_addr v6{};
  if (::inet_pton(AF_INET6, addr.c_str(), &v6) == 1) return peer_key(AF_INET6, &v6, sizeof v6, port);
  return "";
}

int local_port(int fd) {
  sockaddr_storage local{};
  socklen_t size = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) return -1;
  if (local.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
  if (local.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
  return -1;
}

// The peer key of a connected socket; "" for a listening or unconnected one.
std::string peer_of(int fd) {
  sockaddr_storage peer{};
  socklen_t size = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0) return "";
  if (peer.ss_family == AF_INET) {
    const auto* p = reinterpret_cast<sockaddr_in*>(&peer);
    return peer_key(AF_INET, &p->sin_addr, sizeof p->sin_addr, ntohs(p->sin_port));
  }
  if (peer.ss_family == AF_INET6) {
    const auto* p = reinterpret_cast<sockaddr_in6*>(&peer);
    // An IPv4 client of a dual-stack socket is keyed as IPv4, as the library reports it.
    if (IN6_IS_ADDR_V4MAPPED(&p->sin6_addr)) return peer_key(AF_INET, &p->sin6_addr.s6_addr[12], 4, ntohs(p->sin6_port));
    return peer_key(AF_INET6, &p->sin6_addr, sizeof p->sin6_addr, ntohs(p->sin6_port));
  }
  return "";
}

// What the peer has sent that no one has read yet, up to `limit` bytes (without consuming it).
std::string unread(int fd, std::size_t limit) {
  std::string bytes(limit, '\0');
  const ssize_t n = ::recv(fd, bytes.data(), bytes.size(), MSG_PEEK | MSG_DONTWAIT);
  bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return bytes;
}

// Whether a whole request head waits unread: the bytes end their header block. Only a worker
// reads a connection, and it reads everything available, so this means no worker has it.
// (A head longer than the peek is treated as not whole: a client that sent 64 KiB of headers
// to a queued connection is cut as before.)
bool whole_request_waits(int fd) { return unread(fd, 64 * 1024).find("\r\n\r\n") != std::string::npos; }

}  // namespace

ConnectionWatchdog::ConnectionWatchdog(Limits limits) : limits_(limits) {}

ConnectionWatchdog::~ConnectionWatchdog() { stop(); }

void ConnectionWatchdog::start(int port) {
  const std::lock_guard lock(mutex_);
  if (checker_.joinable() || stopping_) return;
  port_ = port;
  checker_ = std::thread([this] { check_loop(); });
}

void ConnectionWatchdog::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (checker_.joinable()) checker_.join();
}

void ConnectionWatchdog::answering(const std::string& peer_addr, int peer_port) {
  const std::string key = key_of(peer_addr, peer_port);
  if (key.empty()) return;
  const std::lock_guard lock(mutex_);
  Watched& w = watched_[key];  // a connection accepted since the last scan is added here
  if (w.first_seen == Clock::time_point{}) w.first_seen = Clock::now();
  w.answering = true;
  w.head_waited = false;
}

void ConnectionWatchdog::answered(const std::string& peer_addr, int peer_port, bool close) {
  const std::string key = key_of(peer_addr, peer_port);
  if (key.empty()) return;
  const std::lock_guard lock(mutex_);
  const auto it = watched_.find(key);
  if (it == watched_.end()) return;
  it->second.answering = false;
  it->second.answered = Clock::now();
  it->second.close = close;
}

std::uint64_t ConnectionWatchdog::closed_count() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

ConnectionWatchdog::Clock::time_point ConnectionWatchdog::deadline(const Watched& w) const {
  if (w.close) return w.answered;
  const Clock::time_point due =
      w.answered == Clock::time_point{} ? w.first_seen + limits_.read : w.answered + limits_.keep_alive + limits_.read;
  return std::max(due, w.taken + limits_.read);
}

void ConnectionWatchdog::check_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, limits_.interval);
    if (stopping_) break;
    lock.unlock();
    check_once();
    lock.lock();
  }
}

void ConnectionWatchdog::check_once() {
  // The server's connected sockets now: (descriptor, peer key).
  std::vector<std::pair<int, std::string>> sockets;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    const int own = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
      char* end = nullptr;
      const long fd = std::strtol(entry->d_name, &end, 10);
      if (*end != '\0' || end == entry->d_name || fd == own) continue;
      struct stat st {};
      if (::fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
      if (local_port(static_cast<int>(fd)) != port_) continue;
      std::string key = peer_of(static_cast<int>(fd));
      if (!key.empty()) sockets.emplace_back(static_cast<int>(fd), std::move(key));
    }
    ::closedir(dir);
  }
  const Clock::time_point now = Clock::now();
  // Looked at closer: those not being answered within two checks of their deadline or past
  // it (so that a head waiting is noticed at least once before a worker can take it late).
  std::vector<std::pair<int, std::string>> near;
  {
    const std::lock_guard lock(mutex_);
    for (auto& [key, w] : watched_) w.seen = false;
    for (const auto& [fd, key] : sockets) {
      Watched& w = watched_[key];
      if (w.first_seen == Clock::time_point{}) w.first_seen = now;
      w.seen = true;
      if (!w.answering && !w.shut && now + limits_.interval * 2 >= deadline(w)) near.emplace_back(fd, key);
    }
    // Connections gone since the last scan are forgotten (a handler may have added one
    // accepted since: it is kept until a scan has had the chance to see it).
    std::erase_if(watched_, [now, this](const auto& entry) {
      return !entry.second.seen && !entry.second.answering && now - entry.second.first_seen > limits_.interval * 2;
    });
  }
  for (const auto& [fd, key] : near) check_socket(fd, key, now);
}

void ConnectionWatchdog::check_socket(int fd, const std::string& key, Clock::time_point now) {
  // Our own descriptor first: if `fd` was closed and reused since the scan, the dup names
  // the new socket, whose peer differs, and it is left alone.
  const int mine = ::dup(fd);
  if (mine < 0) return;
  if (peer_of(mine) == key) {
    const bool head_waits = whole_request_waits(mine);
    bool cut = false;
    {
      const std::lock_guard lock(mutex_);
      const auto it = watched_.find(key);
      if (it != watched_.end() && !it->second.answering && !it->second.shut) {
        Watched& w = it->second;
        if (head_waits) {
          w.head_waited = true;  // queued for a worker: the server is late, not the client
        } else if (w.head_waited) {
          w.head_waited = false;  // read since the last check: a worker has it
          w.taken = now;
        } else if (now >= deadline(w)) {
          w.shut = cut = true;
          ++closed_;
        }
      }
    }
    if (cut) ::shutdown(mine, SHUT_RDWR);
  }
  ::close(mine);
}

}  // namespace medsearch::server
