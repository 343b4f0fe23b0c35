// Greek letters used as symbols in biomedical text (β-blocker, TNF-α, IFN-γ, 5α-reductase,
// µg) and their spelled English names, so that "β-blocker", "beta-blocker" and
// "beta blocker" analyse alike (docs/analysis.md, "Greek letters").
//
// Lookups take the code point AFTER normalisation (NFKC + case folding): capital letters,
// final sigma, symbol variants (ϐ ϑ ϕ ϰ ϱ ϵ ϖ), mathematical alphanumerics (𝛽) and the
// micro sign U+00B5 have all become the small letters U+03B1..U+03C9 by then. The
// folding itself is Unicode's (utf8proc); the names are the letters' standard English
// names as in the Unicode character names ("GREEK SMALL LETTER BETA"), except that
// U+03BB, which Unicode spells LAMDA, is "lambda", the spelling biomedical text uses.
#pragma once

#include <string_view>

namespace medsearch::text {

// The spelled name ("alpha", "beta", ...) of a small Greek letter U+03B1..U+03C9
// (including final sigma U+03C2 → "sigma"); empty for any other code point.
std::string_view greek_letter_name(char32_t cp);

// True for code points of the Greek and Coptic block (U+0370..U+03FF) and Greek
// Extended (U+1F00..U+1FFF): used to tell a Greek word (spelled as is) from a lone
// letter used as a symbol (spelled out).
inline bool is_greek_block(char32_t cp) {
  return (cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF);
}

}  // namespace medsearch::text
