#include "medsearch/engine/suggest/chinese_spelling.hpp"

#include <algorithm>

#include "medsearch/core/utf8.hpp"

namespace medsearch::engine::suggest {
namespace {

constexpr std::size_t kMaxWindow = 8;

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2EBEF);
}

// Code points of UTF-8 text; a byte that does not start a well-formed sequence (lead,
// continuation bytes, no overlong form) becomes U+FFFD, so any input is safe.
std::u32string decode(std::string_view text) {
  std::u32string out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = p[i];
    const std::size_t n = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    char32_t cp = n == 1 ? lead : n == 2 ? (lead & 0x1F) : n == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      ok = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (ok && ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string encode(std::u32string_view text) {
  std::string out;
  for (const char32_t c : text) append_utf8(out, c);
  return out;
}

std::vector<std::u32string> headwords(const query::ChineseDictionaries& dict, std::size_t min_chars) {
  std::vector<std::u32string> out;
  dict.for_each_headword([&](std::string_view word) {
    std::u32string w = decode(word);
    if (w.size() >= min_chars && w.size() <= kMaxWindow + 1 && std::all_of(w.begin(), w.end(), is_han)) out.push_back(std::move(w));
  });
  return out;
}

}  // namespace

ChineseSpelling::ChineseSpelling(const query::ChineseQueryTranslator& translator, std::size_t min_chars)
    : translator_(translator), min_chars_(min_chars), trie_(headwords(translator.dictionaries(), min_chars)) {}

std::vector<bool> ChineseSpelling::weak_flags(const std::u32string& run) const {
  std::vector<bool> weak;
  for (const std::string& segment : translator_.segment(encode(run))) {
    const std::size_t chars = decode(segment).size();
    const bool is_weak = chars == 1 || translator_.dictionaries().senses(segment) == nullptr;
    weak.insert(weak.end(), chars, is_weak);
  }
  weak.resize(run.size(), true);
  return weak;
}

std::size_t ChineseSpelling::weak_characters(const std::u32string& run) const {
  const std::vector<bool> weak = weak_flags(run);
  return static_cast<std::size_t>(std::count(weak.begin(), weak.end(), true));
}

std::u32string ChineseSpelling::correct_run(const std::u32string& original) const {
  // One replacement at a time, the one that leaves the fewest weak characters (then the
  // longest headword, then the most frequent), while that number goes down.
  std::u32string run = original;
  const auto& dict = translator_.dictionaries();
  for (int round = 0; round < 3; ++round) {
    const std::vector<bool> weak = weak_flags(run);
    const std::size_t weak_now = static_cast<std::size_t>(std::count(weak.begin(), weak.end(), true));
    if (weak_now == 0) break;
    std::u32string best;
    std::size_t best_weak = weak_now, best_length = 0;
    std::uint32_t best_frequency = 0;
    for (std::size_t begin = 0; begin < run.size(); ++begin) {
      for (std::size_t end = begin + 2; end <= std::min(run.size(), begin + kMaxWindow); ++end) {
        if (std::none_of(weak.begin() + static_cast<std::ptrdiff_t>(begin), weak.begin() + static_cast<std::ptrdiff_t>(end), [](bool w) { return w; })) continue;
        const std::u32string_view window(run.data() + begin, end - begin);
        if (trie_.find(window) >= 0) continue;  // a headword already
        for (const auto& match : trie_.within(window, 1)) {
          if (match.distance != 1) continue;
          const std::u32string& word = trie_.words()[match.index];
          std::u32string candidate = run.substr(0, begin) + word + run.substr(end);
          const std::size_t weak_after = weak_characters(candidate);
          const std::uint32_t frequency = std::max<std::uint32_t>(1, dict.frequency(encode(word)));
          if (weak_after < best_weak || (weak_after == best_weak && best_length > 0 &&
                                         (word.size() > best_length || (word.size() == best_length && frequency > best_frequency)))) {
            best = std::move(candidate);
            best_weak = weak_after, best_length = word.size(), best_frequency = frequency;
          }
        }
      }
    }
    if (best.empty()) break;
    run = std::move(best);
  }
  return run;
}

std::optional<Correction> ChineseSpelling::correct(std::string_view query) const {
  const std::u32string text = decode(translator_.dictionaries().to_simplified(query));
  Correction correction;
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_han(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_han(text[j])) ++j;
    const std::u32string run = text.substr(i, j - i);
    std::u32string fixed = run.size() >= 2 ? correct_run(run) : run;
    if (fixed != run && weak_characters(fixed) < weak_characters(run)) {
      correction.changes.push_back({encode(run), encode(fixed)});
      out += fixed;
    } else {
      out += run;
    }
    i = j;
  }
  if (correction.changes.empty()) return std::nullopt;
  correction.query = encode(out);
  return correction;
}

}  // namespace medsearch::engine::suggest
