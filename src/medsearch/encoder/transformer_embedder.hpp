// encoder::TransformerEmbedder: a TextEmbedder over a BERT-family model in a Hugging Face
// directory — config.json, model.safetensors (TransformerModel), the tokenizer files
// (load_tokenizer: vocab.txt or sentencepiece.bpe.model) and, optionally, the
// sentence-transformers files and medsearch_model.json described in
// model_dir_settings.hpp.
//
// A text becomes prefix + text (query_prefix or passage_prefix by role), then the
// tokenizer's model input cut to max_tokens tokens, special tokens included: long texts
// keep their first max_tokens − 2 pieces and lose the rest (first-chunk truncation, as
// sentence-transformers and HF pipelines do). The last hidden state is pooled (CLS or
// masked mean) and, when normalised(), L2-normalised.
//
// Settings: where the model directory states pooling, normalisation or a prefix, that
// value is used; options supply what it leaves unset. An option that contradicts the
// directory is Error(InvalidArgument) — vectors must match what the model was trained for,
// and a silent override would hide the mistake. Unset everywhere: CLS pooling,
// normalise = true, empty prefixes.
//
// Batching: embed() tokenizes all texts, sorts them by token count, runs neighbours as
// batches of batch_size padded to the batch's longest, and writes each vector back to
// its input position. Padding cannot change a vector (padded keys get zero attention
// weight), so the output equals one-at-a-time encoding up to float rounding.
//
// Device: the forward pass runs on the CPU (TransformerModel) or, with device "cuda" or
// "auto" and a GPU present, on the GPU (CudaTransformer, encoder/cuda/), which gives the
// same vectors up to float rounding; model_id() does not depend on it.
//
// Thread-safety: immutable after construction; embed() may be called concurrently (each
// call has its own buffers and runs its own OpenMP team of `threads`; GPU forward passes
// of concurrent calls take turns on the device).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "medsearch/encoder/cuda/cuda_transformer.hpp"
#include "medsearch/encoder/pooling.hpp"
#include "medsearch/encoder/text_embedder.hpp"
#include "medsearch/encoder/tokenizer.hpp"
#include "medsearch/encoder/transformer_model.hpp"

namespace medsearch::encoder {

struct TransformerEmbedderOptions {
  std::optional<Pooling> pooling;
  std::optional<bool> normalise;
  // Tokens per text, special tokens included; 0: min(512, the model's
  // max_position_embeddings − position offset, sentence_bert_config.json's
  // max_seq_length). More than the model allows is Error(InvalidArgument).
  std::size_t max_tokens = 0;
  std::size_t batch_size = 32;  // texts per forward pass
  int threads = 0;              // OpenMP threads per embed() call; 0: OMP_NUM_THREADS or all cores
  std::optional<std::string> query_prefix;
  std::optional<std::string> passage_prefix;
  // "auto": the GPU when medsearch was built with CUDA and a device is found (falling back
  // to the CPU if the GPU cannot take the model), else the CPU; "cpu"; "cuda": the GPU or
  // Error(Unavailable) saying why not. Anything else is Error(InvalidArgument).
  std::string device = "auto";
};

class TransformerEmbedder final : public TextEmbedder {
 public:
  // Loads everything from `model_dir`. Errors from the loaders (NotFound / Corrupt naming
  // the file), Error(InvalidArgument) for contradicting or out-of-range options, and
  // Error(Corrupt) when the tokenizer's vocabulary is larger than the model's.
  TransformerEmbedder(const std::filesystem::path& model_dir, const TransformerEmbedderOptions& options);

  std::size_t dim() const override { return model_.hidden_size(); }
  void embed(std::span<const std::string> texts, TextRole role, float* out) const override;
  bool normalised() const override { return normalise_; }
  // "<dir name>|pooling=cls|normalise=true|max_tokens=512|query_prefix=\"..\"|passage_prefix=\"..\"".
  std::string model_id() const override { return model_id_; }
  // medsearch_model.json's "multilingual", else whether config.json's model_type is
  // "xlm-roberta" (model_dir_settings.hpp).
  bool multilingual() const override { return multilingual_; }

  Pooling pooling() const { return pooling_; }
  std::size_t max_tokens() const { return max_tokens_; }
  const std::string& query_prefix() const { return query_prefix_; }
  const std::string& passage_prefix() const { return passage_prefix_; }
  const TransformerModel& model() const { return model_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  // "cuda" or "cpu": where forward passes run.
  const char* device() const { return cuda_ ? "cuda" : "cpu"; }

 private:
  TransformerModel model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<CudaTransformer> cuda_;  // set: forward passes run on the GPU
  Pooling pooling_ = Pooling::Cls;
  bool normalise_ = true;
  bool multilingual_ = false;
  std::size_t max_tokens_ = 0;
  std::size_t batch_size_ = 32;
  int threads_ = 0;
  std::string query_prefix_;
  std::string passage_prefix_;
  std::string model_id_;
};

}  // namespace medsearch::encoder
