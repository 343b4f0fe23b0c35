// encoder::cuda_detail: the device half of CudaTransformer (cuda_engine.cu, compiled by
// nvcc into medsearch_encoder_cuda only when the CUDA toolkit is found). Plain C++: no
// CUDA type appears here, so cuda_transformer.cpp is compiled by the C++ compiler.
//
// Engine needs only the struct layouts of TransformerConfig / TransformerWeights and
// their inline members, never an out-of-line function of medsearch_encoder, so the two
// static libraries do not depend on each other in a cycle.
//
// Thread-safety: Engine::forward uses the engine's one stream, cuBLAS handle and device
// buffers; callers serialise it (CudaTransformer holds a mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "medsearch/encoder/transformer_config.hpp"
#include "medsearch/encoder/transformer_weights.hpp"

namespace medsearch::encoder::cuda_detail {

// True when the CUDA runtime finds at least one device; else false with the runtime's
// reason in *reason (when not null).
bool device_available(std::string* reason);

class Engine {
 public:
  // Uploads every weight to the current device. Throws Error(Unavailable) naming the CUDA
  // or cuBLAS call that failed (no device, out of memory, ...).
  Engine(const TransformerConfig& config, const TransformerWeights& weights);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // ids, mask, positions: [batch, seq_len] host arrays, already checked by the caller (ids
  // inside the vocabulary, positions inside the position table, a real token per row).
  // out: [batch, seq_len, hidden] host floats. Throws Error(Unavailable) on a CUDA error.
  void forward(const std::int32_t* ids, const std::int32_t* mask, const std::int32_t* positions,
               std::size_t batch, std::size_t seq_len, float* out);

  // "NVIDIA H100 80GB HBM3 (device 0, sm_90)".
  std::string device_name() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace medsearch::encoder::cuda_detail
