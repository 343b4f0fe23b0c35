// First stage of analysis: raw UTF-8 → normalised UTF-8 plus a map back to the raw bytes
// (docs/analysis.md, "Normalisation").
//
// What the output holds, code point by code point:
//   * NFKC with Unicode case folding (utf8proc; UAX #15 and the CaseFolding.txt full
//     foldings): "ＡＢＣ" → "abc", "ﬁ" → "fi", "straße" → "strasse", "²" → "2", "µ" → "μ";
//     except that a "ß" starting a word is taken for the "β" it stands in for in much
//     typeset text ("ß-catenin" → as "β-catenin"): no German word starts with ß;
//   * accents stripped (utf8proc STRIPMARK) when `fold_accents` is set, for Latin and
//     Greek letters only: "Sjögren" → "sjogren". Marks of other scripts (Japanese
//     dakuten, Indic vowel signs, Cyrillic breve) carry meaning and are kept;
//   * default-ignorable code points (soft hyphen, joiners, variation selectors) removed,
//     so "immuno\u00ADlogy" stays one word; U+200B ZERO WIDTH SPACE is a separator;
//   * a Greek letter used as a symbol (a run of at most two plain Greek letters, not a
//     Greek word) is spelled out: "β" → "beta". A part boundary byte kPartBoundary goes
//     before a spelled letter that follows a letter or digit, and after it when a digit
//     or letter follows — except a letter after mu, the unit prefix: "tnfα" →
//     "tnf\x1Falpha", "β2" → "beta\x1F2", "κb" → "kappa\x1Fb", but "µg" → "mug";
//   * the word-joining punctuation canonicalised to ASCII: hyphens and minus
//     (U+2010..U+2013, U+2212, U+FE63) → '-'; apostrophes and primes (U+2019, U+02BC,
//     U+2032) → '\''; ASCII characters are kept as they are;
//   * every other code point that is not a letter, number or mark (punctuation,
//     symbols, spaces, controls), every invalid UTF-8 byte (as if it were U+FFFD) and
//     the ™/℠ signs (whose NFKC "tm"/"sm" would glue onto the word) → ' '.
// So every non-ASCII code point left in `text` is a letter, number or mark.
//
// Offsets: for each byte k of `text`, [source_begin[k], source_end[k]) is the range of
// the raw input that produced it (a whole base character with its combining marks), so
// a token covering text bytes [b, e) came from raw bytes [source_begin[b], source_end[e-1]).
//
// Thread safety: normalize() is const; `out` is the caller's (reuse it across calls).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::text {

// Written between parts of a word that the tokenizer must split like a hyphen.
inline constexpr char kPartBoundary = '\x1F';

struct NormalizedText {
  std::string text;
  std::vector<std::uint32_t> source_begin;  // one entry per byte of text
  std::vector<std::uint32_t> source_end;

  void clear() {
    text.clear();
    source_begin.clear();
    source_end.clear();
  }
};

class UnicodeNormalizer {
 public:
  explicit UnicodeNormalizer(bool fold_accents) : fold_accents_(fold_accents) {}

  // Replaces the contents of `out` with the normalisation of `raw`. Never throws on
  // bad input; inputs of 4 GiB or more are the caller's error (offsets are 32-bit).
  void normalize(std::string_view raw, NormalizedText& out) const;

 private:
  bool fold_accents_;
};

}  // namespace medsearch::text
