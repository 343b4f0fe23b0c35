// A segment being filled: one ingest worker's documents since the last commit, or one
// output segment of a compaction. Writes its doc store while documents arrive (temporary
// file) and the id map, columns and lexical index at finish(). Abandoning it (destructor
// without finish) removes its temporary files. Documents are numbered locally (0..size-1);
// the segment's place in the DocId space (its doc_base) is decided at commit, by the
// Indexer, so workers can fill segments in parallel. Not thread-safe: one owner.
#pragma once

#include <cstdint>
#include <string>

#include "medsearch/core/article.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"

namespace medsearch::engine {

class SegmentBuilder {
 public:
  SegmentBuilder(const std::string& dir, std::string name);

  const std::string& name() const { return name_; }
  std::uint32_t size() const { return docs_.size(); }

  // Appends the article with its analysis (DocumentAnalyzer::analyze of the same
  // article); returns its local number.
  std::uint32_t add(const Article& article, const lexical::AnalyzedDocument& analyzed);
  // Publishes S.docs, S.ids, S.cols and S.lex under their final names.
  void finish();

 private:
  std::string dir_;
  std::string name_;
  store::DocStoreWriter docs_;
  store::IdMapWriter ids_;
  store::DocColumnsWriter columns_;
  lexical::SegmentIndexWriter lexical_;
};

}  // namespace medsearch::engine
