#include "medsearch/encoder/transformer_config.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_file_limits.hpp"

namespace medsearch::encoder {
namespace {

std::size_t required_size(const nlohmann::json& j, const char* key, const std::string& source) {
  const auto it = j.find(key);
  if (it == j.end()) throw Error(ErrorCode::Corrupt, source + ": missing '" + key + "'");
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
    throw Error(ErrorCode::Corrupt, source + ": '" + key + "' must be a positive integer");
  }
  return it->get<std::size_t>();
}

TransformerConfig parse_fields(const nlohmann::json& j, const std::string& source) {
  TransformerConfig c;
  c.model_type = j.value("model_type", std::string());
  if (c.model_type == "bert") {
    c.family = ModelFamily::Bert;
  } else if (c.model_type == "roberta" || c.model_type == "xlm-roberta") {
    c.family = ModelFamily::Roberta;
  } else {
    throw Error(ErrorCode::InvalidArgument,
                source + ": unsupported architecture model_type '" + c.model_type +
                    "' (supported: bert, roberta, xlm-roberta)");
  }
  c.vocab_size = required_size(j, "vocab_size", source);
  c.hidden_size = required_size(j, "hidden_size", source);
  c.num_hidden_layers = required_size(j, "num_hidden_layers", source);
  c.num_attention_heads = required_size(j, "num_attention_heads", source);
  c.intermediate_size = required_size(j, "intermediate_size", source);
  c.max_position_embeddings = required_size(j, "max_position_embeddings", source);
  c.type_vocab_size = required_size(j, "type_vocab_size", source);
  if (c.hidden_size % c.num_attention_heads != 0) {
    throw Error(ErrorCode::Corrupt, source + ": hidden_size " + std::to_string(c.hidden_size) +
                                        " is not a multiple of num_attention_heads " +
                                        std::to_string(c.num_attention_heads));
  }
  if (const auto it = j.find("layer_norm_eps"); it != j.end()) {
    if (!it->is_number() || it->get<double>() <= 0) {
      throw Error(ErrorCode::Corrupt, source + ": 'layer_norm_eps' must be a positive number");
    }
    c.layer_norm_eps = it->get<float>();
  }
  // BertConfig defaults pad_token_id to 0, XLMRobertaConfig to 1.
  c.pad_token_id = c.family == ModelFamily::Roberta ? 1 : 0;
  if (const auto it = j.find("pad_token_id"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::size_t>() >= c.vocab_size) {
      throw Error(ErrorCode::Corrupt, source + ": 'pad_token_id' must be an id below vocab_size");
    }
    c.pad_token_id = it->get<std::int32_t>();
  }
  const std::string act = j.value("hidden_act", std::string("gelu"));
  if (act == "gelu") {
    c.hidden_act = Activation::GeluErf;
  } else if (act == "gelu_new" || act == "gelu_pytorch_tanh") {
    c.hidden_act = Activation::GeluTanh;
  } else {
    throw Error(ErrorCode::InvalidArgument, source + ": unsupported hidden_act '" + act +
                                                "' (supported: gelu, gelu_new, gelu_pytorch_tanh)");
  }
  if (const auto it = j.find("position_embedding_type");
      it != j.end() && it->is_string() && it->get<std::string>() != "absolute") {
    throw Error(ErrorCode::InvalidArgument, source + ": unsupported position_embedding_type '" +
                                                it->get<std::string>() + "' (supported: absolute)");
  }
  if (c.max_sequence_length() < 2) {
    throw Error(ErrorCode::Corrupt, source + ": max_position_embeddings " +
                                        std::to_string(c.max_position_embeddings) +
                                        " leaves no room for a sequence");
  }
  return c;
}

}  // namespace

std::size_t TransformerConfig::position_offset() const {
  return family == ModelFamily::Roberta ? static_cast<std::size_t>(pad_token_id) + 1 : 0;
}

std::size_t TransformerConfig::max_sequence_length() const {
  const std::size_t offset = position_offset();
  return max_position_embeddings > offset ? max_position_embeddings - offset : 0;
}

TransformerConfig parse_transformer_config(std::string_view json_text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, source + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(ErrorCode::Corrupt, source + ": not a JSON object");
  try {
    return parse_fields(j, source);
  } catch (const nlohmann::json::exception& e) {  // a field of the wrong JSON type
    throw Error(ErrorCode::Corrupt, source + ": " + e.what());
  }
}

TransformerConfig load_transformer_config(const std::filesystem::path& path) {
  check_model_file_size(path, kMaxModelJsonBytes, "model config");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io_error("cannot open model config", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_transformer_config(text.str(), path.string());
}

}  // namespace medsearch::encoder
