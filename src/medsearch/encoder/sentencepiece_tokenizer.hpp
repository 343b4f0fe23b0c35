// encoder::SentencePieceTokenizer: the tokenizer of XLM-R-family models (xlm-roberta-*,
// multilingual-e5-*, bge-m3, paraphrase-multilingual-*), matching Hugging Face's
// XLMRobertaTokenizer: the SentencePiece model (sentencepiece.bpe.model, Kudo &
// Richardson 2018) does normalisation and segmentation; ids follow fairseq's dictionary
// (transformers' tokenization_xlm_roberta.py): <s>=0, <pad>=1, </s>=2, <unk>=3, every
// other piece at its SentencePiece id + 1, and <mask> after the last piece.
// Special tokens written in the text ("<s>", "<mask>") are not recognised as such; they
// are ordinary text here (HF splits them out first).
// Immutable after construction; all methods are thread-safe (SentencePieceProcessor's
// Encode is const and keeps no state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "medsearch/encoder/tokenizer.hpp"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace medsearch::encoder {

class SentencePieceTokenizer final : public Tokenizer {
 public:
  static constexpr std::int32_t kBosId = 0;  // <s>, also the CLS position
  static constexpr std::int32_t kPadId = 1;  // <pad>
  static constexpr std::int32_t kEosId = 2;  // </s>
  static constexpr std::int32_t kUnkId = 3;  // <unk>

  // Loads a SentencePiece model file with XLM-R's layout (<unk>=0, <s>=1, </s>=2).
  // Throws Error(NotFound) when the file is missing, Error(Corrupt) naming it when it
  // cannot be loaded or has another layout (CamemBERT's, say, needs other offsets).
  explicit SentencePieceTokenizer(const std::filesystem::path& model_file);
  ~SentencePieceTokenizer() override;

  std::vector<std::int32_t> token_ids(std::string_view text) const override;
  std::vector<std::int32_t> encode(std::string_view text, std::size_t max_tokens) const override;
  std::int32_t pad_id() const override { return kPadId; }
  // SentencePiece pieces + 2: <pad> and <mask> (HF's vocab_size; 250,002 for XLM-R).
  std::size_t vocab_size() const override { return piece_count_ + 2; }
  // <mask>: the SentencePiece piece count + 1 (250,001 for XLM-R).
  std::int32_t mask_id() const { return static_cast<std::int32_t>(piece_count_) + 1; }

 private:
  void append_ids(std::string_view text, std::vector<std::int32_t>& ids) const;

  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
  std::size_t piece_count_ = 0;
};

}  // namespace medsearch::encoder
