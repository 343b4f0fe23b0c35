#include "medsearch/cluster/test_hooks.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace medsearch::cluster {

namespace {

// SIGKILL when `rank` is MEDSEARCH_TEST_KILL_RANK and `done` equals the variable `count`.
void kill_when([[maybe_unused]] const char* count, [[maybe_unused]] int rank, [[maybe_unused]] std::size_t done) {
#ifdef MEDSEARCH_TEST_HOOKS
  const char* after = std::getenv(count);
  const char* who = std::getenv("MEDSEARCH_TEST_KILL_RANK");
  if (after == nullptr || who == nullptr) return;
  if (std::stoi(who) == rank && std::to_string(done) == after) std::raise(SIGKILL);
#endif
}

}  // namespace

void test_kill_point(int rank, std::size_t shares_done) { kill_when("MEDSEARCH_TEST_KILL_AFTER_SHARES", rank, shares_done); }

void test_kill_after_chunks(int rank, std::size_t chunks_done) {
  kill_when("MEDSEARCH_TEST_KILL_AFTER_CHUNKS", rank, chunks_done);
}

}  // namespace medsearch::cluster
