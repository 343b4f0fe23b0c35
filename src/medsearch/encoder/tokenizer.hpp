// encoder::Tokenizer: text to the token ids a transformer model reads, exactly as the
// Hugging Face reference tokenizer of the model does (WordPiece for BERT models,
// SentencePiece for XLM-R models).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

namespace medsearch::encoder {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // The pieces of `text` as ids, without special tokens and without truncation.
  virtual std::vector<std::int32_t> token_ids(std::string_view text) const = 0;
  // The model input for `text`: [CLS] pieces [SEP] (BERT) or <s> pieces </s> (XLM-R),
  // the pieces cut so that the whole, special tokens included, is at most max_tokens
  // (>= 2) long.
  virtual std::vector<std::int32_t> encode(std::string_view text, std::size_t max_tokens) const = 0;
  virtual std::int32_t pad_id() const = 0;
  virtual std::size_t vocab_size() const = 0;
};

// Loads the tokenizer of a Hugging Face model directory: vocab.txt (WordPiece; lower-casing
// and accent stripping from tokenizer_config.json's do_lower_case / strip_accents, default
// lower-case) or sentencepiece.bpe.model (XLM-R). Throws Error(NotFound) naming the
// directory when it holds neither, Error(Corrupt) naming the file when it cannot be read.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& model_dir);

}  // namespace medsearch::encoder
