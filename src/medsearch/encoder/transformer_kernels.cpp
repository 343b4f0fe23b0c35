#include "medsearch/encoder/transformer_kernels.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/simd_math.hpp"

// See simd_math.hpp: GCC repeats its note on 64-byte vector arguments at the end of the
// file, where the header's push/pop no longer covers it.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace medsearch::encoder {
namespace {

// Element-wise loops shorter than this run on one thread: a parallel region costs a few
// microseconds, more than these loops take.
constexpr std::size_t kParallelMinElements = 1 << 14;

void check(dnnl_status_t status, const char* what) {
  if (status != dnnl_success) {
    throw Error(ErrorCode::Unavailable, std::string("oneDNN ") + what + " failed with status " +
                                            std::to_string(static_cast<int>(status)));
  }
}

void sgemm(char transb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
           std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  check(dnnl_sgemm('N', transb, static_cast<dnnl_dim_t>(m), static_cast<dnnl_dim_t>(n),
                   static_cast<dnnl_dim_t>(k), alpha, a, static_cast<dnnl_dim_t>(lda), b,
                   static_cast<dnnl_dim_t>(ldb), beta, c, static_cast<dnnl_dim_t>(ldc)),
        "sgemm");
}

// The element-wise kernels (simd_math.hpp) on 16-float vectors where the CPU has AVX-512,
// else on 4-float SSE2 vectors. The AVX-512 instances are compiled for that target alone;
// which one runs is decided once, at first use.
const bool kHaveAvx512 = __builtin_cpu_supports("avx512f");

[[gnu::target("avx512f")]] void gelu_erf_avx512(float* x, std::size_t n) { simd::gelu_erf<simd::F16>(x, n); }
[[gnu::target("avx512f")]] void masked_softmax_avx512(float* s, const std::int32_t* mask, std::size_t n) {
  simd::masked_softmax<simd::F16, simd::I16>(s, mask, n);
}
[[gnu::target("avx512f")]] void layer_norm_row_avx512(const float* x, std::size_t n, const float* gamma,
                                                      const float* beta, float eps, float* y) {
  simd::layer_norm_row<simd::F16>(x, n, gamma, beta, eps, y);
}

}  // namespace

void gemm_a_bt(std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
               const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
  sgemm('T', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_a_b(std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
              const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
  sgemm('N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

ThreadCountScope::ThreadCountScope(int threads) : previous_(omp_get_max_threads()) {
  threads_ = threads > 0 ? threads : previous_;
  if (threads_ != previous_) omp_set_num_threads(threads_);
}

ThreadCountScope::~ThreadCountScope() {
  if (threads_ != previous_) omp_set_num_threads(previous_);
}

void broadcast_rows(const float* row, std::size_t rows, std::size_t n, float* out) {
  for (std::size_t r = 0; r < rows; ++r) std::memcpy(out + r * n, row, n * sizeof(float));
}

void add_row_to_rows(const float* x, const float* row, std::size_t rows, std::size_t n, float* out) {
  const auto count = static_cast<std::ptrdiff_t>(rows);
#pragma omp parallel for schedule(static) if (rows * n >= kParallelMinElements)
  for (std::ptrdiff_t r = 0; r < count; ++r) {
    const float* xr = x + r * n;
    float* o = out + r * n;
    for (std::size_t i = 0; i < n; ++i) o[i] = xr[i] + row[i];
  }
}

void layer_norm_rows(const float* in, std::size_t rows, std::size_t n, const float* gamma,
                     const float* beta, float eps, float* out) {
  const auto count = static_cast<std::ptrdiff_t>(rows);
#pragma omp parallel for schedule(static) if (rows * n >= kParallelMinElements)
  for (std::ptrdiff_t r = 0; r < count; ++r) {
    if (kHaveAvx512) {
      layer_norm_row_avx512(in + r * n, n, gamma, beta, eps, out + r * n);
    } else {
      simd::layer_norm_row<simd::F4>(in + r * n, n, gamma, beta, eps, out + r * n);
    }
  }
}

void gelu_erf_inplace(float* x, std::size_t n) {
  // Blocks of 4096 floats, in parallel when there are enough of them.
  constexpr std::size_t kBlock = 4096;
  const auto blocks = static_cast<std::ptrdiff_t>((n + kBlock - 1) / kBlock);
#pragma omp parallel for schedule(static) if (n >= kParallelMinElements)
  for (std::ptrdiff_t blk = 0; blk < blocks; ++blk) {
    const std::size_t begin = static_cast<std::size_t>(blk) * kBlock;
    const std::size_t len = std::min(n - begin, kBlock);
    if (kHaveAvx512) {
      gelu_erf_avx512(x + begin, len);
    } else {
      simd::gelu_erf<simd::F4>(x + begin, len);
    }
  }
}

void gelu_tanh_inplace(float* x, std::size_t n) {
  const auto count = static_cast<std::ptrdiff_t>(n);
  constexpr float kSqrt2OverPi = 0.79788456080286536f;
#pragma omp parallel for schedule(static) if (n >= kParallelMinElements)
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    const float v = x[i];
    x[i] = 0.5f * v * (1.0f + std::tanh(kSqrt2OverPi * (v + 0.044715f * v * v * v)));
  }
}

void masked_softmax_row(float* scores, const std::int32_t* key_mask, std::size_t n) {
  if (kHaveAvx512) {
    masked_softmax_avx512(scores, key_mask, n);
  } else {
    simd::masked_softmax<simd::F4, simd::I4>(scores, key_mask, n);
  }
}

}  // namespace medsearch::encoder
