// encoder: size caps on the files of a model directory, checked before a file is read into
// memory, so a hostile or damaged model directory fails with an error naming the file
// instead of exhausting memory (docs/reliability.md, "Input limits"). Caps are many times
// the largest real file of each kind:
//   - tokenizer files (vocab.txt, sentencepiece.bpe.model): 64 MiB; bert-base-uncased's
//     vocab.txt is 232 KB, multilingual BERT's under 1 MB, XLM-R's SentencePiece model 5 MB;
//   - JSON settings (config.json, tokenizer_config.json, modules.json, …): 16 MiB; real ones
//     are a few KB (a tokenizer_config.json listing added tokens, at most a few MB).
// (The safetensors header has its own cap, safetensors_file.cpp.)
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace medsearch::encoder {

inline constexpr std::size_t kMaxTokenizerFileBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxModelJsonBytes = std::size_t{16} << 20;

// Throws Error(Corrupt) naming `path`, `what` it is, its size, the cap and the byte where
// the cap is passed when the file is larger than `max_bytes`. A file that cannot be
// stat'ed passes: the caller's open reports it.
void check_model_file_size(const std::filesystem::path& path, std::size_t max_bytes, std::string_view what);

}  // namespace medsearch::encoder
