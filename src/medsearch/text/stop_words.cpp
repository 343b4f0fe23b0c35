#include "medsearch/text/stop_words.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace medsearch::text {
namespace {

// Sorted and unique (checked by a unit test).
constexpr std::string_view kStopWords[] = {
    "about",      "across",    "along",     "already",    "also",      "although",  "am",
    "among",      "amongst",   "an",        "and",        "another",   "any",       "are",
    "around",     "as",        "at",        "be",         "because",   "been",      "being",
    "beside",     "besides",   "between",   "beyond",     "both",      "but",       "by",
    "can",        "could",     "despite",   "did",        "do",        "does",      "doing",
    "during",     "each",      "either",    "else",       "even",      "ever",      "every",
    "few",        "for",       "from",      "further",    "furthermore", "had",     "has",
    "have",       "having",    "he",        "hence",      "her",       "here",      "hers",
    "herself",    "him",       "himself",   "his",        "how",       "however",   "if",
    "in",         "into",      "is",        "it",         "its",       "itself",    "just",
    "many",       "may",       "me",        "might",      "more",      "moreover",
    "most",       "much",      "must",      "my",         "myself",    "neither",   "nevertheless",
    "nonetheless", "nor",      "not",       "now",        "of",        "off",       "on",
    "only",       "onto",      "or",        "other",      "others",    "otherwise", "ought",
    "our",        "ours",      "ourselves", "own",        "per",       "quite",     "rather",
    "same",       "several",   "shall",     "she",        "should",    "since",     "so",
    "some",       "still",     "such",      "than",       "that",      "the",       "their",
    "theirs",     "them",      "themselves", "then",      "there",     "thereby",   "therefore",
    "these",      "they",      "this",      "those",      "though",    "through",   "throughout",
    "thus",       "to",        "too",       "toward",     "towards",   "until",     "upon",
    "very",       "via",       "was",       "we",         "were",      "what",      "whatever",
    "when",       "whenever",  "where",     "whereas",    "whereby",   "wherever",  "whether",
    "which",      "while",     "whilst",    "who",        "whom",      "whose",     "why",
    "will",       "with",      "within",    "would",      "yet",       "you",       "your",
    "yours",      "yourself",  "yourselves"};

// Open-addressing hash set over the words packed into 16 zero-padded bytes, so a lookup
// is one hash and two integer compares instead of a binary search of string compares
// (the prose profile asks about every alphabetic term).
class StopWordSet {
 public:
  static constexpr std::size_t kMaxLength = 16;

  StopWordSet() {
    for (std::string_view w : kStopWords) {
      const Key key = pack(w);
      std::size_t i = slot(key);
      while (used_[i]) i = (i + 1) & (kSlots - 1);
      keys_[i] = key;
      used_[i] = true;
    }
  }

  bool contains(std::string_view term) const {
    if (term.size() > kMaxLength) return false;
    const Key key = pack(term);
    for (std::size_t i = slot(key); used_[i]; i = (i + 1) & (kSlots - 1))
      if (keys_[i] == key) return true;
    return false;
  }

 private:
  static constexpr std::size_t kSlots = 512;  // power of two, load factor ~1/3

  struct Key {
    std::uint64_t lo = 0, hi = 0;
    bool operator==(const Key&) const = default;
  };

  static Key pack(std::string_view w) {
    Key key;
    const std::size_t n = w.size();
    for (std::size_t i = 0; i < n && i < 8; ++i) key.lo |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
    for (std::size_t i = 8; i < n; ++i) key.hi |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * (i - 8));
    return key;
  }

  static std::size_t slot(const Key& key) {
    const std::uint64_t h = (key.lo ^ (key.hi * 0x9E3779B97F4A7C15ULL)) * 0xFF51AFD7ED558CCDULL;  // MurmurHash3 fmix constant
    return static_cast<std::size_t>(h >> 55) & (kSlots - 1);
  }

  std::array<Key, kSlots> keys_{};
  std::array<bool, kSlots> used_{};
};

const StopWordSet& stop_word_set() {
  static const StopWordSet set;
  return set;
}

}  // namespace

bool is_stop_word(std::string_view term) {
  if (term.size() < 2 || term.size() > 12) return false;
  return stop_word_set().contains(term);
}

std::span<const std::string_view> stop_words() { return kStopWords; }

}  // namespace medsearch::text
