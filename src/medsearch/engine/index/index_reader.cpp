#include "medsearch/engine/index/index_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "medsearch/core/article_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/deletion_set.hpp"
#include "medsearch/engine/index/dead_documents_builder.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::engine {

struct IndexReader::Segment {
  Segment(const std::string& dir, const store::SegmentInfo& segment_info)
      : info(segment_info),
        docs(docs_path(dir, info.name)),
        ids(ids_path(dir, info.name)),
        columns(columns_path(dir, info.name)),
        lexical(lexical_path(dir, info.name)) {
    if (docs.size() != info.doc_count || ids.size() != info.doc_count || columns.size() != info.doc_count ||
        lexical.doc_count() != info.doc_count) {
      throw Error(ErrorCode::Corrupt, dir + "/" + info.name + ": segment files disagree with the manifest on the document count");
    }
  }
  store::SegmentInfo info;
  store::DocStoreReader docs;
  store::IdMapReader ids;
  store::DocColumnsReader columns;
  lexical::SegmentIndex lexical;
};

IndexReader::IndexReader(std::string dir) : dir_(resolve_index_dir(dir)) {
  auto manifest = store::load_manifest(dir_);
  if (!manifest) throw Error(ErrorCode::NotFound, dir_ + ": no index here (no manifest.json); run `medsearch ingest` first");
  manifest_ = std::move(*manifest);
  if (!manifest_.deletions_file.empty()) {
    deleted_ = DocSet(store::DeletionSet::load(dir_ + "/" + manifest_.deletions_file).words(), manifest_.doc_count);
  } else {
    deleted_ = DocSet(manifest_.doc_count);
  }
  if (!manifest_.pair_words.empty()) pair_words_ = std::make_shared<const lexical::PairWords>(manifest_.pair_words);
  for (const store::SegmentInfo& info : manifest_.segments) {
    segments_.push_back(std::make_unique<Segment>(dir_, info));
    lexical::SegmentView view{&segments_.back()->lexical, info.doc_base};
    if (info.word_pairs) view.pairs = pair_words_.get();  // null when the index has none
    lexical_segments_.push_back(view);
  }
  if (!manifest_.deletions_file.empty()) {
    // The dead documents' share of the statistics, saved at the commit that wrote the
    // deletion file; an index from before that file existed gets it computed here, once
    // per open, by analysing its dead documents again (slower to open; re-ingesting or
    // compacting writes the file).
    const std::string stats = dir_ + "/" + dead_stats_name(manifest_.deletions_file);
    if (std::filesystem::exists(stats)) {
      dead_ = lexical::DeadDocuments::load(stats);
    } else {
      std::vector<std::uint32_t> dead_docs;
      deleted_.for_each([&](DocId d) { dead_docs.push_back(d.value); });
      add_dead_documents(dir_, manifest_.segments, std::move(dead_docs), lexical::DocumentAnalyzer(), dead_);
    }
  }
}

IndexReader::~IndexReader() = default;

const IndexReader::ColumnValueIds& IndexReader::column_value_ids(store::StringColumn column) const {
  const auto c = static_cast<std::size_t>(column);
  std::call_once(value_ids_once_[c], [&] {
    ColumnValueIds& out = value_ids_[c];
    std::unordered_map<std::string_view, std::uint32_t> number;
    out.ids.resize(segments_.size());
    for (std::size_t s = 0; s < segments_.size(); ++s) {
      const store::DocColumnsReader& columns = segment_columns(s);
      std::vector<std::uint32_t>& ids = out.ids[s];
      ids.resize(columns.term_count(column));
      for (std::uint32_t term = 0; term < ids.size(); ++term) {
        const std::string_view name = columns.term(column, term);
        const auto [at, added] = number.try_emplace(name, static_cast<std::uint32_t>(out.names.size()));
        if (added) out.names.push_back(name);
        ids[term] = at->second;
      }
    }
  });
  return value_ids_[c];
}

const IndexReader::Segment& IndexReader::locate(DocId doc, std::uint32_t& local) const {
  if (doc.value >= doc_count()) {
    throw Error(ErrorCode::InvalidArgument, "document number " + std::to_string(doc.value) + " out of range (index has " +
                                                std::to_string(doc_count()) + ")");
  }
  auto it = std::upper_bound(segments_.begin(), segments_.end(), doc.value,
                             [](std::uint32_t d, const auto& s) { return d < s->info.doc_base; });
  const Segment& segment = **std::prev(it);
  local = doc.value - segment.info.doc_base;
  return segment;
}

std::optional<DocId> IndexReader::find(std::string_view id) const {
  // Newest segment first: a live match there is the current version.
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    const std::vector<std::uint32_t> locals = (*it)->ids.find(id);
    for (auto local = locals.rbegin(); local != locals.rend(); ++local) {
      const DocId doc((*it)->info.doc_base + *local);
      if (!deleted_.contains(doc)) return doc;
    }
  }
  return std::nullopt;
}

Article IndexReader::article(DocId doc) const {
  std::uint32_t local = 0;
  const Segment& segment = locate(doc, local);
  return decode_article(segment.docs.get(local), record_name(segment, local));
}

std::string IndexReader::record_name(const Segment& segment, std::uint32_t local) const {
  return docs_path(dir_, segment.info.name) + " record " + std::to_string(local);
}

void IndexReader::headline(DocId doc, ArticleHeadline& out, std::string& buffer) const {
  std::uint32_t local = 0;
  const Segment& segment = locate(doc, local);
  decode_article_headline(
      segment.docs.read(local, buffer), [&] { return record_name(segment, local); }, out);
}

void IndexReader::prefetch_record(DocId doc) const {
  if (doc.value >= doc_count()) return;
  std::uint32_t local = 0;
  locate(doc, local).docs.prefetch(local);
}

std::string IndexReader::external_id(DocId doc) const {
  std::uint32_t local = 0;
  return std::string(locate(doc, local).ids.id_of(local));
}

std::uint32_t IndexReader::date_key(DocId doc) const {
  std::uint32_t local = 0;
  const store::DocColumnsReader& columns = locate(doc, local).columns;
  return columns.year(local) * 16u + columns.month(local);
}

store::DocAttributes IndexReader::attributes(DocId doc) const {
  std::uint32_t local = 0;
  return locate(doc, local).columns.attributes(local);
}

void IndexReader::for_each_live(const std::function<void(DocId, const store::DocColumnsReader&, std::uint32_t)>& fn) const {
  for (const auto& segment : segments_) {
    for (std::uint32_t local = 0; local < segment->info.doc_count; ++local) {
      const DocId doc(segment->info.doc_base + local);
      if (!deleted_.contains(doc)) fn(doc, segment->columns, local);
    }
  }
}

const store::DocColumnsReader& IndexReader::segment_columns(std::size_t i) const { return segments_.at(i)->columns; }

DocId IndexReader::segment_first(std::size_t i) const { return DocId(segments_.at(i)->info.doc_base); }

}  // namespace medsearch::engine
