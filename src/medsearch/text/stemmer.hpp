// Snowball English stemming (Porter2; https://snowballstem.org/algorithms/english/
// stemmer.html) through libstemmer (docs/analysis.md, "Stemming").
//
// Thread safety: a libstemmer instance keeps its working state inside itself and is not
// safe to share, so each thread lazily creates its own (a thread_local, freed when the
// thread ends). stem_english() may therefore be called from any number of threads.
//
// Errors: Error(Unavailable) when libstemmer cannot create the English stemmer (it has
// no "english"/"UTF_8" module, or is out of memory).
#pragma once

#include <string_view>

namespace medsearch::text {

// The stem of `word` (normalised, lower case). The view points into a thread-local
// buffer and stays valid until the next call on the same thread.
//
// A non-empty stem starts with the word's first byte: Snowball English changes a word at
// its end only (suffixes), removes a suffix only when letters remain before it, leaves
// words of one or two letters alone, and its exceptional forms (skies → sky, dying → die,
// ...) keep the first letter as well (its one change at the start, dropping a leading
// apostrophe, does not arise: the tokenizer never starts a word with one). Analyzer::
// analyze_for_terms() relies on it; stemmer_test.cpp checks it on every word of the
// shared PubMed samples and on random words.
std::string_view stem_english(std::string_view word);

}  // namespace medsearch::text
