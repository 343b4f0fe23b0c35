// Fuzz target: the text files of a model directory — vocab.txt and tokenizer_config.json
// (encoder::WordPieceTokenizer::load, then tokenizing text with the loaded vocabulary),
// config.json (encoder::parse_transformer_config) and the sentence-transformers /
// medsearch_model.json settings (encoder::read_model_dir_settings). The input is cut into
// the files' contents and a text with FuzzedDataProvider; each file may also be absent.
// Only medsearch::Error may escape.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_dir_settings.hpp"
#include "medsearch/encoder/transformer_config.hpp"
#include "medsearch/encoder/wordpiece_tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::ScratchDir dir;
  FuzzedDataProvider in(data, size);
  static const char* const kFiles[] = {"tokenizer_config.json", "modules.json", "1_Pooling/config.json",
                                       "sentence_bert_config.json", "medsearch_model.json"};
  for (const char* name : kFiles) {
    const bool present = in.ConsumeBool();
    dir.put(name, in.ConsumeRandomLengthString(4096), present);
  }
  const std::string config = in.ConsumeRandomLengthString(4096);
  const std::string text = in.ConsumeRandomLengthString(1024);
  dir.put("vocab.txt", in.ConsumeRemainingBytesAsString(), true);

  try {
    (void)medsearch::encoder::parse_transformer_config(config, "config.json");
  } catch (const medsearch::Error&) {
  }
  try {
    (void)medsearch::encoder::read_model_dir_settings(dir.path());
  } catch (const medsearch::Error&) {
  }
  try {
    const auto tokenizer = medsearch::encoder::WordPieceTokenizer::load(dir.path());
    const std::vector<std::int32_t> ids = tokenizer->encode(text, 64);
    if (ids.size() > 64) std::abort();
    for (const std::int32_t id : ids) {
      if (id < 0 || static_cast<std::size_t>(id) >= tokenizer->vocab_size()) std::abort();
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
