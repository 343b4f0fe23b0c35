#include "medsearch/encoder/transformer_config.hpp"

#include <gtest/gtest.h>

#include <string>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

const std::string kBert = R"({"model_type": "bert", "vocab_size": 30522, "hidden_size": 768,
  "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
  "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
  "pad_token_id": 0, "hidden_act": "gelu"})";

std::string with(std::string json, const std::string& from, const std::string& to) {
  json.replace(json.find(from), from.size(), to);
  return json;
}

ErrorCode code_of(const std::string& json, std::string* message = nullptr) {
  try {
    (void)parse_transformer_config(json, "config.json");
  } catch (const Error& e) {
    if (message != nullptr) *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "no error for " << json;
  return ErrorCode::Unavailable;
}

TEST(TransformerConfig, ParsesBert) {
  const TransformerConfig c = parse_transformer_config(kBert, "config.json");
  EXPECT_EQ(c.family, ModelFamily::Bert);
  EXPECT_EQ(c.hidden_size, 768u);
  EXPECT_EQ(c.head_dim(), 64u);
  EXPECT_EQ(c.num_hidden_layers, 12u);
  EXPECT_EQ(c.intermediate_size, 3072u);
  EXPECT_FLOAT_EQ(c.layer_norm_eps, 1e-12f);
  EXPECT_EQ(c.hidden_act, Activation::GeluErf);
  EXPECT_EQ(c.position_offset(), 0u);
  EXPECT_EQ(c.max_sequence_length(), 512u);
}

TEST(TransformerConfig, XlmRobertaPositionsStartAfterThePadId) {
  const std::string xlmr = with(with(with(kBert, "\"bert\"", "\"xlm-roberta\""), "\"max_position_embeddings\": 512",
                                     "\"max_position_embeddings\": 514"),
                                "\"pad_token_id\": 0", "\"pad_token_id\": 1");
  const TransformerConfig c = parse_transformer_config(xlmr, "config.json");
  EXPECT_EQ(c.family, ModelFamily::Roberta);
  EXPECT_EQ(c.pad_token_id, 1);
  EXPECT_EQ(c.position_offset(), 2u);
  EXPECT_EQ(c.max_sequence_length(), 512u);
  EXPECT_EQ(parse_transformer_config(with(kBert, "\"bert\"", "\"roberta\""), "c").family, ModelFamily::Roberta);
}

TEST(TransformerConfig, TanhGeluAccepted) {
  EXPECT_EQ(parse_transformer_config(with(kBert, "\"gelu\"", "\"gelu_new\""), "c").hidden_act, Activation::GeluTanh);
  EXPECT_EQ(parse_transformer_config(with(kBert, "\"gelu\"", "\"gelu_pytorch_tanh\""), "c").hidden_act,
            Activation::GeluTanh);
}

TEST(TransformerConfig, RejectsUnsupportedArchitectureAndActivation) {
  std::string message;
  EXPECT_EQ(code_of(with(kBert, "\"bert\"", "\"gpt2\""), &message), ErrorCode::InvalidArgument);
  EXPECT_NE(message.find("unsupported architecture"), std::string::npos) << message;
  EXPECT_NE(message.find("gpt2"), std::string::npos) << message;
  EXPECT_NE(message.find("config.json"), std::string::npos) << message;
  EXPECT_EQ(code_of(with(kBert, "\"gelu\"", "\"relu\""), &message), ErrorCode::InvalidArgument);
  EXPECT_NE(message.find("relu"), std::string::npos) << message;
  EXPECT_EQ(code_of(with(kBert, "\"pad_token_id\": 0", "\"position_embedding_type\": \"relative_key\"")),
            ErrorCode::InvalidArgument);
}

TEST(TransformerConfig, RejectsBadFields) {
  std::string message;
  EXPECT_EQ(code_of(with(kBert, "\"hidden_size\": 768,", ""), &message), ErrorCode::Corrupt);
  EXPECT_NE(message.find("hidden_size"), std::string::npos) << message;
  EXPECT_EQ(code_of(with(kBert, "\"num_attention_heads\": 12", "\"num_attention_heads\": 7"), &message),
            ErrorCode::Corrupt);
  EXPECT_NE(message.find("multiple"), std::string::npos) << message;
  EXPECT_EQ(code_of(with(kBert, "\"vocab_size\": 30522", "\"vocab_size\": -3")), ErrorCode::Corrupt);
  EXPECT_EQ(code_of(with(kBert, "\"vocab_size\": 30522", "\"vocab_size\": \"many\"")), ErrorCode::Corrupt);
  EXPECT_EQ(code_of(with(kBert, "\"hidden_act\": \"gelu\"", "\"hidden_act\": 3")), ErrorCode::Corrupt);
  EXPECT_EQ(code_of(with(kBert, "\"pad_token_id\": 0", "\"pad_token_id\": 40000")), ErrorCode::Corrupt);
  EXPECT_EQ(code_of("{not json"), ErrorCode::Corrupt);
}

TEST(TransformerConfig, MissingFileIsNotFound) {
  try {
    (void)load_transformer_config("/nonexistent/config.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/config.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace medsearch::encoder
