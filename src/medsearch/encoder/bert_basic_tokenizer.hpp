// encoder::BertBasicTokenizer: BERT's text normalisation and pre-tokenisation, the step
// before WordPiece. It follows the Hugging Face fast tokenizer (`tokenizers`:
// BertNormalizer + BertPreTokenizer), which is what AutoTokenizer and
// sentence-transformers use, and which agrees with the Python BasicTokenizer of
// transformers' tokenization_bert.py and google-research/bert's tokenization.py except in
// the corners noted in bert_basic_tokenizer.cpp. In order:
//   1. clean: drop U+0000, U+FFFD and every character of category Cc, Cf, Co (Cn, the
//      unassigned, stays, as in Rust) except \t \n \r; map whitespace (\t \n \r, Zs,
//      U+2028, U+2029) to a space;
//   2. split_cjk: put spaces around each CJK ideograph (BERT's _is_chinese_char ranges);
//   3. strip_accents: canonical decomposition (NFD), then drop category Mn;
//   4. lower_case: per character, full mapping (U+0130 becomes "i" U+0307);
//   5. split on spaces, and make every punctuation character (ASCII 33-47, 58-64,
//      91-96, 123-126, and Unicode P*) a word of its own.
// Input is UTF-8; an invalid byte reads as U+FFFD and is therefore dropped.
// Immutable after construction; split() is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::encoder {

// HF tokenizer_config.json: do_lower_case, strip_accents (null follows do_lower_case),
// tokenize_chinese_chars.
struct BertBasicOptions {
  bool lower_case = true;
  bool strip_accents = true;
  bool split_cjk = true;
};

// The words of one or more texts, concatenated in `bytes` (UTF-8); word i ends at
// ends[i]. Reusing one BertWords across calls avoids reallocations.
struct BertWords {
  std::string bytes;
  std::vector<std::uint32_t> ends;
  std::u32string scratch;  // the cleaned, decomposed code points between the two passes

  std::size_t size() const { return ends.size(); }
  std::string_view word(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
  void clear() {
    bytes.clear();
    ends.clear();
  }
};

class BertBasicTokenizer {
 public:
  explicit BertBasicTokenizer(BertBasicOptions options) : options_(options) {}

  // Appends the words of `text` to `out` (after any words already there).
  void split(std::string_view text, BertWords& out) const;

  const BertBasicOptions& options() const { return options_; }

 private:
  BertBasicOptions options_;
};

}  // namespace medsearch::encoder
