// encoder::TransformerWeights: the float32 parameters of a BERT-family encoder, loaded from
// a Hugging Face model.safetensors by their transformers names (BertModel /
// XLMRobertaModel state-dict keys), with or without the "bert." / "roberta." prefix that
// the *ForMaskedLM / *ForSequenceClassification checkpoints add:
//   embeddings.{word,position,token_type}_embeddings.weight, embeddings.LayerNorm.{weight,bias}
//   encoder.layer.N.attention.self.{query,key,value}.{weight,bias}
//   encoder.layer.N.attention.output.dense.{weight,bias}, ...attention.output.LayerNorm.*
//   encoder.layer.N.intermediate.dense.*, encoder.layer.N.output.dense.*,
//   encoder.layer.N.output.LayerNorm.*
// Other tensors (pooler, MLM head) are ignored. Linear weights keep the torch.nn.Linear
// layout [out_features, in_features], row-major: y = x·Wᵀ + b.
//
// Thread-safety: plain data; immutable once built.
#pragma once

#include <cstddef>
#include <vector>

#include "medsearch/encoder/safetensors_file.hpp"
#include "medsearch/encoder/transformer_config.hpp"

namespace medsearch::encoder {

struct LinearWeights {
  std::size_t out_features = 0;
  std::size_t in_features = 0;
  std::vector<float> weight;  // [out_features, in_features]
  std::vector<float> bias;    // [out_features]
};

struct LayerNormWeights {
  std::vector<float> gamma;  // [hidden]
  std::vector<float> beta;   // [hidden]
};

struct EncoderLayerWeights {
  // query, key and value stacked into one [3·hidden, hidden] projection (rows 0..H-1 are
  // the query's, H..2H-1 the key's, 2H..3H-1 the value's), so one GEMM computes all three.
  LinearWeights qkv;
  LinearWeights attention_output;  // [hidden, hidden]
  LayerNormWeights attention_norm;
  LinearWeights intermediate;      // [intermediate, hidden]
  LinearWeights output;            // [hidden, intermediate]
  LayerNormWeights output_norm;
};

struct TransformerWeights {
  std::vector<float> word_embeddings;        // [vocab_size, hidden]
  std::vector<float> position_embeddings;    // [max_position_embeddings, hidden]
  std::vector<float> token_type_embeddings;  // [type_vocab_size, hidden]
  LayerNormWeights embedding_norm;
  std::vector<EncoderLayerWeights> layers;   // num_hidden_layers
};

// Reads every tensor the encoder needs from `file`, converting F16/BF16 to float32, and
// checks each shape against `config`. Throws Error(Corrupt) naming the file and tensor for
// a missing tensor, and naming the tensor, its shape and the expected shape (with the
// config.json field it derives from) for a mismatch.
TransformerWeights load_transformer_weights(const SafetensorsFile& file, const TransformerConfig& config);

// Checks that every vector has the size `config` implies (for weights built in memory, e.g.
// by benchmarks). Throws Error(InvalidArgument) naming the first wrong parameter.
void check_weight_sizes(const TransformerWeights& weights, const TransformerConfig& config);

}  // namespace medsearch::encoder
