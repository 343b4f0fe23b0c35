// Kill -9 and disk-full harness for the crash-safety tests (docs/reliability.md "Crash
// safety"): runs the real medsearch binary as a child process, kills it with SIGKILL after
// a chosen delay, optionally under a file-size limit (RLIMIT_FSIZE with SIGXFSZ ignored, so
// a write past the limit fails with EFBIG as on a full disk instead of killing the process).
//
// Kill points: MEDSEARCH_CRASH_POINTS per phase (default 3, the CI variant; the `slow` ctest
// entry crash_safety_full sets 20), drawn uniformly over the measured duration of an
// uninterrupted run of the same job, from MEDSEARCH_CRASH_SEED (default 17; printed).
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace medsearch::testing {

inline int crash_points() {
  const char* v = std::getenv("MEDSEARCH_CRASH_POINTS");
  return v != nullptr && std::atoi(v) > 0 ? std::atoi(v) : 3;
}

// Attempts drawn until crash_points() kills have hit a running job (a moment past the end
// of a job that ran faster than the reference does not count), at most this many.
inline int max_attempts() { return 2 * crash_points() + 4; }

inline std::mt19937 crash_rng(const char* phase) {
  const char* v = std::getenv("MEDSEARCH_CRASH_SEED");
  const unsigned seed = v != nullptr ? static_cast<unsigned>(std::strtoul(v, nullptr, 10)) : 17u;
  std::printf("[crash] phase %s: %d kill points, seed %u\n", phase, crash_points(), seed);
  return std::mt19937(seed ^ static_cast<unsigned>(std::hash<std::string>{}(phase)));
}

// A loopback TCP port free at the moment of the call (bound to port 0, then released), for
// a `medsearch serve` child to listen on.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A child running MEDSEARCH_CLI_PATH with `args`; stdout and stderr go to `log`.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log, long fsize_limit_bytes = -1) {
    start_ = std::chrono::steady_clock::now();
    std::fflush(nullptr);  // or the child's freopen flushes the parent's buffered output again
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<std::string> all{MEDSEARCH_CLI_PATH};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (std::string& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      if (std::freopen(log.c_str(), "w", stdout) == nullptr) ::_exit(126);
      ::dup2(::fileno(stdout), ::fileno(stderr));
      if (fsize_limit_bytes >= 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // an ignored disposition survives exec
        const rlimit limit{static_cast<rlim_t>(fsize_limit_bytes), static_cast<rlim_t>(fsize_limit_bytes)};
        ::setrlimit(RLIMIT_FSIZE, &limit);
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !reaped_) kill_now();
  }
  pid_t pid() const { return pid_; }

  // SIGKILL at `at` after the start unless it exited before. True when it was killed
  // while running (false: it had finished by itself).
  bool kill_at(std::chrono::microseconds at) {
    const auto deadline = start_ + at;
    while (std::chrono::steady_clock::now() < deadline) {
      if (poll()) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    if (poll()) return false;
    kill_now();
    return true;
  }
  void kill_now() {
    ::kill(pid_, SIGKILL);
    wait();
  }
  // Waits for the exit; the exit code, or -signal.
  int wait() {
    if (!reaped_) {
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
      end_ = std::chrono::steady_clock::now();
    }
    return exit_code();
  }
  // Seconds from the start to the exit (to now while it runs).
  double seconds() const {
    return std::chrono::duration<double>((reaped_ ? end_ : std::chrono::steady_clock::now()) - start_).count();
  }

 private:
  bool poll() {
    if (reaped_) return true;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true, end_ = std::chrono::steady_clock::now();
    return reaped_;
  }
  int exit_code() const { return WIFEXITED(status_) ? WEXITSTATUS(status_) : -WTERMSIG(status_); }

  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::chrono::steady_clock::time_point start_, end_;
};

// Runs to the end; returns the exit code (-signal when killed) and the run's seconds.
inline std::pair<int, double> run_to_end(const std::vector<std::string>& args, const std::string& log,
                                         long fsize_limit_bytes = -1) {
  Child child(args, log, fsize_limit_bytes);
  const int code = child.wait();
  return {code, child.seconds()};
}

// A uniformly random moment in [0, 1.1 × seconds): kills land anywhere in the job,
// including its very start and, sometimes, after it has finished.
inline std::chrono::microseconds random_moment(std::mt19937& rng, double seconds) {
  std::uniform_real_distribution<double> u(0.0, 1.1 * seconds * 1e6);
  return std::chrono::microseconds(static_cast<long long>(u(rng)));
}

// Kills `child` at a random moment of the job (random_moment over `seconds`, the reference
// run's length). True when the kill hit the running job; when the job finished first, it
// ran faster than the reference, so `seconds` becomes its time and later draws fall within it.
inline bool kill_at_random_moment(Child& child, std::mt19937& rng, double& seconds) {
  if (child.kill_at(random_moment(rng, seconds))) return true;
  seconds = child.seconds();
  return false;
}

// A fresh copy of `from` at `to` (the state before the job, for the next kill point).
inline void copy_dir(const std::string& from, const std::string& to) {
  std::filesystem::remove_all(to);
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

inline std::string slurp(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  std::fclose(f);
  return out;
}

}  // namespace medsearch::testing
