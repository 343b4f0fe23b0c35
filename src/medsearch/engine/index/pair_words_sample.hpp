// Chooses an index's pair words (lexical/word_pairs.hpp, decision 0035) from a sample of
// its documents, analysed as they will be indexed: their prose terms' document
// frequencies go to lexical::choose_pair_words.
//
// - The first ingest into an empty index samples the first `choice.sample_docs` articles
//   of its input files, in order. A file that cannot be read ends the sample where it
//   stops (the ingest itself then reports the error).
// - `medsearch compact` of an index without pair words samples its first live documents
//   (Indexer::compact(true)), so an index built before word pairs gets them without
//   ingesting again.
// Only prose terms are counted (word-pair keys the analyzer may add are ignored).
#pragma once

#include <string>
#include <vector>

#include "medsearch/ingest/record_source.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/word_pairs.hpp"

namespace medsearch::engine {

class IndexReader;

lexical::PairWords sample_pair_words(const std::vector<std::string>& files, ingest::InputFormat format,
                                     const lexical::DocumentAnalyzer& analyzer, const lexical::PairWordsChoice& choice);

// The index's first live documents in DocId order.
lexical::PairWords sample_pair_words(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer,
                                     const lexical::PairWordsChoice& choice);

}  // namespace medsearch::engine
