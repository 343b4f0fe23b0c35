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
std::string_view stem_english(std::string_view word);

}  // namespace medsearch::text
