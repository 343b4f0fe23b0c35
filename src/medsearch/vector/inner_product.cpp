#include "medsearch/vector/inner_product.hpp"

#include "medsearch/vector/half.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#define MEDSEARCH_IP_X86 1
#endif

namespace medsearch::vector {
namespace {

inline float load1(const float* p, std::size_t i) { return p[i]; }
inline float load1(const std::uint16_t* p, std::size_t i) { return half_to_float(p[i]); }

// Portable: eight independent partial sums, so the additions need not wait on each other
// and the compiler can keep them in vector registers.
template <typename A, typename B>
float dot_portable(const A* a, const B* b, std::size_t n) {
  float sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (std::size_t j = 0; j < 8; ++j) sum[j] += load1(a, i + j) * load1(b, i + j);
  }
  float total = ((sum[0] + sum[4]) + (sum[1] + sum[5])) + ((sum[2] + sum[6]) + (sum[3] + sum[7]));
  for (; i < n; ++i) total += load1(a, i) * load1(b, i);
  return total;
}


float ip_portable(const float* a, const float* b, std::size_t n) { return dot_portable(a, b, n); }
float ip_half_portable(const float* a, const std::uint16_t* b, std::size_t n) {
  return dot_portable(a, b, n);
}
float ip_halves_portable(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) {
  return dot_portable(a, b, n);
}

#ifdef MEDSEARCH_IP_X86
#define MEDSEARCH_SIMD __attribute__((target("avx2,fma,f16c")))

MEDSEARCH_SIMD inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }
MEDSEARCH_SIMD inline __m256 load8(const std::uint16_t* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// Four 8-wide FMA accumulators hide the FMA latency (4 cycles on recent x86 cores).
template <typename A, typename B>
MEDSEARCH_SIMD float dot_avx2(const A* a, const B* b, std::size_t n) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(),
         acc3 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_fmadd_ps(load8(a + i), load8(b + i), acc0);
    acc1 = _mm256_fmadd_ps(load8(a + i + 8), load8(b + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(load8(a + i + 16), load8(b + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(load8(a + i + 24), load8(b + i + 24), acc3);
  }
  for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(load8(a + i), load8(b + i), acc0);
  const __m256 acc = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  float total = _mm_cvtss_f32(s);
  for (; i < n; ++i) total += load1(a, i) * load1(b, i);
  return total;
}

MEDSEARCH_SIMD float ip_avx2(const float* a, const float* b, std::size_t n) {
  return dot_avx2(a, b, n);
}
MEDSEARCH_SIMD float ip_half_avx2(const float* a, const std::uint16_t* b, std::size_t n) {
  return dot_avx2(a, b, n);
}
MEDSEARCH_SIMD float ip_halves_avx2(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) {
  return dot_avx2(a, b, n);
}
#endif

bool choose_avx2() {
#ifdef MEDSEARCH_IP_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
  return false;
#endif
}

// A function-local static: safe to call from other translation units' static initialisers.
bool use_avx2() {
  static const bool avx2 = choose_avx2();
  return avx2;
}

}  // namespace

float inner_product(const float* a, const float* b, std::size_t n) {
#ifdef MEDSEARCH_IP_X86
  if (use_avx2()) return ip_avx2(a, b, n);
#endif
  return ip_portable(a, b, n);
}

float inner_product_half(const float* a, const std::uint16_t* b, std::size_t n) {
#ifdef MEDSEARCH_IP_X86
  if (use_avx2()) return ip_half_avx2(a, b, n);
#endif
  return ip_half_portable(a, b, n);
}

float inner_product_halves(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) {
#ifdef MEDSEARCH_IP_X86
  if (use_avx2()) return ip_halves_avx2(a, b, n);
#endif
  return ip_halves_portable(a, b, n);
}

bool inner_product_uses_avx2() { return use_avx2(); }

}  // namespace medsearch::vector
