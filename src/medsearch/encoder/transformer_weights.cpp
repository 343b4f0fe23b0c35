#include "medsearch/encoder/transformer_weights.hpp"

#include <initializer_list>
#include <string>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

// One expected dimension: its size and the config.json field it comes from.
struct Dim {
  std::size_t size;
  const char* field;
};

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

class TensorReader {
 public:
  explicit TensorReader(const SafetensorsFile& file) : file_(file) {
    // The prefix is chosen once, by where the word embeddings are, so that a file mixing
    // prefixed and unprefixed names is not silently stitched together.
    for (const char* prefix : {"", "bert.", "roberta."}) {
      if (file.contains(std::string(prefix) + "embeddings.word_embeddings.weight")) {
        prefix_ = prefix;
        return;
      }
    }
  }

  std::vector<float> read(const std::string& name, std::initializer_list<Dim> dims) const {
    const std::string full = prefix_ + name;
    const SafetensorsTensor* t = file_.find(full);
    if (t == nullptr) {
      throw Error(ErrorCode::Corrupt, "model weights '" + file_.path().string() +
                                          "': missing tensor '" + full + "'" +
                                          (prefix_.empty() ? " (also looked for bert./roberta. prefixes)" : ""));
    }
    bool ok = t->shape.size() == dims.size();
    std::string expected = "[";
    std::string fields;
    std::size_t i = 0;
    for (const Dim& d : dims) {
      if (ok && static_cast<std::size_t>(t->shape[i]) != d.size) ok = false;
      expected += (i ? ", " : "") + std::to_string(d.size);
      fields += (i ? " x " : "") + std::string(d.field);
      ++i;
    }
    expected += "]";
    if (!ok) {
      throw Error(ErrorCode::Corrupt, "model weights '" + file_.path().string() + "': tensor '" + full +
                                          "' has shape " + shape_text(t->shape) + ", expected " +
                                          expected + " (" + fields + " from config.json)");
    }
    std::vector<float> out(t->element_count());
    file_.read_f32(*t, out.data());
    return out;
  }

 private:
  const SafetensorsFile& file_;
  std::string prefix_;
};

LayerNormWeights read_norm(const TensorReader& r, const std::string& name, Dim hidden) {
  return {r.read(name + ".weight", {hidden}), r.read(name + ".bias", {hidden})};
}

LinearWeights read_linear(const TensorReader& r, const std::string& name, Dim out, Dim in) {
  return {out.size, in.size, r.read(name + ".weight", {out, in}), r.read(name + ".bias", {out})};
}

void append(std::vector<float>& to, const std::vector<float>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

void expect_size(const std::vector<float>& v, std::size_t n, const std::string& what) {
  if (v.size() != n) {
    throw Error(ErrorCode::InvalidArgument, "transformer weights: " + what + " has " +
                                                std::to_string(v.size()) + " values, expected " +
                                                std::to_string(n));
  }
}

void expect_linear(const LinearWeights& l, std::size_t out, std::size_t in, const std::string& what) {
  if (l.out_features != out || l.in_features != in) {
    throw Error(ErrorCode::InvalidArgument, "transformer weights: " + what + " is " +
                                                std::to_string(l.out_features) + "x" +
                                                std::to_string(l.in_features) + ", expected " +
                                                std::to_string(out) + "x" + std::to_string(in));
  }
  expect_size(l.weight, out * in, what + ".weight");
  expect_size(l.bias, out, what + ".bias");
}

}  // namespace

TransformerWeights load_transformer_weights(const SafetensorsFile& file, const TransformerConfig& c) {
  const TensorReader r(file);
  const Dim hidden{c.hidden_size, "hidden_size"};
  const Dim inter{c.intermediate_size, "intermediate_size"};
  TransformerWeights w;
  w.word_embeddings = r.read("embeddings.word_embeddings.weight", {{c.vocab_size, "vocab_size"}, hidden});
  w.position_embeddings = r.read("embeddings.position_embeddings.weight",
                                 {{c.max_position_embeddings, "max_position_embeddings"}, hidden});
  w.token_type_embeddings =
      r.read("embeddings.token_type_embeddings.weight", {{c.type_vocab_size, "type_vocab_size"}, hidden});
  w.embedding_norm = read_norm(r, "embeddings.LayerNorm", hidden);
  w.layers.resize(c.num_hidden_layers);
  for (std::size_t n = 0; n < c.num_hidden_layers; ++n) {
    const std::string p = "encoder.layer." + std::to_string(n) + ".";
    EncoderLayerWeights& l = w.layers[n];
    l.qkv.out_features = 3 * c.hidden_size;
    l.qkv.in_features = c.hidden_size;
    l.qkv.weight.reserve(3 * c.hidden_size * c.hidden_size);
    l.qkv.bias.reserve(3 * c.hidden_size);
    for (const char* part : {"query", "key", "value"}) {
      const LinearWeights one = read_linear(r, p + "attention.self." + part, hidden, hidden);
      append(l.qkv.weight, one.weight);
      append(l.qkv.bias, one.bias);
    }
    l.attention_output = read_linear(r, p + "attention.output.dense", hidden, hidden);
    l.attention_norm = read_norm(r, p + "attention.output.LayerNorm", hidden);
    l.intermediate = read_linear(r, p + "intermediate.dense", inter, hidden);
    l.output = read_linear(r, p + "output.dense", hidden, inter);
    l.output_norm = read_norm(r, p + "output.LayerNorm", hidden);
  }
  return w;
}

void check_weight_sizes(const TransformerWeights& w, const TransformerConfig& c) {
  const std::size_t h = c.hidden_size;
  expect_size(w.word_embeddings, c.vocab_size * h, "word_embeddings");
  expect_size(w.position_embeddings, c.max_position_embeddings * h, "position_embeddings");
  expect_size(w.token_type_embeddings, c.type_vocab_size * h, "token_type_embeddings");
  expect_size(w.embedding_norm.gamma, h, "embeddings.LayerNorm.weight");
  expect_size(w.embedding_norm.beta, h, "embeddings.LayerNorm.bias");
  if (w.layers.size() != c.num_hidden_layers) {
    throw Error(ErrorCode::InvalidArgument, "transformer weights: " + std::to_string(w.layers.size()) +
                                                " layers, config has " + std::to_string(c.num_hidden_layers));
  }
  for (std::size_t n = 0; n < w.layers.size(); ++n) {
    const EncoderLayerWeights& l = w.layers[n];
    const std::string p = "layer " + std::to_string(n) + " ";
    expect_linear(l.qkv, 3 * h, h, p + "qkv");
    expect_linear(l.attention_output, h, h, p + "attention.output.dense");
    expect_size(l.attention_norm.gamma, h, p + "attention.output.LayerNorm.weight");
    expect_size(l.attention_norm.beta, h, p + "attention.output.LayerNorm.bias");
    expect_linear(l.intermediate, c.intermediate_size, h, p + "intermediate.dense");
    expect_linear(l.output, h, c.intermediate_size, p + "output.dense");
    expect_size(l.output_norm.gamma, h, p + "output.LayerNorm.weight");
    expect_size(l.output_norm.beta, h, p + "output.LayerNorm.bias");
  }
}

}  // namespace medsearch::encoder
