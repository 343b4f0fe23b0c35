// encoder transformer kernels: the dense-algebra steps of a BERT forward pass, on
// row-major float32 matrices. GEMMs go to oneDNN's dnnl_sgemm (the only place that
// includes oneDNN); the element-wise kernels are loops parallelised with OpenMP, and
// LayerNorm, GELU and softmax are written on vectors (simd_math.hpp: 16 floats on CPUs
// with AVX-512, chosen at run time, else 4).
//
// Threading: the GEMMs and the OpenMP loops run on the calling thread's OpenMP team,
// whose size ThreadCountScope sets. Called from inside an OpenMP parallel region, a GEMM
// runs on one thread (oneDNN's rule), which attention uses to run heads in parallel.
// All functions are reentrant: they touch only their arguments.
#pragma once

#include <cstddef>
#include <cstdint>

namespace medsearch::encoder {

// C[M,N] = alpha · A[M,K] · B[N,K]ᵀ + beta · C  (B in torch.nn.Linear's [out, in] layout).
// lda, ldb, ldc are row strides in elements. Throws Error(Unavailable) if oneDNN fails.
void gemm_a_bt(std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
               const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);
// C[M,N] = alpha · A[M,K] · B[K,N] + beta · C.
void gemm_a_b(std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
              const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);

// Sets the OpenMP team size of the calling thread (omp_set_num_threads; 0 keeps the
// current one) for the scope's lifetime and restores the previous value after.
class ThreadCountScope {
 public:
  explicit ThreadCountScope(int threads);
  ~ThreadCountScope();
  ThreadCountScope(const ThreadCountScope&) = delete;
  ThreadCountScope& operator=(const ThreadCountScope&) = delete;
  int threads() const { return threads_; }

 private:
  int previous_;
  int threads_;
};

// Copies `row` (n floats) into each of `rows` rows of `out` (stride n): the starting value
// of a GEMM with beta = 1 that adds a bias.
void broadcast_rows(const float* row, std::size_t rows, std::size_t n, float* out);
// out[r, :] = x[r, :] + row[:] for each of `rows` rows of n floats (residual + bias).
void add_row_to_rows(const float* x, const float* row, std::size_t rows, std::size_t n, float* out);

// Layer normalisation (Ba et al. 2016, arXiv:1607.06450) over the last dimension, as
// torch.nn.LayerNorm: y = (x − mean) / sqrt(var + eps) · gamma + beta, var biased.
// `in` and `out` may be the same buffer.
void layer_norm_rows(const float* in, std::size_t rows, std::size_t n, const float* gamma,
                     const float* beta, float eps, float* out);

// GELU in place: exact 0.5·x·(1 + erf(x/√2)), or the tanh approximation
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (Hendrycks & Gimpel 2016, arXiv:1606.08415).
// The erf form evaluates erf with a vectorised rational approximation (a few ulp from
// std::erf), not libm: libm's scalar erff was 10–19% of the forward pass.
void gelu_erf_inplace(float* x, std::size_t n);
void gelu_tanh_inplace(float* x, std::size_t n);

// Softmax over the `n` scores of one attention row, keeping only keys whose key_mask is
// nonzero; masked keys get weight exactly 0 (what the additive −10000 / float-lowest mask
// of the reference implementations yields after exp in float32). At least one key must be
// unmasked. exp is a vectorised polynomial (within about 2 ulp of std::exp), not libm.
void masked_softmax_row(float* scores, const std::int32_t* key_mask, std::size_t n);

}  // namespace medsearch::encoder
