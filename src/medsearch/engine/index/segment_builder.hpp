// The segment an Indexer is filling: documents appended since the last commit. Writes
// its doc store while documents arrive (temporary file) and the id map and columns at
// finish(). Abandoning it (destructor without finish) removes its temporary files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "medsearch/core/article.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"

namespace medsearch::engine {

class SegmentBuilder {
 public:
  SegmentBuilder(const std::string& dir, std::string name, std::uint32_t doc_base);

  const std::string& name() const { return name_; }
  std::uint32_t doc_base() const { return doc_base_; }
  std::uint32_t size() const { return docs_.size(); }

  // Appends the article with its analysis (DocumentAnalyzer::analyze of the same
  // article); returns its local number (its DocId is doc_base + local).
  std::uint32_t add(const Article& article, const lexical::AnalyzedDocument& analyzed);
  // The newest local number holding `id` in this segment, if any (dead or alive).
  std::optional<std::uint32_t> latest(std::string_view id) const;
  // Publishes S.docs, S.ids, S.cols and S.lex under their final names.
  void finish();

 private:
  std::string dir_;
  std::string name_;
  std::uint32_t doc_base_;
  store::DocStoreWriter docs_;
  store::IdMapWriter ids_;
  store::DocColumnsWriter columns_;
  lexical::SegmentIndexWriter lexical_;
  std::unordered_map<std::string, std::uint32_t> latest_;
};

}  // namespace medsearch::engine
