// encoder simd_math (internal to transformer_kernels.cpp): the element-wise kernels of the
// forward pass written once on GCC/Clang vector extensions, for any vector width. The
// caller instantiates them with 4-float vectors (SSE2, every x86-64) and again with
// 16-float vectors inside an AVX-512 function chosen at run time. Written this way because
// GCC at -O2 without -ffast-math vectorises neither libm calls nor the clamps and selects
// these loops need.
//
// Accuracy: erf_approx within a few ulp of std::erf, exp_approx within about 2 ulp of
// std::exp on [−87, 0]; LayerNorm sums in float by lanes (relative error ~1e-7 for rows
// of a thousand values). The 4- and 16-float instances agree to an ulp or two (the
// AVX-512 one may fuse multiply-adds).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

// GCC notes that a 64-byte vector passed by value has another ABI without AVX-512. These
// helpers are always inlined and never cross a translation unit, so the note is moot.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace medsearch::encoder::simd {

using F4 = float __attribute__((vector_size(16)));
using I4 = std::int32_t __attribute__((vector_size(16)));
using F16 = float __attribute__((vector_size(64)));
using I16 = std::int32_t __attribute__((vector_size(64)));

template <typename V, typename T>
[[gnu::always_inline]] inline V load(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename V>
[[gnu::always_inline]] inline void store(float* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
template <typename V>
constexpr std::size_t lanes = sizeof(V) / sizeof(float);
template <typename V>
[[gnu::always_inline]] inline float hsum(V v) {
  float s = 0.0f;
  for (std::size_t i = 0; i < lanes<V>; ++i) s += v[i];
  return s;
}

// erf(x), for a float or a vector: x·P(x²)/Q(x²) with x clamped to [−4, 4] (erf(4) rounds
// to 1 in float), the rational minimax fit Eigen and XLA use for float erf.
template <typename V>
[[gnu::always_inline]] inline V erf_approx(V x) {
  x = x < -4.0f ? V{} - 4.0f : x;
  x = x > 4.0f ? V{} + 4.0f : x;
  const V x2 = x * x;
  V p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
  p = p * x2 - 2.10102402082508e-06f;
  p = p * x2 - 5.69250639462346e-05f;
  p = p * x2 - 7.34990630326855e-04f;
  p = p * x2 - 2.95459980854025e-03f;
  p = p * x2 - 1.60960333262415e-02f;
  V q = x2 * -1.45660718464996e-05f - 2.13374055278905e-04f;
  q = q * x2 - 1.68282697438203e-03f;
  q = q * x2 - 7.37332916720468e-03f;
  q = q * x2 - 1.42647390514189e-02f;
  return x * p / q;
}

// e^x for x <= 0 (a softmax after subtracting the row's maximum), for a float or a vector
// (I the matching int type): x = n·ln2 + r with |r| <= ln2/2, e^r by its Taylor series to
// r⁷/7! (truncation under 2e-8 relative), 2^n put in the exponent bits. Below −87, where
// e^x is under float's smallest normal, the result stays at about 1e-38 instead of going
// subnormal: as good as 0 next to a row maximum of weight 1.
template <typename V, typename I>
[[gnu::always_inline]] inline V exp_approx(V x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693145751953125f;  // ln 2 split so that n·kLn2Hi is exact
  constexpr float kLn2Lo = 1.42860682030941723e-06f;
  constexpr float kRound = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer
  x = x < -87.0f ? V{} - 87.0f : x;
  const V n = (x * kLog2e + kRound) - kRound;
  const V r = (x - n * kLn2Hi) - n * kLn2Lo;
  V p = r * (1.0f / 5040.0f) + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  I e;
  if constexpr (sizeof(V) == sizeof(float)) {
    e = (static_cast<I>(n) + 127) << 23;
  } else {
    e = (__builtin_convertvector(n, I) + 127) << 23;
  }
  V scale;
  std::memcpy(&scale, &e, sizeof scale);
  return p * scale;
}

// x[i] = 0.5·x·(1 + erf(x/√2)) for i in [0, n).
template <typename V>
[[gnu::always_inline]] inline void gelu_erf(float* x, std::size_t n) {
  constexpr float kInvSqrt2 = 0.70710678118654752f;
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) {
    const V v = load<V>(x + i);
    store(x + i, 0.5f * v * (1.0f + erf_approx(v * kInvSqrt2)));
  }
  for (; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + erf_approx(x[i] * kInvSqrt2));
}

// Softmax over the unmasked entries of one row; masked ones become exactly 0.
template <typename V, typename I>
[[gnu::always_inline]] inline void masked_softmax(float* s, const std::int32_t* mask, std::size_t n) {
  constexpr std::size_t w = lanes<V>;
  const std::size_t whole = n / w * w;
  constexpr float kLowest = -std::numeric_limits<float>::infinity();
  V maxv = V{} + kLowest;
  for (std::size_t i = 0; i < whole; i += w) {
    const V live = load<I>(mask + i) != 0 ? load<V>(s + i) : V{} + kLowest;
    maxv = live > maxv ? live : maxv;
  }
  float max = kLowest;
  for (std::size_t j = 0; j < w; ++j) max = maxv[j] > max ? maxv[j] : max;
  for (std::size_t i = whole; i < n; ++i) max = mask[i] != 0 && s[i] > max ? s[i] : max;
  V sumv{};
  for (std::size_t i = 0; i < whole; i += w) {
    const V e = exp_approx<V, I>(load<V>(s + i) - max);
    const V kept = load<I>(mask + i) != 0 ? e : V{};
    store(s + i, kept);
    sumv += kept;
  }
  float sum = hsum(sumv);
  for (std::size_t i = whole; i < n; ++i) {
    s[i] = mask[i] != 0 ? exp_approx<float, std::int32_t>(s[i] - max) : 0.0f;
    sum += s[i];
  }
  const float inv = 1.0f / sum;
  for (std::size_t i = 0; i < whole; i += w) store(s + i, load<V>(s + i) * inv);
  for (std::size_t i = whole; i < n; ++i) s[i] *= inv;
}

// y = (x − mean) / sqrt(var + eps) · gamma + beta over one row of n floats (two passes:
// the mean, then the centred sum of squares). x and y may be the same.
template <typename V>
[[gnu::always_inline]] inline void layer_norm_row(const float* x, std::size_t n, const float* gamma,
                                                  const float* beta, float eps, float* y) {
  constexpr std::size_t w = lanes<V>;
  const std::size_t whole = n / w * w;
  V acc{};
  for (std::size_t i = 0; i < whole; i += w) acc += load<V>(x + i);
  float sum = hsum(acc);
  for (std::size_t i = whole; i < n; ++i) sum += x[i];
  const float mean = sum / static_cast<float>(n);
  acc = V{};
  for (std::size_t i = 0; i < whole; i += w) {
    const V d = load<V>(x + i) - mean;
    acc += d * d;
  }
  float sq = hsum(acc);
  for (std::size_t i = whole; i < n; ++i) sq += (x[i] - mean) * (x[i] - mean);
  const float inv_std = 1.0f / __builtin_sqrtf(sq / static_cast<float>(n) + eps);
  for (std::size_t i = 0; i < whole; i += w) {
    store(y + i, (load<V>(x + i) - mean) * inv_std * load<V>(gamma + i) + load<V>(beta + i));
  }
  for (std::size_t i = whole; i < n; ++i) y[i] = (x[i] - mean) * inv_std * gamma[i] + beta[i];
}

}  // namespace medsearch::encoder::simd

#pragma GCC diagnostic pop
