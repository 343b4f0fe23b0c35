// encoder::WordPieceTokenizer: the tokenizer of BERT-family models (bert-base-uncased,
// bge-*-en, all-MiniLM-*, e5-*-v2), matching Hugging Face's BertTokenizerFast: special
// tokens written in the text ([CLS], [SEP], [PAD], [UNK], [MASK], case-sensitive) are
// kept whole, the rest goes through BertBasicTokenizer and then greedy longest-match-first
// WordPiece with "##" continuation pieces (Wu et al. 2016; google-research/bert
// tokenization.py WordpieceTokenizer, max_input_chars_per_word = 100): a word longer
// than 100 code points, or one that cannot be covered by vocabulary pieces, is one [UNK].
// Immutable after construction; all methods are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medsearch/encoder/bert_basic_tokenizer.hpp"
#include "medsearch/encoder/piece_trie.hpp"
#include "medsearch/encoder/tokenizer.hpp"

namespace medsearch::encoder {

class WordPieceTokenizer final : public Tokenizer {
 public:
  static constexpr std::size_t kMaxWordChars = 100;

  // `vocab[i]` is the token of id i (a repeated token keeps its last id, as HF's
  // load_vocab). `source` names the vocabulary in error messages. Throws Error(Corrupt)
  // when [CLS], [SEP], [PAD] or [UNK] is missing.
  WordPieceTokenizer(std::span<const std::string> vocab, BertBasicOptions options, std::string_view source);

  // Reads model_dir/vocab.txt (one token per line, id = line number, \n or \r\n) and
  // the optional model_dir/tokenizer_config.json (do_lower_case, default true;
  // strip_accents, null = do_lower_case; tokenize_chinese_chars, default true).
  // Throws Error(NotFound) when vocab.txt is missing, Error(Corrupt) naming the file
  // when either cannot be read or parsed.
  static std::unique_ptr<WordPieceTokenizer> load(const std::filesystem::path& model_dir);

  std::vector<std::int32_t> token_ids(std::string_view text) const override;
  std::vector<std::int32_t> encode(std::string_view text, std::size_t max_tokens) const override;
  std::int32_t pad_id() const override { return pad_id_; }
  // Number of vocabulary lines (the largest id + 1).
  std::size_t vocab_size() const override { return vocab_size_; }

  std::int32_t cls_id() const { return cls_id_; }
  std::int32_t sep_id() const { return sep_id_; }
  std::int32_t unk_id() const { return unk_id_; }
  const BertBasicOptions& options() const { return basic_.options(); }

 private:
  void append_text_ids(std::string_view text, BertWords& words, std::vector<std::int32_t>& ids) const;
  void append_plain_ids(std::string_view text, BertWords& words, std::vector<std::int32_t>& ids) const;
  void append_word_ids(std::string_view word, std::vector<std::int32_t>& ids) const;

  BertBasicTokenizer basic_;
  PieceTrie word_start_;    // every token, for the piece that starts a word
  PieceTrie continuation_;  // "##x" tokens as x, for the pieces after the first
  std::vector<std::pair<std::string, std::int32_t>> specials_;  // matched in raw text
  std::size_t vocab_size_ = 0;
  std::int32_t cls_id_ = 0;
  std::int32_t sep_id_ = 0;
  std::int32_t pad_id_ = 0;
  std::int32_t unk_id_ = 0;
};

}  // namespace medsearch::encoder
