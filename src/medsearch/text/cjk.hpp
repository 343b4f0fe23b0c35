// Scripts written without spaces between words that the analyser indexes as overlapping
// character bigrams: Han ideographs, Hiragana, Katakana and Hangul (docs/analysis.md,
// "CJK"). Bigrams are the usual dictionary-free approach for Chinese/Japanese/Korean
// retrieval (e.g. Kwok, "Comparing representations in Chinese information retrieval",
// SIGIR 1997; Lucene's CJKBigramFilter does the same), and they match the query side
// with no segmenter to keep in sync.
//
// Ranges are the Unicode blocks of those scripts (Unicode 15 block list). Only letters
// and numbers in them count (the analyser's normaliser has already turned punctuation
// such as 、。・ into separators).
#pragma once

namespace medsearch::text {

inline bool is_cjk(char32_t cp) {
  if (cp < 0x1100) return false;
  return (cp >= 0x4E00 && cp <= 0x9FFF)      // CJK Unified Ideographs
         || (cp >= 0x3400 && cp <= 0x4DBF)   // CJK Extension A
         || (cp >= 0x3040 && cp <= 0x30FF)   // Hiragana, Katakana
         || (cp >= 0x31F0 && cp <= 0x31FF)   // Katakana Phonetic Extensions
         || (cp >= 0xAC00 && cp <= 0xD7AF)   // Hangul Syllables
         || (cp >= 0x1100 && cp <= 0x11FF)   // Hangul Jamo
         || (cp >= 0x3130 && cp <= 0x318F)   // Hangul Compatibility Jamo
         || (cp >= 0xA960 && cp <= 0xA97F)   // Hangul Jamo Extended-A
         || (cp >= 0xD7B0 && cp <= 0xD7FF)   // Hangul Jamo Extended-B
         || (cp >= 0xF900 && cp <= 0xFAFF)   // CJK Compatibility Ideographs (NFKC maps most)
         || (cp >= 0x3005 && cp <= 0x3007)   // 々 〆 〇
         || (cp >= 0x20000 && cp <= 0x323AF); // Extensions B..H, Compatibility Supplement
}

}  // namespace medsearch::text
