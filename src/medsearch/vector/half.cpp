#include "medsearch/vector/half.hpp"

#include <bit>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MEDSEARCH_HALF_X86 1
#endif

namespace medsearch::vector {

// Layouts (IEEE 754-2008 §3.4): binary32 = 1 sign | 8 exponent (bias 127) | 23 mantissa;
// binary16 = 1 sign | 5 exponent (bias 15) | 10 mantissa.
std::uint16_t float_to_half(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const std::uint32_t abs = bits & 0x7fffffffu;
  if (abs >= 0x7f800000u) {  // infinity or NaN
    if (abs == 0x7f800000u) return sign | 0x7c00u;
    // Quiet NaN keeping the payload's top bits, as the F16C instruction VCVTPS2PH does.
    return static_cast<std::uint16_t>(sign | 0x7e00u | ((abs >> 13) & 0x3ffu));
  }
  // 65520 = 0x477ff000 is halfway between the largest half (65504) and 2^16: from there
  // up, round-to-nearest-even gives infinity.
  if (abs >= 0x477ff000u) return sign | 0x7c00u;
  if (abs < 0x38800000u) {  // below 2^-14, the smallest normal half: a subnormal or zero
    // The result is round(value / 2^-24). Below 2^-25 (and at it: the tie goes to the even
    // zero) that is 0.
    if (abs <= 0x33000000u) return sign;
    const std::uint32_t exponent = abs >> 23;                   // 102..112
    const std::uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;  // with the implicit 1
    const std::uint32_t shift = 126 - exponent;                 // 14..24
    std::uint32_t q = mantissa >> shift;
    const std::uint32_t rest = mantissa & ((1u << shift) - 1);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (q & 1u) != 0)) ++q;  // may carry into 0x400: the smallest normal
    return static_cast<std::uint16_t>(sign | q);
  }
  // Normal: rebias the exponent (127 - 15 = 112) and round the 13 dropped mantissa bits.
  // A carry out of the mantissa correctly increments the exponent.
  const std::uint32_t rebiased = abs - (112u << 23);
  std::uint32_t q = rebiased >> 13;
  const std::uint32_t rest = rebiased & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (q & 1u) != 0)) ++q;
  return static_cast<std::uint16_t>(sign | q);
}

float half_to_float(std::uint16_t half) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
  const std::uint32_t exponent = (half >> 10) & 0x1fu;
  const std::uint32_t mantissa = half & 0x3ffu;
  if (exponent == 0x1f) {
    // Infinity, or NaN made quiet (VCVTPH2PS does the same).
    const std::uint32_t quiet = mantissa != 0 ? 0x400000u : 0;
    return std::bit_cast<float>(sign | 0x7f800000u | quiet | (mantissa << 13));
  }
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in binary32.
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(magnitude));
  }
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

namespace {

#ifdef MEDSEARCH_HALF_X86
// Compiled for F16C whatever the build's -march; only called after the run-time check.
__attribute__((target("avx,f16c"))) void floats_to_halves_f16c(const float* in, std::uint16_t* out,
                                                                 std::size_t count) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256 v = _mm256_loadu_ps(in + i);
    // Immediate 0: round to nearest even, ignoring MXCSR's rounding mode.
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(v, 0));
  }
  for (; i < count; ++i) out[i] = float_to_half(in[i]);
}

__attribute__((target("avx,f16c"))) void halves_to_floats_f16c(const std::uint16_t* in, float* out,
                                                                 std::size_t count) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
  }
  for (; i < count; ++i) out[i] = half_to_float(in[i]);
}

bool detect_f16c() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
}
#endif

}  // namespace

bool half_uses_f16c() {
#ifdef MEDSEARCH_HALF_X86
  static const bool has = detect_f16c();
  return has;
#else
  return false;
#endif
}

void floats_to_halves(const float* in, std::uint16_t* out, std::size_t count) {
#ifdef MEDSEARCH_HALF_X86
  if (half_uses_f16c()) return floats_to_halves_f16c(in, out, count);
#endif
  for (std::size_t i = 0; i < count; ++i) out[i] = float_to_half(in[i]);
}

void halves_to_floats(const std::uint16_t* in, float* out, std::size_t count) {
#ifdef MEDSEARCH_HALF_X86
  if (half_uses_f16c()) return halves_to_floats_f16c(in, out, count);
#endif
  for (std::size_t i = 0; i < count; ++i) out[i] = half_to_float(in[i]);
}

}  // namespace medsearch::vector
