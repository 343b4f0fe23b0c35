// encoder::CudaTransformer: TransformerModel's forward pass on a CUDA GPU (cuBLAS GEMMs
// and a few kernels, encoder/cuda/cuda_engine.cu), with the weights uploaded once at
// construction. Plain C++: no CUDA type here, so any code may include it.
//
// Built with medsearch when CMake finds the CUDA toolkit (option MEDSEARCH_CUDA, default
// ON; MEDSEARCH_HAVE_CUDA is then defined). Without it the class still exists:
// available() is false with a reason and the constructor throws Error(Unavailable), so
// callers need no #if.
//
// Output: the same last hidden state as TransformerModel::forward, equal up to float
// rounding (GEMMs in full float32; the gpu-labelled test bounds the relative error by
// 1e-4 on the fixture models).
//
// Thread-safety: forward() may be called from many threads; calls are serialised on the
// one device stream and its buffers (a mutex), which are grown to the largest batch seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace medsearch::encoder {

class TransformerModel;

class CudaTransformer {
 public:
  // True when compiled with CUDA and the runtime finds a device; otherwise false and, if
  // `reason` is not null, why ("built without CUDA ...", or the runtime's error).
  static bool available(std::string* reason = nullptr);

  // Uploads `model`'s weights to the current CUDA device (device 0 unless the thread chose
  // another); `model` is not referenced afterwards. Throws Error(Unavailable) naming the
  // reason when there is no device, memory runs out, or CUDA support was not compiled in.
  explicit CudaTransformer(const TransformerModel& model);
  ~CudaTransformer();
  CudaTransformer(const CudaTransformer&) = delete;
  CudaTransformer& operator=(const CudaTransformer&) = delete;

  // As TransformerModel::forward: ids, mask [batch, seq_len] row-major, out [batch,
  // seq_len, hidden] host floats. Error(InvalidArgument) for the same bad inputs (sizes,
  // seq_len over the maximum, an id outside the vocabulary, an all-pad row);
  // Error(Unavailable) for a CUDA failure.
  void forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask, std::size_t batch,
               std::size_t seq_len, float* out) const;

  std::size_t hidden_size() const;
  // The device's name, index and compute capability, e.g. "NVIDIA H200 (device 0, sm_90)".
  std::string device_name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace medsearch::encoder
