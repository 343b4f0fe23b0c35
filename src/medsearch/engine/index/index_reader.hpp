// Read access to an index directory as its manifest describes it at open time.
// Immutable after construction and safe to share between threads; a later commit by a
// writer is seen only by a newly opened IndexReader.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/core/article_codec.hpp"
#include "medsearch/core/doc_set.hpp"
#include "medsearch/core/ids.hpp"
#include "medsearch/lexical/dead_documents.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

class IndexReader {
 public:
  // `dir` is an index directory or an index root (its `current` generation, resolved once:
  // index_root.hpp). Throws Error(NotFound) when it holds no index, Corrupt/VersionMismatch
  // when a file fails its checks (each message names the file).
  explicit IndexReader(std::string dir);
  ~IndexReader();

  const std::string& dir() const { return dir_; }  // the resolved index directory
  const store::Manifest& manifest() const { return manifest_; }
  std::uint32_t doc_count() const { return manifest_.doc_count; }  // DocIds 0..doc_count-1, dead included
  std::uint64_t live_count() const { return manifest_.live_count; }
  bool is_live(DocId doc) const { return doc.value < doc_count() && !deleted_.contains(doc); }

  // The live document with external id `id` (a PMID, a BEIR id), if any.
  std::optional<DocId> find(std::string_view id) const;
  // Throws Error(InvalidArgument) for a DocId outside 0..doc_count-1.
  Article article(DocId doc) const;
  // What a results list shows of it (core/article_codec.hpp), as views into `buffer`,
  // which holds the decompressed record afterwards; a page of hits reuses both. Same
  // errors as article().
  void headline(DocId doc, ArticleHeadline& out, std::string& buffer) const;
  // A hint that `doc`'s record will be read soon (store::DocStoreReader::prefetch).
  void prefetch_record(DocId doc) const;
  // The external id (PMID) of a document without decoding it. Same errors as article().
  std::string external_id(DocId doc) const;
  store::DocAttributes attributes(DocId doc) const;
  // year * 16 + month (0 when unknown): a sort key for "newest first", read straight
  // from the columns (no strings built).
  std::uint32_t date_key(DocId doc) const;
  // The lexical index of every segment, with its first DocId (for lexical::top_k).
  const std::vector<lexical::SegmentView>& lexical_segments() const { return lexical_segments_; }
  // The dead documents (replaced or deleted), over DocIds 0..doc_count-1.
  const DocSet& deleted() const { return deleted_; }
  // Their share of the BM25F statistics (N, df, field lengths), which ranking subtracts so
  // that scores describe the live collection (lexical/dead_documents.hpp). Empty when
  // nothing is dead.
  const lexical::DeadDocuments& dead_documents() const { return dead_; }
  // Calls fn(doc, columns, local) for every live document in DocId order.
  void for_each_live(const std::function<void(DocId, const store::DocColumnsReader&, std::uint32_t)>& fn) const;
  // The segments one by one, in DocId order (the order of lexical_segments()): segment i's
  // documents are segment_first(i) .. segment_first(i) + segment_columns(i).size() - 1,
  // dead ones included.
  std::size_t segment_count() const { return segments_.size(); }
  const store::DocColumnsReader& segment_columns(std::size_t i) const;
  DocId segment_first(std::size_t i) const;

  // The values of a string column numbered over the whole index (each segment has its own
  // dictionary ids): `names[id]` is a value, `ids[segment][term_id]` its number. Facet counts
  // sum the segments' counts by number instead of by string (engine/search/facets.cpp).
  // Built on first use, once per column; thread-safe; the views point into the columns.
  struct ColumnValueIds {
    std::vector<std::string_view> names;
    std::vector<std::vector<std::uint32_t>> ids;
  };
  const ColumnValueIds& column_value_ids(store::StringColumn column) const;

 private:
  struct Segment;
  const Segment& locate(DocId doc, std::uint32_t& local) const;
  // "<segment's .docs path> record N", for errors about a stored record.
  std::string record_name(const Segment& segment, std::uint32_t local) const;

  std::string dir_;
  store::Manifest manifest_;
  DocSet deleted_;  // the manifest's deletion file, over DocIds 0..doc_count-1
  lexical::DeadDocuments dead_;
  std::vector<std::unique_ptr<Segment>> segments_;
  std::vector<lexical::SegmentView> lexical_segments_;
  std::shared_ptr<const lexical::PairWords> pair_words_;  // the views' `pairs` (heap: stable when moved)
  mutable std::array<std::once_flag, store::kStringColumnCount> value_ids_once_;
  mutable std::array<ColumnValueIds, store::kStringColumnCount> value_ids_;
};

}  // namespace medsearch::engine
