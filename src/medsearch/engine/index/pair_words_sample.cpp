#include "medsearch/engine/index/pair_words_sample.hpp"

#include <unordered_map>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"

namespace medsearch::engine {
namespace {

// Counts the prose terms' document frequencies over the first choice.sample_docs articles.
class PairWordSampler {
 public:
  PairWordSampler(const lexical::DocumentAnalyzer& analyzer, lexical::PairWordsChoice choice)
      : analyzer_(analyzer), choice_(choice) {}
  bool full() const { return docs_ >= choice_.sample_docs; }
  void add(const Article& article) {
    analyzer_.analyze(article, analyzed_);
    for (const lexical::AnalyzedPosting& posting : analyzed_.postings) {
      const std::string_view key = analyzed_.key(posting);
      if (key.empty() || key[0] != static_cast<char>(lexical::KeySpace::Prose)) continue;
      ++doc_freq_[std::string(key.substr(1))];  // keys are unique within a document
    }
    ++docs_;
  }
  lexical::PairWords choose() const { return lexical::choose_pair_words(doc_freq_, docs_, choice_); }

 private:
  const lexical::DocumentAnalyzer& analyzer_;
  lexical::PairWordsChoice choice_;
  std::unordered_map<std::string, std::uint32_t> doc_freq_;
  std::uint32_t docs_ = 0;
  lexical::AnalyzedDocument analyzed_;
};

}  // namespace

lexical::PairWords sample_pair_words(const std::vector<std::string>& files, ingest::InputFormat format,
                                     const lexical::DocumentAnalyzer& analyzer, const lexical::PairWordsChoice& choice) {
  PairWordSampler sampler(analyzer, choice);
  ingest::Record record;
  for (const std::string& path : files) {
    if (sampler.full()) break;
    try {
      const std::unique_ptr<ingest::RecordSource> source = ingest::open_record_source(path, format);
      while (!sampler.full() && source->next(record)) {
        if (record.kind == ingest::RecordKind::Article) sampler.add(record.article);
      }
    } catch (const Error&) {
      break;  // the sample ends here; ingest reports the file's error itself
    }
  }
  return sampler.choose();
}

lexical::PairWords sample_pair_words(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer,
                                     const lexical::PairWordsChoice& choice) {
  PairWordSampler sampler(analyzer, choice);
  for (std::uint32_t d = 0; d < index.doc_count() && !sampler.full(); ++d) {
    if (index.is_live(DocId(d))) sampler.add(index.article(DocId(d)));
  }
  return sampler.choose();
}

}  // namespace medsearch::engine
