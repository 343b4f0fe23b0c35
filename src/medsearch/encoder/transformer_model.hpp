// encoder::TransformerModel: the forward pass of a post-LayerNorm BERT-family encoder
// (BERT, Devlin et al. 2019, arXiv:1810.04805; RoBERTa / XLM-R, which differ only in
// position ids — see transformer_config.hpp), computing the last hidden state as
// transformers' BertModel / XLMRobertaModel do in float32 with token_type_ids all 0:
//
//   x = LayerNorm(word[id] + position[pos] + token_type[0])
//   per layer:  a = softmax(Q·Kᵀ/√d_head + mask)·V  per head,   (Vaswani et al. 2017)
//               x = LayerNorm(x + a·Woᵀ + bo)
//               x = LayerNorm(x + GELU(x·Wiᵀ + bi)·W2ᵀ + b2)
//
// Padded keys (mask 0) get attention weight exactly 0, so an unpadded position's output
// does not depend on padding: a batch gives each text the same output as the text alone
// (up to GEMM rounding). Padded positions are computed too; their values are meaningless.
//
// Thread-safety: immutable after construction; forward() may run concurrently from many
// threads, each with its own ForwardWorkspace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "medsearch/encoder/transformer_config.hpp"
#include "medsearch/encoder/transformer_weights.hpp"

namespace medsearch::encoder {

// Per-caller scratch buffers of forward(), grown to the largest batch seen and reused, so
// that a run of batches allocates once. `threads` is the OpenMP team size forward() uses
// for GEMMs and element-wise loops (0: the calling thread's OpenMP default, i.e.
// OMP_NUM_THREADS or the core count). Not thread-safe: one per concurrent caller.
struct ForwardWorkspace {
  int threads = 0;
  std::vector<float> qkv;           // [B·T, 3H]
  std::vector<float> context;       // [B·T, H]
  std::vector<float> residual;      // [B·T, H]
  std::vector<float> intermediate;  // [B·T, I]
  std::vector<float> scores;        // [team size, T, T]
  std::vector<std::int32_t> position_ids;  // [B·T]
};

// The checks of TransformerModel::forward, shared by every backend (the CUDA one too):
// Error(InvalidArgument), prefixed by `where`, for mismatched sizes, seq_len over the
// config's maximum, an id outside the vocabulary, or an all-pad row.
void check_forward_inputs(const TransformerConfig& config, std::span<const std::int32_t> ids,
                          std::span<const std::int32_t> mask, std::size_t batch, std::size_t seq_len,
                          const std::string& where);

class TransformerModel {
 public:
  // Loads <model_dir>/config.json and <model_dir>/model.safetensors. Errors as
  // load_transformer_config / SafetensorsFile / load_transformer_weights; Error(NotFound)
  // naming the file when either is absent.
  static TransformerModel load(const std::filesystem::path& model_dir);
  // Takes weights built elsewhere; checks their sizes (check_weight_sizes).
  TransformerModel(TransformerConfig config, TransformerWeights weights);

  const TransformerConfig& config() const { return config_; }
  std::size_t hidden_size() const { return config_.hidden_size; }
  // Longest seq_len forward() accepts (the position table's size less the offset).
  std::size_t max_sequence_length() const { return config_.max_sequence_length(); }
  // The parameters (read by CudaTransformer, which uploads them to the GPU).
  const TransformerWeights& weights() const { return weights_; }

  // ids, mask: [batch, seq_len] row-major; mask nonzero marks a real token, zero a pad.
  // Every row needs at least one real token; a row's real tokens may be anywhere, but
  // RoBERTa position ids count real tokens only (as transformers does from the pad id).
  // out: [batch, seq_len, hidden_size] floats, the last hidden state. Throws
  // Error(InvalidArgument) for mismatched sizes, seq_len over max_sequence_length(), an
  // id outside the vocabulary, or an all-pad row.
  void forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
               std::size_t batch, std::size_t seq_len, float* out, ForwardWorkspace& workspace) const;
  // Same with a workspace of its own and the OpenMP default thread count.
  void forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
               std::size_t batch, std::size_t seq_len, float* out) const;

 private:
  void embed_tokens(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
                    std::size_t batch, std::size_t seq_len, float* out, ForwardWorkspace& ws) const;
  void attention(const EncoderLayerWeights& layer, std::span<const std::int32_t> mask,
                 std::size_t batch, std::size_t seq_len, float* x, ForwardWorkspace& ws) const;
  void feed_forward(const EncoderLayerWeights& layer, std::size_t rows, float* x,
                    ForwardWorkspace& ws) const;

  TransformerConfig config_;
  TransformerWeights weights_;
};

}  // namespace medsearch::encoder
