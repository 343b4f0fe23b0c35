#include "medsearch/encoder/wordpiece_tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_file_limits.hpp"

namespace medsearch::encoder {
namespace {

std::size_t count_code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string read_whole_file(const std::filesystem::path& path, std::size_t max_bytes, std::string_view what) {
  check_model_file_size(path, max_bytes, what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::Corrupt, path.string() + ": cannot be read");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorCode::Corrupt, path.string() + ": cannot be read");
  return content;
}

// Lines split at \n with a trailing \r dropped; no empty last line for a final \n (as
// Python's readlines in HF's load_vocab).
std::vector<std::string> split_lines(std::string_view content) {
  std::vector<std::string> lines;
  while (!content.empty()) {
    const std::size_t newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (newline == std::string_view::npos) break;
    content.remove_prefix(newline + 1);
  }
  return lines;
}

// tokenizer_config.json keys that change BERT's basic tokenizer; a missing file or key
// keeps the HF default (BertTokenizer.__init__: do_lower_case=True, strip_accents=None,
// tokenize_chinese_chars=True).
BertBasicOptions read_basic_options(const std::filesystem::path& path) {
  BertBasicOptions options;
  if (!std::filesystem::exists(path)) return options;
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(read_whole_file(path, kMaxModelJsonBytes, "tokenizer configuration"));
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path.string() + ": not valid JSON: " + e.what());
  }
  auto flag = [&](const char* key, bool fallback) {
    if (!config.is_object() || !config.contains(key) || config[key].is_null()) return fallback;
    if (!config[key].is_boolean()) throw Error(ErrorCode::Corrupt, path.string() + ": '" + key + "' is not a boolean");
    return config[key].get<bool>();
  };
  options.lower_case = flag("do_lower_case", true);
  options.strip_accents = flag("strip_accents", options.lower_case);
  options.split_cjk = flag("tokenize_chinese_chars", true);
  return options;
}

std::vector<std::pair<std::string, std::int32_t>> numbered(std::span<const std::string> vocab) {
  std::vector<std::pair<std::string, std::int32_t>> pieces;
  pieces.reserve(vocab.size());
  for (std::size_t id = 0; id < vocab.size(); ++id) pieces.emplace_back(vocab[id], static_cast<std::int32_t>(id));
  return pieces;
}

// "##x" tokens as x: a piece after the first matches "##" + text in HF's vocabulary
// lookup, which is x matching text here.
std::vector<std::pair<std::string, std::int32_t>> continuations(std::span<const std::string> vocab) {
  std::vector<std::pair<std::string, std::int32_t>> pieces;
  for (std::size_t id = 0; id < vocab.size(); ++id) {
    if (vocab[id].size() > 2 && vocab[id].starts_with("##")) {
      pieces.emplace_back(vocab[id].substr(2), static_cast<std::int32_t>(id));
    }
  }
  return pieces;
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(std::span<const std::string> vocab, BertBasicOptions options,
                                       std::string_view source)
    : basic_(options),
      word_start_(numbered(vocab)),
      continuation_(continuations(vocab)),
      vocab_size_(vocab.size()) {
  auto required = [&](std::string_view token) {
    const std::int32_t id = word_start_.find(token);
    if (id < 0) {
      throw Error(ErrorCode::Corrupt, std::string(source) + ": no " + std::string(token) + " token in the vocabulary");
    }
    return id;
  };
  cls_id_ = required("[CLS]");
  sep_id_ = required("[SEP]");
  pad_id_ = required("[PAD]");
  unk_id_ = required("[UNK]");
  // HF BertTokenizer's special tokens; all start with '[' (see append_text_ids).
  for (const char* special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
    const std::int32_t id = word_start_.find(special);
    if (id >= 0) specials_.emplace_back(special, id);
  }
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::load(const std::filesystem::path& model_dir) {
  const std::filesystem::path vocab_path = model_dir / "vocab.txt";
  if (!std::filesystem::exists(vocab_path)) throw Error(ErrorCode::NotFound, vocab_path.string() + ": no such file");
  const std::vector<std::string> vocab = split_lines(read_whole_file(vocab_path, kMaxTokenizerFileBytes, "vocabulary"));
  if (vocab.empty()) throw Error(ErrorCode::Corrupt, vocab_path.string() + ": empty vocabulary");
  const BertBasicOptions options = read_basic_options(model_dir / "tokenizer_config.json");
  return std::make_unique<WordPieceTokenizer>(vocab, options, vocab_path.string());
}

std::vector<std::int32_t> WordPieceTokenizer::token_ids(std::string_view text) const {
  std::vector<std::int32_t> ids;
  ids.reserve(text.size() / 4 + 4);
  BertWords words;
  append_text_ids(text, words, ids);
  return ids;
}

std::vector<std::int32_t> WordPieceTokenizer::encode(std::string_view text, std::size_t max_tokens) const {
  if (max_tokens < 2) throw Error(ErrorCode::InvalidArgument, "max_tokens must be at least 2 (room for [CLS] and [SEP])");
  std::vector<std::int32_t> ids;
  ids.reserve(text.size() / 4 + 4);
  ids.push_back(cls_id_);
  BertWords words;
  append_text_ids(text, words, ids);
  if (ids.size() > max_tokens - 1) ids.resize(max_tokens - 1);
  ids.push_back(sep_id_);
  return ids;
}

// HF's AddedVocabulary splits the raw text at the special tokens first (they are not
// normalised, so matching is case-sensitive, leftmost-longest); the pieces between them
// are tokenized on their own.
void WordPieceTokenizer::append_text_ids(std::string_view text, BertWords& words, std::vector<std::int32_t>& ids) const {
  std::size_t segment_begin = 0;
  std::size_t pos = specials_.empty() ? std::string_view::npos : text.find('[');
  while (pos != std::string_view::npos) {
    const std::pair<std::string, std::int32_t>* match = nullptr;
    for (const auto& special : specials_) {
      if (text.substr(pos).starts_with(special.first) && (match == nullptr || special.first.size() > match->first.size())) {
        match = &special;
      }
    }
    if (match == nullptr) {
      pos = text.find('[', pos + 1);
      continue;
    }
    append_plain_ids(text.substr(segment_begin, pos - segment_begin), words, ids);
    ids.push_back(match->second);
    segment_begin = pos + match->first.size();
    pos = text.find('[', segment_begin);
  }
  append_plain_ids(text.substr(segment_begin), words, ids);
}

// `text` holds no special token.
void WordPieceTokenizer::append_plain_ids(std::string_view text, BertWords& words, std::vector<std::int32_t>& ids) const {
  if (text.empty()) return;
  words.clear();
  basic_.split(text, words);
  for (std::size_t i = 0; i < words.size(); ++i) append_word_ids(words.word(i), ids);
}

// Greedy longest-match-first: at each position the longest vocabulary piece ("##"
// piece after the first); a word with a position no piece matches is one [UNK].
void WordPieceTokenizer::append_word_ids(std::string_view word, std::vector<std::int32_t>& ids) const {
  if (word.size() > kMaxWordChars && count_code_points(word) > kMaxWordChars) {  // never more chars than bytes
    ids.push_back(unk_id_);
    return;
  }
  const std::size_t first_id = ids.size();
  for (std::size_t start = 0; start < word.size();) {
    const PieceTrie& pieces = start == 0 ? word_start_ : continuation_;
    const PieceTrie::Match match = pieces.longest_prefix(word.substr(start));
    if (match.length == 0) {
      ids.resize(first_id);
      ids.push_back(unk_id_);
      return;
    }
    ids.push_back(match.id);
    start += match.length;
  }
}

}  // namespace medsearch::encoder
