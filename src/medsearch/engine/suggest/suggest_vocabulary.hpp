// What autocomplete and spelling suggestions know, gathered from an open index
// (docs/decisions/0022-suggestions.md):
//   - MeSH headings: the index's own `m` keys with their document frequencies, shown with
//     the descriptor names of the sampled articles or of a MeSH tree file (2017MeshTree.txt:
//     "Tree Number<TAB>Desc Ui<TAB>Term") or a descriptor file; headings the index lacks come
//     with score 0;
//   - MeSH entry terms ("Heart Attack"), from a descriptor file (NLM's dYYYY.bin), each with
//     its heading ("Myocardial Infarction") and the heading's document frequency;
//   - title phrases: word n-grams (1..max_phrase_words words, not starting or ending with a
//     stop word, not crossing punctuation) of the titles of an evenly spread sample of live
//     documents, kept when they occur in at least min_phrase_titles sampled titles, scored
//     by their estimated number of titles in the whole index;
//   - spelling words: the words (and hyphen parts) of the sampled titles, of the abstracts of
//     an evenly spread part of that sample (abstract_sample articles) and of the MeSH names,
//     ASCII letters only, with the index's document frequency of the prose term the analyser
//     makes of them (so "diabetes" counts every document with "diabet"), kept at
//     min_word_df or more. Abstracts matter: most words people search for are in abstracts
//     only, and some indexes (NFCorpus) have no titles at all.
// Cost: reading `title_sample` articles from the doc store once, when the suggester is first
// used, and cutting abstract_sample abstracts into words (measured in
// docs/decisions/0022-suggestions.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/suggest/prefix_index.hpp"
#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::engine::suggest {

struct SuggestOptions {
  std::size_t title_sample = 50000;      // articles whose titles are read (evenly spread)
  std::size_t abstract_sample = 10000;   // of those, articles whose abstracts give spelling words
  std::uint32_t min_phrase_titles = 2;   // a phrase is kept from this many sampled titles
  std::size_t max_phrase_words = 4;
  std::uint32_t min_word_df = 2;         // a spelling word needs this document frequency
  // A MeSH tree file for heading names; "": $MEDSEARCH_MESH_TREE when set, else none.
  std::string mesh_tree;
  // NLM's ASCII MeSH descriptor file (dYYYY.bin, mesh_descriptors.hpp) for heading names and
  // their entry terms; "": $MEDSEARCH_MESH_DESCRIPTORS when set, else none.
  std::string mesh_descriptors;
  std::size_t max_completions = 10;      // the most /api/suggest returns
};

struct SpellingWord {
  std::string key;       // normalize_word form, ASCII letters only ("betablockers")
  std::string shown;     // the most frequent way titles write it ("beta-blockers")
  std::uint32_t df = 0;  // documents with its prose term
};

struct VocabularyStats {
  std::size_t titles_read = 0;
  std::size_t abstracts_read = 0;
  std::size_t mesh_headings = 0;     // completions from MeSH headings
  std::size_t mesh_entry_terms = 0;  // completions from their entry terms
  std::size_t title_phrases = 0;     // completions from titles
  std::size_t spelling_words = 0;
  double build_ms = 0;
};

struct Vocabulary {
  std::vector<PrefixEntry> completions;
  std::vector<SpellingWord> words;
  VocabularyStats stats;
};

// Throws Error(NotFound/Corrupt) naming the MeSH tree or descriptor file when one is set but
// unreadable or malformed.
Vocabulary build_vocabulary(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, const SuggestOptions& options);

// Documents (dead ones included: the lexicon's df) with the prose term `word` analyses to
// (its first term: a compound's joined form, else the stem); 0 when it has none.
std::uint32_t prose_doc_freq(const IndexReader& index, const text::Analyzer& prose, std::string_view word);

}  // namespace medsearch::engine::suggest
