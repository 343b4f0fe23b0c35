// Second stage of analysis: splits normalised text (unicode_normalizer.hpp) into words,
// each word a sequence of parts (docs/analysis.md, "Tokenisation").
//
// Grammar, on normalised text (lower case; word-joining punctuation already ASCII):
//   word      := part ( suffix* joiner part )* suffix*
//   part      := a run of word characters (letters, digits, marks; not CJK), where a
//                '.' between two ASCII digits stays inside the part ("3.5", "1.2.3")
//   joiner    := '-' | '/' | kPartBoundary | '\'' — only when a word character follows
//   suffix    := '+' (charges: Na+, Ca2+, CD4+) | "'s" not followed by a word character
//                (possessive) | '\'' not followed by a word character (prime: 5'-UTR)
//   cjk run   := consecutive Han / Kana / Hangul characters (cjk.hpp); one part each,
//                with any combining marks left after it by normalisation
// A combining mark that follows no letter (at the start of the text, after a space)
// starts no word and is skipped.
// Suffixes are dropped and do not end the word, so "na+/k+-atpase" has the parts
// na, k, atpase. A letter-digit mix with no joiner ("p53", "ht2a") is one part.
// Everything else (spaces, other punctuation, a joiner with no word character after
// it) separates words.
//
// Thread safety: a pure function of its input; `out` is the caller's (reuse it).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace medsearch::text {

struct Part {
  std::uint32_t begin = 0;  // byte range in the normalised text
  std::uint32_t end = 0;
  bool alphabetic = false;  // only ASCII letters a-z: may be a stop word, is stemmed
  bool numeric = false;     // only ASCII digits and inner periods
};

struct Word {
  std::uint32_t first_part = 0;  // index into TokenizedText::parts
  std::uint32_t part_count = 0;
  bool cjk = false;  // a CJK run: one part per character
};

struct TokenizedText {
  std::vector<Part> parts;
  std::vector<Word> words;

  void clear() {
    parts.clear();
    words.clear();
  }
};

void tokenize(std::string_view normalized, TokenizedText& out);

}  // namespace medsearch::text
