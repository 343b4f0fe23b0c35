// engine::write_training_corpus: the text the default dense model (encoder::SifEmbedder)
// trains on: the words (encoder::sif_words) of live documents' embedding_text, one document
// per line, in DocId order.
//
// Token budget. When the live documents' tokens fit `token_budget` (or it is 0), every live
// document is written, exactly as without a budget. Otherwise an evenly spread,
// deterministic sample is written, holding at most token_budget tokens and, in practice,
// close to it. "Fit" is judged from a pilot: every ⌈live / kTrainingPilotDocuments⌉-th live
// document (all of them, so the judgement is exact, when there are at most that many).
// The sample walks the live documents in DocId order with a fractional stride refined as it
// goes (training_corpus.cpp), so it spans the whole DocId range, not a prefix: the index's
// order follows publication time, and a prefix would train on old vocabulary only.
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "medsearch/core/ids.hpp"

namespace medsearch::engine {

class IndexReader;

inline constexpr std::uint64_t kTrainingPilotDocuments = 1000;

struct TrainingCorpusStats {
  std::uint64_t live_documents = 0;  // live documents in the index
  std::uint64_t documents = 0;       // lines written
  std::uint64_t tokens = 0;          // words written (≤ token_budget when one applies)
  bool sampled = false;              // the budget applied: a sample was written
};

// Writes the corpus to `out` (the caller checks the stream). token_budget 0 means no budget.
// `chosen` (may be null) receives the DocIds written, in order. Throws what reading an
// article throws.
TrainingCorpusStats write_training_corpus(const IndexReader& reader, std::ostream& out, std::uint64_t token_budget,
                                          std::vector<DocId>* chosen = nullptr);

}  // namespace medsearch::engine
