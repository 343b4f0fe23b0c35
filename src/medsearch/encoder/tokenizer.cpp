#include "medsearch/encoder/tokenizer.hpp"

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/sentencepiece_tokenizer.hpp"
#include "medsearch/encoder/wordpiece_tokenizer.hpp"

namespace medsearch::encoder {

// vocab.txt first: a BERT-family directory has it, an XLM-R one has only the
// SentencePiece model (HF's tokenizer.json is not read; these two files define both).
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& model_dir) {
  if (!std::filesystem::is_directory(model_dir)) {
    throw Error(ErrorCode::NotFound, model_dir.string() + ": no such model directory");
  }
  if (std::filesystem::exists(model_dir / "vocab.txt")) return WordPieceTokenizer::load(model_dir);
  const std::filesystem::path sentencepiece_model = model_dir / "sentencepiece.bpe.model";
  if (std::filesystem::exists(sentencepiece_model)) return std::make_unique<SentencePieceTokenizer>(sentencepiece_model);
  throw Error(ErrorCode::NotFound,
              model_dir.string() + ": no tokenizer here (neither vocab.txt nor sentencepiece.bpe.model)");
}

}  // namespace medsearch::encoder
