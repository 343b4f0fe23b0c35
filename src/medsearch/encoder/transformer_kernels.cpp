#include "medsearch/encoder/transformer_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include "medsearch/core/error.hpp"

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
    const float* x = in + r * n;
    float* y = out + r * n;
    // Two passes in double: the mean, then the centred sum of squares (no cancellation).
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += x[i];
    const double mean = sum / double(n);
    double sq = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = x[i] - mean;
      sq += d * d;
    }
    const auto inv_std = static_cast<float>(1.0 / std::sqrt(sq / double(n) + double(eps)));
    const auto mean_f = static_cast<float>(mean);
    for (std::size_t i = 0; i < n; ++i) y[i] = (x[i] - mean_f) * inv_std * gamma[i] + beta[i];
  }
}

void gelu_erf_inplace(float* x, std::size_t n) {
  const auto count = static_cast<std::ptrdiff_t>(n);
  constexpr float kInvSqrt2 = 0.70710678118654752f;
#pragma omp parallel for schedule(static) if (n >= kParallelMinElements)
  for (std::ptrdiff_t i = 0; i < count; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * kInvSqrt2));
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
  float max = -std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    if (key_mask[i] != 0) max = std::max(max, scores[i]);
  }
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (key_mask[i] != 0) {
      scores[i] = std::exp(scores[i] - max);
      sum += scores[i];
    } else {
      scores[i] = 0.0f;
    }
  }
  const auto inv = static_cast<float>(1.0 / sum);
  for (std::size_t i = 0; i < n; ++i) scores[i] *= inv;
}

}  // namespace medsearch::encoder
