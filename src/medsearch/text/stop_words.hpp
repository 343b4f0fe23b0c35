// The English stop words removed by the prose profile (docs/analysis.md, "Stop words").
//
// The project's own list of about 170 English function words (articles, pronouns, auxiliary
// and modal verbs, prepositions, conjunctions, connective adverbs). Deliberately left
// out, because in biomedical text they are also symbols or abbreviations people search
// for: "a" (vitamin A, hepatitis A), "i" (type I, phase I), "all" (acute lymphoblastic
// leukaemia), "no" (nitric oxide), "us" (ultrasound); and directional words that carry
// meaning (up, down, above, below, over, under, before, after, against, without).
//
// Terms are compared after normalisation (lower case ASCII), before stemming.
#pragma once

#include <span>
#include <string_view>

namespace medsearch::text {

bool is_stop_word(std::string_view term);

// The whole list, sorted; for tests and documentation.
std::span<const std::string_view> stop_words();

}  // namespace medsearch::text
