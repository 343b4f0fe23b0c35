#include "medsearch/lexical/word_pairs.hpp"

#include <algorithm>
#include <cmath>

#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::lexical {

PairWords::PairWords(std::vector<std::string> words) : words_(std::move(words)) {
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  set_.insert(words_.begin(), words_.end());
}

std::string word_pair_key(std::string_view first, std::string_view second) {
  std::string key(1, static_cast<char>(KeySpace::WordPair));
  key.reserve(2 + first.size() + second.size());
  key.append(first);
  key.push_back('\x1f');
  key.append(second);
  return key;
}

void add_word_pair_postings(const std::array<std::vector<text::Token>, kTextFieldCount>& tokens, const PairWords& words,
                            AnalyzedDocument& out) {
  if (words.empty()) return;
  struct Pair {
    std::string key;
    std::uint8_t field;
  };
  std::vector<Pair> pairs;
  std::vector<const text::Token*> common;  // the field's tokens in the set, in position order
  for (std::uint8_t f = 0; f < kTextFieldCount; ++f) {
    common.clear();
    for (const text::Token& t : tokens[f]) {
      if (words.contains(t.term)) common.push_back(&t);
    }
    const auto by_position = [](const text::Token* a, const text::Token* b) { return a->position < b->position; };
    if (!std::is_sorted(common.begin(), common.end(), by_position)) std::stable_sort(common.begin(), common.end(), by_position);
    // For each token, the tokens one position further on (alternative forms share a
    // position, so there may be several of either).
    std::size_t next = 0;
    for (std::size_t i = 0; i < common.size(); ++i) {
      const std::uint32_t want = common[i]->position + 1;
      while (next < common.size() && common[next]->position < want) ++next;
      for (std::size_t j = next; j < common.size() && common[j]->position == want; ++j) {
        pairs.push_back({word_pair_key(common[i]->term, common[j]->term), f});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.key < b.key; });
  for (std::size_t i = 0; i < pairs.size();) {
    AnalyzedPosting posting;
    posting.key_offset = static_cast<std::uint32_t>(out.bytes.size());
    posting.key_size = static_cast<std::uint32_t>(pairs[i].key.size());
    out.bytes.append(pairs[i].key);
    posting.positions_offset = static_cast<std::uint32_t>(out.bytes.size());
    std::size_t end = i;
    for (; end < pairs.size() && pairs[end].key == pairs[i].key; ++end) {
      posting.mask |= static_cast<std::uint8_t>(1u << pairs[end].field);
      ++posting.tf[pairs[end].field];
    }
    out.postings.push_back(posting);
    i = end;
  }
}

PairWords choose_pair_words(const std::unordered_map<std::string, std::uint32_t>& doc_freq, std::uint32_t sample_docs,
                            const PairWordsChoice& choice) {
  if (sample_docs < choice.min_sample_docs || sample_docs == 0) return {};
  const auto min_docs = static_cast<std::uint32_t>(std::max(1.0, std::ceil(choice.min_fraction * sample_docs)));
  std::vector<std::pair<std::uint32_t, std::string>> common;
  for (const auto& [term, df] : doc_freq) {
    if (df >= min_docs) common.emplace_back(df, term);
  }
  std::sort(common.begin(), common.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (common.size() > choice.max_words) common.resize(choice.max_words);
  std::vector<std::string> words;
  for (auto& [df, term] : common) words.push_back(std::move(term));
  return PairWords(std::move(words));
}

}  // namespace medsearch::lexical
