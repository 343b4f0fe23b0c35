#include "medsearch/core/doc_set.hpp"

namespace medsearch {

// GCC's function multiversioning (the target_clones attribute, resolved once at load time
// through an ifunc): one copy compiled for the baseline and one with POPCNT, chosen by the
// CPU the program runs on. Elsewhere the plain loop.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__gnu_linux__)
#define MEDSEARCH_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define MEDSEARCH_POPCNT_CLONES
#endif

MEDSEARCH_POPCNT_CLONES std::uint64_t count_bits(const std::uint64_t* words, std::size_t n) {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += static_cast<std::uint64_t>(std::popcount(words[i]));
  return total;
}

MEDSEARCH_POPCNT_CLONES std::uint64_t count_common_bits(const std::uint64_t* a, const std::uint64_t* b, std::size_t n) {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += static_cast<std::uint64_t>(std::popcount(a[i] & b[i]));
  return total;
}

}  // namespace medsearch
