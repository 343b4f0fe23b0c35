// Fuzz target: query::ChineseQueryTranslator (OpenCC Traditional → Simplified,
// segmentation over the jieba + CC-CEDICT vocabulary, translation) over arbitrary bytes,
// valid UTF-8 or not, with or without an index vocabulary. Its contract: it never throws,
// for any input. The dictionaries are loaded once (LLVMFuzzerInitialize); without them the
// target exits with a message.
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

// The first byte chooses the index vocabulary the engine would pass: none (0), or a made-up
// one in which a seeded hash decides which English texts "occur", so that word formation's
// candidate spellings and the term choice among English names (which run only with a
// vocabulary) are fuzzed too. The rest is the query.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t seed = data[0];
  const std::string_view query(reinterpret_cast<const char*>(data + 1), size - 1);
  const medsearch::query::ChineseVocabulary vocabulary = [seed](std::string_view english) -> std::uint64_t {
    std::uint64_t h = 1469598103934665603ULL ^ seed;  // FNV-1a
    for (const char c : english) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h % 4 == 0 ? h % 1000 + 1 : 0;
  };
  // The contract is "never throws": any exception ends the run as a crash, and the
  // sanitizers check every access on the way.
  (void)translator->translate(query, seed == 0 ? nullptr : &vocabulary);
  return 0;
}
