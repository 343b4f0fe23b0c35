// encoder::TransformerConfig: the shape of a BERT-family encoder, read from the
// config.json of a Hugging Face model directory (field names as in transformers'
// BertConfig / XLMRobertaConfig).
//
// Supported model_type: "bert" (Devlin et al. 2019, arXiv:1810.04805), "roberta" and
// "xlm-roberta" (Liu et al. 2019, arXiv:1907.11692; Conneau et al. 2020,
// arXiv:1911.02116) — the same post-LayerNorm encoder, differing only in position ids:
//   BERT:            position of token t is t (0..T-1), whatever the mask.
//   RoBERTa / XLM-R: positions start at pad_token_id + 1 and count only unpadded tokens;
//                    padded tokens get position pad_token_id (transformers'
//                    create_position_ids_from_input_ids).
//
// hidden_act: "gelu" (exact, 0.5·x·(1 + erf(x/√2)), Hendrycks & Gimpel 2016) is the
// activation of every supported checkpoint we know of. "gelu_new" / "gelu_pytorch_tanh"
// (the tanh approximation, as in GPT-2) are accepted too because they cost three lines and
// some converted checkpoints use them; anything else is InvalidArgument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace medsearch::encoder {

enum class ModelFamily { Bert, Roberta };  // Roberta covers "roberta" and "xlm-roberta"
enum class Activation { GeluErf, GeluTanh };

struct TransformerConfig {
  std::string model_type;  // as written in config.json
  ModelFamily family = ModelFamily::Bert;
  std::size_t vocab_size = 0;
  std::size_t hidden_size = 0;
  std::size_t num_hidden_layers = 0;
  std::size_t num_attention_heads = 0;
  std::size_t intermediate_size = 0;
  std::size_t max_position_embeddings = 0;
  std::size_t type_vocab_size = 0;
  float layer_norm_eps = 1e-12f;  // BertConfig's default
  std::int32_t pad_token_id = 0;
  Activation hidden_act = Activation::GeluErf;

  std::size_t head_dim() const { return hidden_size / num_attention_heads; }
  // First position id of a sequence: 0 for BERT, pad_token_id + 1 for RoBERTa/XLM-R.
  std::size_t position_offset() const;
  // Longest input the position table allows: max_position_embeddings - position_offset().
  std::size_t max_sequence_length() const;
};

// Parses config.json text; `source` names the file in error messages. Throws
// Error(InvalidArgument) for an unsupported model_type ("unsupported architecture ...") or
// hidden_act, Error(Corrupt) for invalid JSON, a missing or non-positive size field, or
// hidden_size not divisible by num_attention_heads.
TransformerConfig parse_transformer_config(std::string_view json_text, const std::string& source);
// Reads and parses `path`; Error(NotFound) when absent.
TransformerConfig load_transformer_config(const std::filesystem::path& path);

}  // namespace medsearch::encoder
