#include "medsearch/cluster/test_hooks.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace medsearch::cluster {

void test_kill_point([[maybe_unused]] int rank, [[maybe_unused]] std::size_t shares_done) {
#ifdef MEDSEARCH_TEST_HOOKS
  const char* after = std::getenv("MEDSEARCH_TEST_KILL_AFTER_SHARES");
  const char* who = std::getenv("MEDSEARCH_TEST_KILL_RANK");
  if (after == nullptr || who == nullptr) return;
  if (std::stoi(who) == rank && std::to_string(shares_done) == after) std::raise(SIGKILL);
#endif
}

}  // namespace medsearch::cluster
