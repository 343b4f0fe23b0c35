// Fuzz target: query::ChineseQueryTranslator (OpenCC Traditional → Simplified,
// segmentation over the jieba + CC-CEDICT vocabulary, translation) over arbitrary bytes,
// valid UTF-8 or not. Its contract: it never throws, for any input. The dictionaries are
// loaded once (LLVMFuzzerInitialize); without them the target exits with a message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "medsearch/core/error.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace {
std::unique_ptr<medsearch::query::ChineseQueryTranslator> translator;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    translator = std::make_unique<medsearch::query::ChineseQueryTranslator>(
        medsearch::query::ChineseDictionaries::load());
  } catch (const medsearch::Error& e) {
    std::fprintf(stderr, "chinese_translator_fuzz: cannot load the dictionaries: %s\n", e.what());
    std::exit(1);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  // Any exception escaping here (its contract: none) ends the run as a crash.
  // The contract is "never throws": any exception ends the run as a crash, and the
  // sanitizers check every access on the way.
  (void)translator->translate(query);
  return 0;
}
