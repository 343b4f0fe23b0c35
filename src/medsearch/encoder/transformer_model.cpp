#include "medsearch/encoder/transformer_model.hpp"

#include <atomic>
#include <cmath>
#include <string>
#include <utility>

#include <omp.h>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/safetensors_file.hpp"
#include "medsearch/encoder/transformer_kernels.hpp"

namespace medsearch::encoder {
namespace {

template <typename T>
void grow(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
}

}  // namespace

TransformerModel TransformerModel::load(const std::filesystem::path& model_dir) {
  TransformerConfig config = load_transformer_config(model_dir / "config.json");
  const SafetensorsFile file(model_dir / "model.safetensors");
  TransformerWeights weights = load_transformer_weights(file, config);
  return TransformerModel(std::move(config), std::move(weights));
}

TransformerModel::TransformerModel(TransformerConfig config, TransformerWeights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {
  check_weight_sizes(weights_, config_);
}

void check_forward_inputs(const TransformerConfig& config, std::span<const std::int32_t> ids,
                          std::span<const std::int32_t> mask, std::size_t batch, std::size_t seq_len,
                          const std::string& where) {
  if (ids.size() != batch * seq_len || mask.size() != batch * seq_len) {
    throw Error(ErrorCode::InvalidArgument,
                where + "ids (" + std::to_string(ids.size()) + ") and mask (" + std::to_string(mask.size()) +
                    ") must both hold batch x seq_len = " + std::to_string(batch * seq_len) + " values");
  }
  if (seq_len > config.max_sequence_length()) {
    throw Error(ErrorCode::InvalidArgument, where + "seq_len " + std::to_string(seq_len) +
                                                " exceeds the model's maximum " +
                                                std::to_string(config.max_sequence_length()));
  }
  for (std::size_t b = 0; b < batch; ++b) {
    bool any = false;
    for (std::size_t t = 0; t < seq_len; ++t) {
      const std::int32_t id = ids[b * seq_len + t];
      if (id < 0 || static_cast<std::size_t>(id) >= config.vocab_size) {
        throw Error(ErrorCode::InvalidArgument, where + "token id " + std::to_string(id) + " at [" +
                                                    std::to_string(b) + ", " + std::to_string(t) +
                                                    "] is outside the vocabulary of " +
                                                    std::to_string(config.vocab_size));
      }
      any = any || mask[b * seq_len + t] != 0;
    }
    if (!any) {
      throw Error(ErrorCode::InvalidArgument, where + "row " + std::to_string(b) + " has no unmasked token");
    }
  }
}

void TransformerModel::forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
                               std::size_t batch, std::size_t seq_len, float* out) const {
  ForwardWorkspace workspace;
  forward(ids, mask, batch, seq_len, out, workspace);
}

void TransformerModel::forward(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
                               std::size_t batch, std::size_t seq_len, float* out,
                               ForwardWorkspace& ws) const {
  check_forward_inputs(config_, ids, mask, batch, seq_len, "transformer forward: ");
  if (batch == 0 || seq_len == 0) return;
  const ThreadCountScope threads(ws.threads);
  const std::size_t rows = batch * seq_len;
  const std::size_t h = config_.hidden_size;
  grow(ws.qkv, rows * 3 * h);
  grow(ws.context, rows * h);
  grow(ws.residual, rows * h);
  grow(ws.intermediate, rows * config_.intermediate_size);
  grow(ws.scores, static_cast<std::size_t>(threads.threads()) * seq_len * seq_len);
  grow(ws.position_ids, rows);

  // `out` holds the hidden state x throughout: [rows, H].
  embed_tokens(ids, mask, batch, seq_len, out, ws);
  for (const EncoderLayerWeights& layer : weights_.layers) {
    attention(layer, mask, batch, seq_len, out, ws);
    feed_forward(layer, rows, out, ws);
  }
}

void TransformerModel::embed_tokens(std::span<const std::int32_t> ids, std::span<const std::int32_t> mask,
                                    std::size_t batch, std::size_t seq_len, float* x,
                                    ForwardWorkspace& ws) const {
  const std::size_t h = config_.hidden_size;
  // Position ids. BERT: 0..T-1. RoBERTa/XLM-R (transformers'
  // create_position_ids_from_input_ids): pad_id + (number of real tokens up to and
  // including t) for a real token, pad_id for a pad.
  for (std::size_t b = 0; b < batch; ++b) {
    std::int32_t real = 0;
    for (std::size_t t = 0; t < seq_len; ++t) {
      const std::size_t i = b * seq_len + t;
      if (config_.family == ModelFamily::Bert) {
        ws.position_ids[i] = static_cast<std::int32_t>(t);
      } else if (mask[i] != 0) {
        ws.position_ids[i] = config_.pad_token_id + ++real;
      } else {
        ws.position_ids[i] = config_.pad_token_id;
      }
    }
  }
  const float* token_type = weights_.token_type_embeddings.data();  // row 0: segment A
  const auto rows = static_cast<std::ptrdiff_t>(batch * seq_len);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const float* word = weights_.word_embeddings.data() + static_cast<std::size_t>(ids[i]) * h;
    const float* pos = weights_.position_embeddings.data() + static_cast<std::size_t>(ws.position_ids[i]) * h;
    float* row = x + i * h;
    for (std::size_t j = 0; j < h; ++j) row[j] = word[j] + pos[j] + token_type[j];
  }
  layer_norm_rows(x, batch * seq_len, h, weights_.embedding_norm.gamma.data(),
                  weights_.embedding_norm.beta.data(), config_.layer_norm_eps, x);
}

void TransformerModel::attention(const EncoderLayerWeights& layer, std::span<const std::int32_t> mask,
                                 std::size_t batch, std::size_t seq_len, float* x,
                                 ForwardWorkspace& ws) const {
  const std::size_t h = config_.hidden_size;
  const std::size_t rows = batch * seq_len;
  const std::size_t heads = config_.num_attention_heads;
  const std::size_t d = config_.head_dim();

  // qkv[rows, 3H] = x·Wqkvᵀ + bqkv, one GEMM for all three projections.
  float* qkv = ws.qkv.data();
  broadcast_rows(layer.qkv.bias.data(), rows, 3 * h, qkv);
  gemm_a_bt(rows, 3 * h, h, 1.0f, x, h, layer.qkv.weight.data(), h, 1.0f, qkv, 3 * h);

  // Scaled dot-product attention per (sequence, head), heads in parallel; each GEMM runs
  // on its OpenMP thread. Head j of token t: Q at qkv[t, jd..], K at [t, H + jd..],
  // V at [t, 2H + jd..]; the context goes to context[t, jd..] (heads concatenated).
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const auto tasks = static_cast<std::ptrdiff_t>(batch * heads);
  float* context = ws.context.data();
  float* scores_all = ws.scores.data();
  // An exception must not leave an OpenMP region: a failed GEMM is recorded and rethrown.
  std::atomic<bool> failed{false};
  std::string failure;
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t task = 0; task < tasks; ++task) {
    if (failed.load(std::memory_order_relaxed)) continue;
    try {
    const std::size_t b = static_cast<std::size_t>(task) / heads;
    const std::size_t j = static_cast<std::size_t>(task) % heads;
    float* scores = scores_all + static_cast<std::size_t>(omp_get_thread_num()) * seq_len * seq_len;
    const float* q = qkv + b * seq_len * 3 * h + j * d;
    const float* k = q + h;
    const float* v = q + 2 * h;
    gemm_a_bt(seq_len, seq_len, d, scale, q, 3 * h, k, 3 * h, 0.0f, scores, seq_len);
    const std::int32_t* key_mask = mask.data() + b * seq_len;
    for (std::size_t t = 0; t < seq_len; ++t) masked_softmax_row(scores + t * seq_len, key_mask, seq_len);
    gemm_a_b(seq_len, d, seq_len, 1.0f, scores, seq_len, v, 3 * h, 0.0f, context + b * seq_len * h + j * d, h);
    } catch (const Error& e) {
#pragma omp critical(medsearch_attention_failure)
      if (!failed.exchange(true)) failure = e.what();
    }
  }
  if (failed) throw Error(ErrorCode::Unavailable, "transformer attention: " + failure);

  // x = LayerNorm(x + context·Woᵀ + bo): the residual and bias are the GEMM's starting C.
  float* residual = ws.residual.data();
  add_row_to_rows(x, layer.attention_output.bias.data(), rows, h, residual);
  gemm_a_bt(rows, h, h, 1.0f, context, h, layer.attention_output.weight.data(), h, 1.0f, residual, h);
  layer_norm_rows(residual, rows, h, layer.attention_norm.gamma.data(), layer.attention_norm.beta.data(),
                  config_.layer_norm_eps, x);
}

void TransformerModel::feed_forward(const EncoderLayerWeights& layer, std::size_t rows, float* x,
                                    ForwardWorkspace& ws) const {
  const std::size_t h = config_.hidden_size;
  const std::size_t inter = config_.intermediate_size;
  float* mid = ws.intermediate.data();
  broadcast_rows(layer.intermediate.bias.data(), rows, inter, mid);
  gemm_a_bt(rows, inter, h, 1.0f, x, h, layer.intermediate.weight.data(), h, 1.0f, mid, inter);
  if (config_.hidden_act == Activation::GeluErf) {
    gelu_erf_inplace(mid, rows * inter);
  } else {
    gelu_tanh_inplace(mid, rows * inter);
  }
  float* residual = ws.residual.data();
  add_row_to_rows(x, layer.output.bias.data(), rows, h, residual);
  gemm_a_bt(rows, h, inter, 1.0f, mid, inter, layer.output.weight.data(), inter, 1.0f, residual, h);
  layer_norm_rows(residual, rows, h, layer.output_norm.gamma.data(), layer.output_norm.beta.data(),
                  config_.layer_norm_eps, x);
}

}  // namespace medsearch::encoder
