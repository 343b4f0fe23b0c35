#include "medsearch/core/doc_set.hpp"

namespace medsearch {
namespace {

// Debian's baseline x86-64 has no POPCNT, so std::popcount is a libgcc call per word. On
// x86-64 with GCC or Clang, a copy compiled for POPCNT is chosen at run time when the CPU
// has it. A plain check, not GCC's target_clones: its ifunc resolver runs before the
// sanitizers' runtimes are up and crashed the ThreadSanitizer build at start.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MEDSEARCH_POPCNT_DISPATCH 1
[[gnu::target("popcnt")]] std::uint64_t count_common_bits_popcnt(const std::uint64_t* a, const std::uint64_t* b,
                                                                 std::size_t n) {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += static_cast<std::uint64_t>(__builtin_popcountll(a[i] & b[i]));
  return total;
}
bool cpu_has_popcnt() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("popcnt") != 0;
  }();
  return has;
}
#endif

}  // namespace

std::uint64_t count_common_bits(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
#ifdef MEDSEARCH_POPCNT_DISPATCH
  if (cpu_has_popcnt()) return count_common_bits_popcnt(a, b, n);
#endif
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += static_cast<std::uint64_t>(std::popcount(a[i] & b[i]));
  return total;
}

// w & w = w: one loop serves both counts.
std::uint64_t count_bits(const std::uint64_t* words, std::size_t n) { return count_common_bits(words, words, n); }

}  // namespace medsearch
