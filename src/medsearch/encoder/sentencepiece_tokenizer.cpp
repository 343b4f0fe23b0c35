#include "medsearch/encoder/sentencepiece_tokenizer.hpp"

#include <sentencepiece_processor.h>

#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_file_limits.hpp"

namespace medsearch::encoder {

SentencePieceTokenizer::SentencePieceTokenizer(const std::filesystem::path& model_file)
    : processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  const std::string path = model_file.string();
  if (!std::filesystem::exists(model_file)) throw Error(ErrorCode::NotFound, path + ": no such file");
  check_model_file_size(model_file, kMaxTokenizerFileBytes, "SentencePiece model");
  const auto status = processor_->Load(path);
  if (!status.ok()) throw Error(ErrorCode::Corrupt, path + ": not a SentencePiece model: " + status.ToString());
  piece_count_ = static_cast<std::size_t>(processor_->GetPieceSize());
  // The fairseq mapping below (HF XLMRobertaTokenizer.fairseq_offset = 1) is only right
  // for this layout.
  if (piece_count_ < 3 || processor_->unk_id() != 0 || processor_->IdToPiece(1) != "<s>" ||
      processor_->IdToPiece(2) != "</s>") {
    throw Error(ErrorCode::Corrupt, path + ": not an XLM-R SentencePiece model (expected <unk>=0, <s>=1, </s>=2)");
  }
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::vector<std::int32_t> SentencePieceTokenizer::token_ids(std::string_view text) const {
  std::vector<std::int32_t> ids;
  append_ids(text, ids);
  return ids;
}

std::vector<std::int32_t> SentencePieceTokenizer::encode(std::string_view text, std::size_t max_tokens) const {
  if (max_tokens < 2) throw Error(ErrorCode::InvalidArgument, "max_tokens must be at least 2 (room for <s> and </s>)");
  std::vector<std::int32_t> ids{kBosId};
  append_ids(text, ids);
  if (ids.size() > max_tokens - 1) ids.resize(max_tokens - 1);
  ids.push_back(kEosId);
  return ids;
}

// HF XLMRobertaTokenizer._convert_token_to_id: spm id + 1, except spm's <unk> (0),
// which becomes fairseq's <unk> (3).
void SentencePieceTokenizer::append_ids(std::string_view text, std::vector<std::int32_t>& ids) const {
  std::vector<int> pieces;
  const auto status = processor_->Encode(text, &pieces);
  if (!status.ok()) throw Error(ErrorCode::InvalidArgument, "SentencePiece cannot encode the text: " + status.ToString());
  ids.reserve(ids.size() + pieces.size() + 1);
  for (const int piece : pieces) ids.push_back(piece == 0 ? kUnkId : static_cast<std::int32_t>(piece) + 1);
}

}  // namespace medsearch::encoder
