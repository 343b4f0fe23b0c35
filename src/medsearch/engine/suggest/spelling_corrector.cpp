#include "medsearch/engine/suggest/spelling_corrector.hpp"

#include <algorithm>
#include <tuple>

#include "medsearch/engine/suggest/edit_distance.hpp"
#include "medsearch/engine/suggest/suggest_text.hpp"

namespace medsearch::engine::suggest {
namespace {

std::vector<std::string> sorted_keys(const std::vector<SpellingWord>& words) {
  std::vector<std::string> keys;
  keys.reserve(words.size());
  for (const SpellingWord& w : words) keys.push_back(w.key);
  return keys;
}

// A byte that is part of a query word: letters, digits, UTF-8 (Greek letters, accents),
// joiners and the truncation star; everything else (spaces, brackets, quotes, commas)
// separates words.
bool word_byte(unsigned char c) {
  return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/' ||
         c == '*' || c == '\'';
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// `replacement` in the case of `typed`: all capitals, a capital first letter, or as is.
std::string copy_case(std::string_view typed, std::string replacement) {
  const bool any_letter = std::any_of(typed.begin(), typed.end(), [](char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); });
  if (!any_letter) return replacement;
  const bool all_upper = typed.size() > 1 && std::none_of(typed.begin(), typed.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (all_upper) {
    for (char& c : replacement) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  } else if (is_upper(typed.front()) && !replacement.empty() && replacement[0] >= 'a' && replacement[0] <= 'z') {
    replacement[0] = static_cast<char>(replacement[0] - 'a' + 'A');
  }
  return replacement;
}

}  // namespace

struct SpellingCorrector::Word {
  std::size_t begin = 0, end = 0;  // bytes of the query
  std::string_view typed;
  std::string key;                 // normalize_word(typed)
  bool whole_token = false;        // not a part of a hyphenated token
  bool space_before = false;       // only whitespace between it and the previous word's token
};

struct SpellingCorrector::Candidate {
  std::size_t first = 0, last = 0;  // words replaced (inclusive)
  std::string replacement;
  std::uint32_t cost = 0;
  std::uint32_t df = 0;
  int kind = 0;  // 0 edit, 1 split, 2 join: the preference on ties
  bool better_than(const Candidate& other) const {
    return std::make_tuple(cost, -static_cast<std::int64_t>(df), kind) <
           std::make_tuple(other.cost, -static_cast<std::int64_t>(other.df), other.kind);
  }
};

SpellingCorrector::SpellingCorrector(std::vector<SpellingWord> words, std::function<std::uint32_t(std::string_view)> doc_freq,
                                     const text::Analyzer& normalizer, SpellingOptions options)
    : trie_(sorted_keys(words)), doc_freq_(std::move(doc_freq)), normalizer_(normalizer), options_(options) {
  std::sort(words.begin(), words.end(), [](const SpellingWord& a, const SpellingWord& b) { return a.key < b.key; });
  words.erase(std::unique(words.begin(), words.end(), [](const SpellingWord& a, const SpellingWord& b) { return a.key == b.key; }),
              words.end());
  words_ = std::move(words);
}

std::uint32_t SpellingCorrector::max_distance(std::size_t length) const {
  if (length < options_.min_length) return 0;
  return length < options_.long_word_length ? 1 : 2;
}

const SpellingWord* SpellingCorrector::lookup(std::string_view key) const {
  const std::ptrdiff_t i = trie_.find(key);
  return i < 0 ? nullptr : &words_[static_cast<std::size_t>(i)];
}

std::string SpellingCorrector::best_edit(std::string_view key) const {
  const SpellingWord* best = nullptr;
  std::uint32_t best_distance = 0;
  for (const auto& match : trie_.within(key, max_distance(key.size()))) {
    const SpellingWord& w = words_[match.index];
    if (w.key == key || w.df < options_.min_df) continue;
    if (best == nullptr || match.distance < best_distance || (match.distance == best_distance && w.df > best->df)) {
      best = &w;
      best_distance = match.distance;
    }
  }
  return best == nullptr ? std::string() : best->key;
}

std::vector<SpellingCorrector::Word> SpellingCorrector::words_of(std::string_view query) const {
  std::vector<Word> words;
  std::size_t i = 0;
  bool only_space = false;  // since the last token
  while (i < query.size()) {
    const unsigned char c = static_cast<unsigned char>(query[i]);
    if (c == '[') {  // a field tag: not words
      const std::size_t close = query.find(']', i);
      i = close == std::string_view::npos ? query.size() : close + 1;
      only_space = false;
      continue;
    }
    if (!word_byte(c)) {
      if (c != ' ' && c != '\t') only_space = false;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < query.size() && word_byte(static_cast<unsigned char>(query[j]))) ++j;
    const std::string_view token = query.substr(i, j - i);
    const bool skip = token == "AND" || token == "OR" || token == "NOT" || token.find('*') != std::string_view::npos ||
                      (j < query.size() && query[j] == '[');  // a tagged word is left as typed
    if (!skip) {
      const bool whole = token.find_first_of("-/") == std::string_view::npos;
      std::size_t p = i;
      bool first_part = true;
      while (p <= j) {
        std::size_t q = p;
        while (q < j && query[q] != '-' && query[q] != '/') ++q;
        if (q > p) {
          Word w;
          w.begin = p, w.end = q, w.typed = query.substr(p, q - p);
          w.key = normalizer_.normalize_word(w.typed);
          w.whole_token = whole;
          w.space_before = first_part && only_space && !words.empty();
          words.push_back(std::move(w));
          first_part = false;
        }
        p = q + 1;
      }
    }
    only_space = !skip;
    i = j;
  }
  return words;
}

std::optional<SpellingCorrector::Candidate> SpellingCorrector::best_for(const std::vector<Word>& words, std::size_t i) const {
  const Word& word = words[i];
  std::optional<Candidate> best;
  const auto offer = [&](Candidate c) {
    if (!best || c.better_than(*best)) best = std::move(c);
  };
  // Edits.
  if (const std::string edit = best_edit(word.key); !edit.empty()) {
    const SpellingWord* w = lookup(edit);
    offer({i, i, w->shown, static_cast<std::uint32_t>(osa_distance(word.key, edit)), w->df, 0});
  }
  // Splits into two known words of at least 3 letters each.
  for (std::size_t cut = 3; cut + 3 <= word.key.size(); ++cut) {
    const SpellingWord* left = lookup(std::string_view(word.key).substr(0, cut));
    const SpellingWord* right = left ? lookup(std::string_view(word.key).substr(cut)) : nullptr;
    if (left && right) offer({i, i, left->shown + " " + right->shown, 1, std::min(left->df, right->df), 1});
  }
  // Joins with a neighbour typed as a separate word.
  const auto join = [&](std::size_t a) {
    if (a + 1 >= words.size() || !words[a].whole_token || !words[a + 1].whole_token || !words[a + 1].space_before) return;
    if (!is_plain_word(words[a].key) || !is_plain_word(words[a + 1].key)) return;
    if (const SpellingWord* w = lookup(words[a].key + words[a + 1].key)) offer({a, a + 1, w->shown, 1, w->df, 2});
  };
  join(i);
  if (i > 0) join(i - 1);
  return best;
}

std::optional<Correction> SpellingCorrector::correct(std::string_view query) const {
  const std::vector<Word> words = words_of(query);
  std::vector<Candidate> chosen;
  std::size_t next_free = 0;  // words before this are replaced already
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    if (i < next_free || !is_plain_word(word.key) || word.key.size() < options_.min_length) continue;
    if (doc_freq_(word.key) >= options_.min_df) continue;
    std::optional<Candidate> best = best_for(words, i);
    if (!best || best->first < next_free) continue;
    next_free = best->last + 1;
    chosen.push_back(std::move(*best));
  }
  if (chosen.empty()) return std::nullopt;
  Correction correction;
  std::size_t copied = 0;
  for (const Candidate& c : chosen) {
    const std::size_t begin = words[c.first].begin, end = words[c.last].end;
    const std::string_view typed = query.substr(begin, end - begin);
    std::string replacement = copy_case(words[c.first].typed, c.replacement);
    correction.query.append(query.substr(copied, begin - copied));
    correction.query += replacement;
    std::uint32_t typed_df = 0;
    for (std::size_t w = c.first; w <= c.last; ++w) typed_df = std::max(typed_df, doc_freq_(words[w].key));
    correction.changes.push_back({std::string(typed), std::move(replacement), typed_df});
    copied = end;
  }
  correction.query.append(query.substr(copied));
  return correction;
}

}  // namespace medsearch::engine::suggest
