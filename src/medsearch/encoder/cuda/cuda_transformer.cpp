// The host half of CudaTransformer: input checks and position ids here (plain C++,
// compiled into medsearch_encoder), the device work in cuda_detail::Engine
// (cuda_engine.cu) when MEDSEARCH_HAVE_CUDA; without it, a stub that reports why.
#include "medsearch/encoder/cuda/cuda_transformer.hpp"

#include <mutex>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/transformer_model.hpp"

#if MEDSEARCH_HAVE_CUDA
#include "medsearch/encoder/cuda/cuda_engine.hpp"
#endif

namespace medsearch::encoder {

#if MEDSEARCH_HAVE_CUDA

namespace {

// Position ids as TransformerModel::embed_tokens computes them. BERT: 0..T-1. RoBERTa /
// XLM-R (transformers' create_position_ids_from_input_ids): pad_id + (real tokens up to
// and including t) for a real token, pad_id for a pad.
void position_ids(const TransformerConfig& config, std::span<const std::int32_t> mask, std::size_t batch,
                  std::size_t seq_len, std::vector<std::int32_t>& out) {
  out.resize(batch * seq_len);
  for (std::size_t b = 0; b < batch; ++b) {
    std::int32_t real = 0;
    for (std::size_t t = 0; t < seq_len; ++t) {
      const std::size_t i = b * seq_len + t;
      if (config.family == ModelFamily::Bert) {
        out[i] = static_cast<std::int32_t>(t);
      } else if (mask[i] != 0) {
        out[i] = config.pad_token_id + ++real;
      } else {
        out[i] = config.pad_token_id;
      }
    }
  }
}

}  // namespace

struct CudaTransformer::Impl {
  TransformerConfig config;
  mutable std::mutex mutex;  // serialises forward(): one stream, one set of buffers
  mutable std::vector<std::int32_t> positions;
  mutable cuda_detail::Engine engine;

  explicit Impl(const TransformerModel& model) : config(model.config()), engine(model.config(), model.weights()) {}
};

bool CudaTransformer::available(std::string* reason) { return cuda_detail::device_available(reason); }

CudaTransformer::CudaTransformer(const TransformerModel& model) {
  std::string reason;
  if (!available(&reason)) throw Error(ErrorCode::Unavailable, "CUDA encoder: " + reason);
  impl_ = std::make_unique<Impl>(model);
}

CudaTransformer::~CudaTransformer() = default;

void CudaTransformer::forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
                              std::size_t batch, std::size_t seq_len, float* out) const {
  check_forward_inputs(impl_->config, ids, mask, batch, seq_len, "transformer forward (CUDA): ");
  if (batch == 0 || seq_len == 0) return;
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  position_ids(impl_->config, mask, batch, seq_len, impl_->positions);
  impl_->engine.forward(ids.data(), mask.data(), impl_->positions.data(), batch, seq_len, out);
}

std::size_t CudaTransformer::hidden_size() const { return impl_->config.hidden_size; }

std::string CudaTransformer::device_name() const { return impl_->engine.device_name(); }

#else  // no CUDA toolkit at build time

namespace {
constexpr const char* kNotBuilt =
    "medsearch was built without CUDA support (no CUDA toolkit found by CMake, or -DMEDSEARCH_CUDA=OFF)";
}

struct CudaTransformer::Impl {};

bool CudaTransformer::available(std::string* reason) {
  if (reason != nullptr) *reason = kNotBuilt;
  return false;
}

CudaTransformer::CudaTransformer(const TransformerModel&) {
  throw Error(ErrorCode::Unavailable, std::string("CUDA encoder: ") + kNotBuilt);
}

CudaTransformer::~CudaTransformer() = default;

void CudaTransformer::forward(std::span<const std::int32_t>, std::span<const std::int32_t>, std::size_t,
                              std::size_t, float*) const {
  throw Error(ErrorCode::Unavailable, std::string("CUDA encoder: ") + kNotBuilt);
}

std::size_t CudaTransformer::hidden_size() const { return 0; }

std::string CudaTransformer::device_name() const { return {}; }

#endif

}  // namespace medsearch::encoder
