// The CUDA forward pass of a post-LayerNorm BERT-family encoder: the same math as
// TransformerModel (transformer_model.hpp; BERT, Devlin et al. 2019, arXiv:1810.04805;
// attention as in Vaswani et al. 2017, arXiv:1706.03762), with the GEMMs in cuBLAS
// (full float32: the default math mode, no TF32) and the element-wise steps in the small
// kernels below.
//
// Layout: every activation is a row-major float matrix in device memory, as on the CPU —
// x [rows, H], qkv [rows, 3H], context [rows, H], mid [rows, I], scores [B, heads, T, T].
// cuBLAS is column-major (cuBLAS documentation, "Data layout"): a row-major M×N matrix
// with row stride ld is, read column-major, its N×M transpose with leading dimension ld.
// So the row-major C = A·Bᵀ is computed as the column-major Cᵀ = B·Aᵀ, i.e.
// cublasSgemm(OP_T, OP_N, m = N, n = M, k = K, B, ldb, A, lda, C, ldc), and C = A·B as
// Cᵀ = Bᵀ·Aᵀ, cublasSgemm(OP_N, OP_N, N, M, K, B, ldb, A, lda, C, ldc).
#include "medsearch/encoder/cuda/cuda_engine.hpp"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder::cuda_detail {
namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw Error(ErrorCode::Unavailable,
                std::string("CUDA ") + what + " failed: " + cudaGetErrorName(status) + " (" +
                    cudaGetErrorString(status) + ")");
  }
}

void check(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw Error(ErrorCode::Unavailable,
                std::string("cuBLAS ") + what + " failed: " + cublasGetStatusName(status) + " (" +
                    cublasGetStatusString(status) + ")");
  }
}

// A kernel launch reports a bad configuration through cudaGetLastError.
void check_launch(const char* kernel) { check(cudaGetLastError(), kernel); }

// Device memory of n Ts, grown (never shrunk) on demand; contents are not kept on growth.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    release();
    check(cudaMalloc(reinterpret_cast<void**>(&data_), n * sizeof(T)), "cudaMalloc");
    capacity_ = n;
  }
  void upload(const T* host, std::size_t n) {
    reserve(n);
    if (n > 0) check(cudaMemcpy(data_, host, n * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy (weights)");
  }
  void upload(const std::vector<T>& host) { upload(host.data(), host.size()); }
  T* get() const { return data_; }

 private:
  void release() {
    if (data_ != nullptr) cudaFree(data_);  // errors at teardown are ignored
    data_ = nullptr;
    capacity_ = 0;
  }
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// ---- kernels -------------------------------------------------------------------------

constexpr unsigned kFullMask = 0xffffffffu;

__device__ float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(kFullMask, v, offset);
  return v;
}

__device__ float warp_max(float v) {
  for (int offset = 16; offset > 0; offset >>= 1) v = fmaxf(v, __shfl_xor_sync(kFullMask, v, offset));
  return v;
}

// Sum over the block (blockDim.x a multiple of 32, at most 1024); every thread gets it.
// `slots` holds 33 floats of shared memory.
__device__ float block_sum(float v, float* slots) {
  const unsigned lane = threadIdx.x & 31u;
  const unsigned warp = threadIdx.x >> 5;
  const unsigned warps = blockDim.x >> 5;
  v = warp_sum(v);
  __syncthreads();  // the previous call's readers are done with `slots`
  if (lane == 0) slots[warp] = v;
  __syncthreads();
  if (warp == 0) {
    float w = lane < warps ? slots[lane] : 0.0f;
    w = warp_sum(w);
    if (lane == 0) slots[32] = w;
  }
  __syncthreads();
  return slots[32];
}

// x[r, :] = word[ids[r], :] + position[positions[r], :] + token_type0[:]  (one block per row)
__global__ void embed_kernel(const std::int32_t* ids, const std::int32_t* positions, const float* word,
                             const float* position, const float* token_type0, std::size_t h, float* x) {
  const std::size_t r = blockIdx.x;
  const float* w = word + static_cast<std::size_t>(ids[r]) * h;
  const float* p = position + static_cast<std::size_t>(positions[r]) * h;
  float* out = x + r * h;
  for (std::size_t c = threadIdx.x; c < h; c += blockDim.x) out[c] = w[c] + p[c] + token_type0[c];
}

// out[r, :] = LayerNorm(in[r, :] + bias[:] + residual[r, :]) (bias, residual optional),
// as torch.nn.LayerNorm (Ba et al. 2016, arXiv:1607.06450): (v − mean)/√(var + eps)·γ + β
// with the biased variance, computed in two passes (mean, then centred squares). One
// block per row; the row is staged in dynamic shared memory (n floats), so `out` may
// alias `in` or `residual`.
__global__ void layer_norm_kernel(const float* in, const float* bias, const float* residual, const float* gamma,
                                  const float* beta, float eps, std::size_t n, float* out) {
  extern __shared__ float row[];
  __shared__ float slots[33];
  const std::size_t r = blockIdx.x;
  const float* src = in + r * n;
  const float* res = residual != nullptr ? residual + r * n : nullptr;
  float sum = 0.0f;
  for (std::size_t c = threadIdx.x; c < n; c += blockDim.x) {
    float v = src[c];
    if (bias != nullptr) v += bias[c];
    if (res != nullptr) v += res[c];
    row[c] = v;
    sum += v;
  }
  const float mean = block_sum(sum, slots) / static_cast<float>(n);
  float sq = 0.0f;
  for (std::size_t c = threadIdx.x; c < n; c += blockDim.x) {
    const float d = row[c] - mean;
    sq += d * d;
  }
  const float var = block_sum(sq, slots) / static_cast<float>(n);
  const float inv_std = rsqrtf(var + eps);
  float* dst = out + r * n;
  for (std::size_t c = threadIdx.x; c < n; c += blockDim.x) dst[c] = (row[c] - mean) * inv_std * gamma[c] + beta[c];
}

// x[r, c] += bias[c] over a [rows, n] matrix.
__global__ void add_bias_kernel(float* x, const float* bias, std::size_t rows, std::size_t n) {
  const std::size_t total = rows * n;
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < total;
       i += std::size_t{gridDim.x} * blockDim.x) {
    x[i] += bias[i % n];
  }
}

// x[r, c] = GELU(x[r, c] + bias[c]) (Hendrycks & Gimpel 2016, arXiv:1606.08415): exact
// 0.5·v·(1 + erf(v/√2)), or the tanh form 0.5·v·(1 + tanh(√(2/π)·(v + 0.044715·v³))).
__global__ void bias_gelu_kernel(float* x, const float* bias, std::size_t rows, std::size_t n, bool tanh_form) {
  const std::size_t total = rows * n;
  constexpr float kInvSqrt2 = 0.70710678118654752f;
  constexpr float kSqrt2OverPi = 0.79788456080286536f;
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < total;
       i += std::size_t{gridDim.x} * blockDim.x) {
    const float v = x[i] + bias[i % n];
    x[i] = tanh_form ? 0.5f * v * (1.0f + tanhf(kSqrt2OverPi * (v + 0.044715f * v * v * v)))
                     : 0.5f * v * (1.0f + erff(v * kInvSqrt2));
  }
}

// Softmax of each row of scores [batch, heads, T, T] over its T keys, keeping only the keys
// whose mask (of the row's sequence) is nonzero; masked keys get weight exactly 0, as on
// the CPU (masked_softmax_row). One warp per row; every row has a live key (checked).
constexpr unsigned kSoftmaxWarps = 4;
__global__ void masked_softmax_kernel(float* scores, const std::int32_t* mask, std::size_t rows,
                                      std::size_t heads, std::size_t t_len) {
  const std::size_t row = blockIdx.x * std::size_t{kSoftmaxWarps} + (threadIdx.x >> 5);
  if (row >= rows) return;  // whole warps leave together
  const unsigned lane = threadIdx.x & 31u;
  float* s = scores + row * t_len;
  const std::int32_t* m = mask + (row / (heads * t_len)) * t_len;
  float mx = -INFINITY;
  for (std::size_t k = lane; k < t_len; k += 32) {
    if (m[k] != 0) mx = fmaxf(mx, s[k]);
  }
  mx = warp_max(mx);
  float sum = 0.0f;
  for (std::size_t k = lane; k < t_len; k += 32) {
    const float e = m[k] != 0 ? expf(s[k] - mx) : 0.0f;
    s[k] = e;
    sum += e;
  }
  const float inv = 1.0f / warp_sum(sum);
  for (std::size_t k = lane; k < t_len; k += 32) s[k] *= inv;
}

// ---- launch helpers ---------------------------------------------------------------------

// Threads per block for a per-row kernel over n columns: a multiple of 32, at most 256.
unsigned row_threads(std::size_t n) {
  const std::size_t rounded = (n + 31) / 32 * 32;
  return static_cast<unsigned>(rounded < 32 ? 32 : rounded > 256 ? 256 : rounded);
}

unsigned elementwise_blocks(std::size_t total) {
  const std::size_t blocks = (total + 255) / 256;
  return static_cast<unsigned>(blocks < 1 ? 1 : blocks > 65535 ? 65535 : blocks);  // grid-stride beyond
}

int as_int(std::size_t v) { return static_cast<int>(v); }

// Row-major C[M,N] = alpha·A[M,K]·B[N,K]ᵀ + beta·C (B in torch.nn.Linear's [out, in]
// layout): column-major Cᵀ = B·Aᵀ, see the top of the file.
void gemm_a_bt(cublasHandle_t blas, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
               std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
  check(cublasSgemm(blas, CUBLAS_OP_T, CUBLAS_OP_N, as_int(n), as_int(m), as_int(k), &alpha, b, as_int(ldb), a,
                    as_int(lda), &beta, c, as_int(ldc)),
        "cublasSgemm");
}

struct LayerOnDevice {
  DeviceBuffer<float> qkv_w, qkv_b, out_w, out_b, norm1_g, norm1_b;
  DeviceBuffer<float> inter_w, inter_b, ffn_out_w, ffn_out_b, norm2_g, norm2_b;
};

}  // namespace

bool device_available(std::string* reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear it
    if (reason != nullptr) {
      *reason = std::string("no usable CUDA device: cudaGetDeviceCount failed with ") + cudaGetErrorName(status) +
                " (" + cudaGetErrorString(status) + ")";
    }
    return false;
  }
  if (count == 0) {
    if (reason != nullptr) *reason = "no CUDA device found (cudaGetDeviceCount returned 0)";
    return false;
  }
  return true;
}

struct Engine::State {
  int device = 0;
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;

  std::size_t hidden = 0, heads = 0, head_dim = 0, intermediate = 0;
  float eps = 0;
  bool gelu_tanh = false;

  DeviceBuffer<float> word, position, token_type0, emb_norm_g, emb_norm_b;
  std::vector<LayerOnDevice> layers;

  // Per-forward buffers, grown to the largest batch seen.
  DeviceBuffer<std::int32_t> ids, mask, positions;
  DeviceBuffer<float> x, qkv, scores, context, tmp, mid;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    if (blas != nullptr) cublasDestroy(blas);
    if (stream != nullptr) cudaStreamDestroy(stream);
  }

  void layer_norm(const float* in, const float* bias, const float* residual, const float* gamma, const float* beta,
                  std::size_t rows, float* out) {
    layer_norm_kernel<<<static_cast<unsigned>(rows), row_threads(hidden), hidden * sizeof(float), stream>>>(
        in, bias, residual, gamma, beta, eps, hidden, out);
    check_launch("layer_norm_kernel");
  }
};

Engine::Engine(const TransformerConfig& config, const TransformerWeights& weights) : s_(std::make_unique<State>()) {
  State& s = *s_;
  check(cudaGetDevice(&s.device), "cudaGetDevice");
  check(cudaStreamCreateWithFlags(&s.stream, cudaStreamNonBlocking), "cudaStreamCreate");
  check(cublasCreate(&s.blas), "cublasCreate");
  check(cublasSetStream(s.blas, s.stream), "cublasSetStream");
  // Full float32 GEMMs (no TF32 tensor-op rounding), so results match the CPU to ~1e-6.
  check(cublasSetMathMode(s.blas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");

  s.hidden = config.hidden_size;
  s.heads = config.num_attention_heads;
  s.head_dim = config.head_dim();
  s.intermediate = config.intermediate_size;
  s.eps = config.layer_norm_eps;
  s.gelu_tanh = config.hidden_act == Activation::GeluTanh;
  if (s.hidden > 12288) {  // the layer-norm kernel stages a row in 48 KiB of shared memory
    throw Error(ErrorCode::Unavailable, "CUDA encoder: hidden_size " + std::to_string(s.hidden) + " exceeds 12288");
  }

  s.word.upload(weights.word_embeddings);
  s.position.upload(weights.position_embeddings);
  s.token_type0.upload(weights.token_type_embeddings.data(), s.hidden);  // row 0: segment A
  s.emb_norm_g.upload(weights.embedding_norm.gamma);
  s.emb_norm_b.upload(weights.embedding_norm.beta);
  s.layers = std::vector<LayerOnDevice>(weights.layers.size());
  for (std::size_t i = 0; i < weights.layers.size(); ++i) {
    const EncoderLayerWeights& w = weights.layers[i];
    LayerOnDevice& d = s.layers[i];
    d.qkv_w.upload(w.qkv.weight);
    d.qkv_b.upload(w.qkv.bias);
    d.out_w.upload(w.attention_output.weight);
    d.out_b.upload(w.attention_output.bias);
    d.norm1_g.upload(w.attention_norm.gamma);
    d.norm1_b.upload(w.attention_norm.beta);
    d.inter_w.upload(w.intermediate.weight);
    d.inter_b.upload(w.intermediate.bias);
    d.ffn_out_w.upload(w.output.weight);
    d.ffn_out_b.upload(w.output.bias);
    d.norm2_g.upload(w.output_norm.gamma);
    d.norm2_b.upload(w.output_norm.beta);
  }
}

Engine::~Engine() = default;

std::string Engine::device_name() const {
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, s_->device), "cudaGetDeviceProperties");
  return std::string(prop.name) + " (device " + std::to_string(s_->device) + ", sm_" + std::to_string(prop.major) +
         std::to_string(prop.minor) + ")";
}

void Engine::forward(const std::int32_t* ids, const std::int32_t* mask, const std::int32_t* positions,
                     std::size_t batch, std::size_t seq_len, float* out) {
  State& s = *s_;
  if (batch == 0 || seq_len == 0) return;
  check(cudaSetDevice(s.device), "cudaSetDevice");  // the calling thread may have another current device
  const std::size_t rows = batch * seq_len;
  const std::size_t h = s.hidden;
  const std::size_t heads = s.heads;
  const std::size_t d = s.head_dim;
  const std::size_t inter = s.intermediate;
  const std::size_t t_len = seq_len;

  s.ids.reserve(rows);
  s.mask.reserve(rows);
  s.positions.reserve(rows);
  s.x.reserve(rows * h);
  s.qkv.reserve(rows * 3 * h);
  s.scores.reserve(batch * heads * t_len * t_len);
  s.context.reserve(rows * h);
  s.tmp.reserve(rows * h);
  s.mid.reserve(rows * inter);
  const std::size_t id_bytes = rows * sizeof(std::int32_t);
  check(cudaMemcpyAsync(s.ids.get(), ids, id_bytes, cudaMemcpyHostToDevice, s.stream), "cudaMemcpyAsync (ids)");
  check(cudaMemcpyAsync(s.mask.get(), mask, id_bytes, cudaMemcpyHostToDevice, s.stream), "cudaMemcpyAsync (mask)");
  check(cudaMemcpyAsync(s.positions.get(), positions, id_bytes, cudaMemcpyHostToDevice, s.stream),
        "cudaMemcpyAsync (positions)");

  // x = LayerNorm(word[id] + position[pos] + token_type[0])
  float* x = s.x.get();
  embed_kernel<<<static_cast<unsigned>(rows), row_threads(h), 0, s.stream>>>(
      s.ids.get(), s.positions.get(), s.word.get(), s.position.get(), s.token_type0.get(), h, x);
  check_launch("embed_kernel");
  s.layer_norm(x, nullptr, nullptr, s.emb_norm_g.get(), s.emb_norm_b.get(), rows, x);

  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const float one = 1.0f, zero = 0.0f;
  float* qkv = s.qkv.get();
  float* scores = s.scores.get();
  float* context = s.context.get();
  float* tmp = s.tmp.get();
  float* mid = s.mid.get();
  for (const LayerOnDevice& layer : s.layers) {
    // qkv[rows, 3H] = x·Wqkvᵀ + bqkv
    gemm_a_bt(s.blas, rows, 3 * h, h, 1.0f, x, h, layer.qkv_w.get(), h, 0.0f, qkv, 3 * h);
    add_bias_kernel<<<elementwise_blocks(rows * 3 * h), 256, 0, s.stream>>>(qkv, layer.qkv_b.get(), rows, 3 * h);
    check_launch("add_bias_kernel");

    // Per sequence b, all heads in one strided batch (head j's Q, K, V are d columns
    // apart in qkv; its T×T scores are T² floats apart). Head j of token t: Q at
    // qkv[t, jd..], K at qkv[t, H + jd..], V at qkv[t, 2H + jd..] (row stride 3H).
    for (std::size_t b = 0; b < batch; ++b) {
      const float* q = qkv + b * t_len * 3 * h;
      const float* k = q + h;
      float* sb = scores + b * heads * t_len * t_len;
      // S[T,T] = scale·Q·Kᵀ: column-major Sᵀ = K·Qᵀ.
      check(cublasSgemmStridedBatched(s.blas, CUBLAS_OP_T, CUBLAS_OP_N, as_int(t_len), as_int(t_len), as_int(d),
                                      &scale, k, as_int(3 * h), static_cast<long long>(d), q, as_int(3 * h),
                                      static_cast<long long>(d), &zero, sb, as_int(t_len),
                                      static_cast<long long>(t_len * t_len), as_int(heads)),
            "cublasSgemmStridedBatched (scores)");
    }
    const std::size_t score_rows = batch * heads * t_len;
    masked_softmax_kernel<<<static_cast<unsigned>((score_rows + kSoftmaxWarps - 1) / kSoftmaxWarps),
                            32 * kSoftmaxWarps, 0, s.stream>>>(scores, s.mask.get(), score_rows, heads, t_len);
    check_launch("masked_softmax_kernel");
    for (std::size_t b = 0; b < batch; ++b) {
      const float* v = qkv + b * t_len * 3 * h + 2 * h;
      const float* pb = scores + b * heads * t_len * t_len;
      float* cb = context + b * t_len * h;
      // context[T, d] (row stride H, head j at column jd) = P[T,T]·V[T,d]: column-major
      // contextᵀ = Vᵀ·Pᵀ.
      check(cublasSgemmStridedBatched(s.blas, CUBLAS_OP_N, CUBLAS_OP_N, as_int(d), as_int(t_len), as_int(t_len),
                                      &one, v, as_int(3 * h), static_cast<long long>(d), pb, as_int(t_len),
                                      static_cast<long long>(t_len * t_len), &zero, cb, as_int(h),
                                      static_cast<long long>(d), as_int(heads)),
            "cublasSgemmStridedBatched (context)");
    }

    // x = LayerNorm(x + context·Woᵀ + bo)
    gemm_a_bt(s.blas, rows, h, h, 1.0f, context, h, layer.out_w.get(), h, 0.0f, tmp, h);
    s.layer_norm(tmp, layer.out_b.get(), x, layer.norm1_g.get(), layer.norm1_b.get(), rows, x);

    // x = LayerNorm(x + GELU(x·Wiᵀ + bi)·W2ᵀ + b2)
    gemm_a_bt(s.blas, rows, inter, h, 1.0f, x, h, layer.inter_w.get(), h, 0.0f, mid, inter);
    bias_gelu_kernel<<<elementwise_blocks(rows * inter), 256, 0, s.stream>>>(mid, layer.inter_b.get(), rows, inter,
                                                                             s.gelu_tanh);
    check_launch("bias_gelu_kernel");
    gemm_a_bt(s.blas, rows, h, inter, 1.0f, mid, inter, layer.ffn_out_w.get(), inter, 0.0f, tmp, h);
    s.layer_norm(tmp, layer.ffn_out_b.get(), x, layer.norm2_g.get(), layer.norm2_b.get(), rows, x);
  }

  check(cudaMemcpyAsync(out, x, rows * h * sizeof(float), cudaMemcpyDeviceToHost, s.stream),
        "cudaMemcpyAsync (hidden state)");
  check(cudaStreamSynchronize(s.stream), "cudaStreamSynchronize (forward)");
}

}  // namespace medsearch::encoder::cuda_detail
