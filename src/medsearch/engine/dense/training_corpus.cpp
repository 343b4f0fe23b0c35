#include "medsearch/engine/dense/training_corpus.hpp"

#include <algorithm>
#include <string>

#include "medsearch/encoder/sif_embedder.hpp"
#include "medsearch/engine/dense/dense_model.hpp"
#include "medsearch/engine/index/index_reader.hpp"

namespace medsearch::engine {
namespace {

std::vector<std::string> document_words(const IndexReader& reader, DocId doc) {
  return encoder::sif_words(embedding_text(reader.article(doc)));
}

// Lines of words, counted; DocIds recorded when asked.
struct CorpusSink {
  std::ostream& out;
  std::vector<DocId>* chosen;
  TrainingCorpusStats stats;
  void write(DocId doc, const std::vector<std::string>& words) {
    for (std::size_t i = 0; i < words.size(); ++i) out << (i ? " " : "") << words[i];
    out << '\n';
    ++stats.documents;
    stats.tokens += words.size();
    if (chosen) chosen->push_back(doc);
  }
};

// The tokens of every stride-th live document (live positions 0, stride, 2·stride, …), from
// which the tokens of the documents from any position on are estimated: a trend along the
// DocIds (abstracts grow longer over the years) is followed, not averaged away.
class Pilot {
 public:
  explicit Pilot(const IndexReader& reader)
      : stride_(std::max<std::uint64_t>(1, (reader.live_count() + kTrainingPilotDocuments - 1) / kTrainingPilotDocuments)) {
    std::uint64_t position = 0;
    reader.for_each_live([&](DocId doc, const store::DocColumnsReader&, std::uint32_t) {
      if (position++ % stride_ == 0) tokens_.push_back(document_words(reader, doc).size());
    });
    suffix_.assign(tokens_.size() + 1, 0);
    for (std::size_t i = tokens_.size(); i-- > 0;) suffix_[i] = suffix_[i + 1] + tokens_[i];
  }
  // Mean tokens of the pilot's documents at live positions ≥ `position` (all of them when
  // none lies there).
  double mean_from(std::uint64_t position) const {
    std::size_t first = static_cast<std::size_t>((position + stride_ - 1) / stride_);
    if (first >= tokens_.size()) first = 0;
    return tokens_.empty() ? 0.0 : double(suffix_[first]) / double(tokens_.size() - first);
  }

 private:
  std::uint64_t stride_;
  std::vector<std::uint64_t> tokens_;
  std::vector<std::uint64_t> suffix_;  // suffix_[i] = Σ tokens_[i..]
};

// The sample: each live document, in DocId order, adds `rate` to a credit, and is taken when
// the credit reaches 1 (a fractional stride of 1/rate). rate = the tokens left in the budget
// over the tokens the documents not yet visited are expected to hold (the pilot's), at most 1,
// so the stride is refined as the walk goes: an estimate too high or too low is corrected
// instead of ending the sample early or leaving budget unspent, and the documents taken stay
// spread evenly over the whole range. A document longer than what is left of the budget is
// skipped: the budget is never exceeded. Only the documents taken are read.
void write_sample(const IndexReader& reader, std::uint64_t token_budget, const Pilot& pilot, CorpusSink& sink) {
  const std::uint64_t live = reader.live_count();
  std::uint64_t position = 0;
  double credit = 0.5;  // the first document taken lies about half a stride in
  reader.for_each_live([&](DocId doc, const store::DocColumnsReader&, std::uint32_t) {
    const std::uint64_t left = token_budget - sink.stats.tokens;
    const std::uint64_t remaining = live > position ? live - position : 1;
    const double expected = std::max(1.0, double(remaining) * pilot.mean_from(position));
    ++position;
    credit += std::min(1.0, double(left) / expected);
    if (credit < 1.0) return;
    credit -= 1.0;
    const std::vector<std::string> words = document_words(reader, doc);
    if (words.size() <= left) sink.write(doc, words);
  });
}

TrainingCorpusStats write_all(const IndexReader& reader, CorpusSink& sink) {
  reader.for_each_live([&](DocId doc, const store::DocColumnsReader&, std::uint32_t) { sink.write(doc, document_words(reader, doc)); });
  return sink.stats;
}

}  // namespace

TrainingCorpusStats write_training_corpus(const IndexReader& reader, std::ostream& out, std::uint64_t token_budget,
                                          std::vector<DocId>* chosen) {
  CorpusSink sink{out, chosen, {}};
  sink.stats.live_documents = reader.live_count();
  if (token_budget == 0) return write_all(reader, sink);
  const Pilot pilot(reader);
  if (pilot.mean_from(0) * double(reader.live_count()) <= double(token_budget)) return write_all(reader, sink);
  sink.stats.sampled = true;
  write_sample(reader, token_budget, pilot, sink);
  return sink.stats;
}

}  // namespace medsearch::engine
