#include "medsearch/engine/index/dead_documents_builder.hpp"

#include <algorithm>
#include <memory>

#include "medsearch/core/article_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/store/doc_store.hpp"

namespace medsearch::engine {

void add_dead_documents(const std::string& dir, const std::vector<store::SegmentInfo>& segments,
                        std::vector<std::uint32_t> docs, const lexical::DocumentAnalyzer& analyzer,
                        lexical::DeadDocuments& into) {
  std::sort(docs.begin(), docs.end());
  lexical::AnalyzedDocument analyzed;
  std::size_t s = 0;
  std::unique_ptr<store::DocStoreReader> store;  // of segments[s], opened on first need
  for (const std::uint32_t doc : docs) {
    while (s < segments.size() && doc >= segments[s].doc_base + segments[s].doc_count) ++s, store.reset();
    if (s == segments.size() || doc < segments[s].doc_base) {
      throw Error(ErrorCode::Corrupt, dir + ": dead document " + std::to_string(doc) + " is in no segment");
    }
    if (!store) store = std::make_unique<store::DocStoreReader>(docs_path(dir, segments[s].name));
    const std::uint32_t local = doc - segments[s].doc_base;
    const Article article = decode_article(store->get(local), docs_path(dir, segments[s].name) + " record " + std::to_string(local));
    analyzed.clear();
    analyzer.analyze(article, analyzed);
    into.add(analyzed);
  }
}

}  // namespace medsearch::engine
