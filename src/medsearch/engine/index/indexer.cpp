#include "medsearch/engine/index/indexer.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/record_pipeline.hpp"
#include "medsearch/engine/index/segment_builder.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/engine/index/vector_carrier.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/deletion_set.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::uint64_t file_size_or_throw(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_io_error("cannot read input file", path);
  if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::InvalidArgument, path + ": is a directory, expected a file");
  return static_cast<std::uint64_t>(st.st_size);
}

std::string base_name(const std::string& path) { return fs::path(path).filename().string(); }

void add_totals(store::IngestTotals& into, const store::IngestTotals& from) {
  into.articles_added += from.articles_added;
  into.replacements += from.replacements;
  into.deletions_applied += from.deletions_applied;
  into.deletions_unknown += from.deletions_unknown;
  into.filtered_by_since += from.filtered_by_since;
  for (const auto& [reason, n] : from.skipped) into.skipped[reason] += n;
}

}  // namespace

// The writer's working state: the manifest as of the last commit plus everything applied
// since (the open segment, the pending file records, the working deletion set).
class Indexer::State {
 public:
  State(std::string dir, IngestOptions options) : dir_(std::move(dir)), options_(options) {
    fs::create_directories(dir_);
    lock_ = std::make_unique<store::IndexLock>(dir_);
    if (auto manifest = store::load_manifest(dir_)) manifest_ = std::move(*manifest);
    if (!manifest_.deletions_file.empty()) deleted_ = store::DeletionSet::load(dir_ + "/" + manifest_.deletions_file);
    for (const store::SegmentInfo& info : manifest_.segments) {
      committed_.push_back({info.doc_base, std::make_unique<store::IdMapReader>(ids_path(dir_, info.name))});
    }
    remove_unreferenced_files();
  }

  IngestSummary run(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                    const WarningCallback& on_warning);
  CompactSummary compact();
  bool worth_compacting() const {
    return options_.compact_dead_fraction > 0 && manifest_.doc_count > 0 &&
           static_cast<double>(manifest_.doc_count - manifest_.live_count) >=
               options_.compact_dead_fraction * static_cast<double>(manifest_.doc_count);
  }

 private:
  struct CommittedIds {
    std::uint32_t doc_base;
    std::unique_ptr<store::IdMapReader> ids;
  };

  std::optional<std::uint32_t> find_live(std::string_view id) const;
  void apply(const ingest::Record& record, const lexical::AnalyzedDocument& analyzed, store::IngestedFile& file_stats,
             const WarningCallback& on_warning);
  void commit();
  void remove_unreferenced_files() const;
  std::uint32_t next_doc() const { return manifest_.doc_count + (open_ ? open_->size() : 0); }

  std::string dir_;
  IngestOptions options_;
  std::unique_ptr<store::IndexLock> lock_;
  lexical::DocumentAnalyzer analyzer_;  // used by the pipeline's workers
  store::Manifest manifest_;  // last committed state, plus pending totals
  store::DeletionSet deleted_;
  std::vector<CommittedIds> committed_;
  std::unique_ptr<SegmentBuilder> open_;
  std::vector<store::IngestedFile> pending_files_;
  store::IngestTotals pending_;     // applied since the last commit
  store::IngestTotals run_totals_;  // committed by this run
  std::map<std::string, int> warned_;  // skip warnings shown, by reason (5 each at most)
};

std::optional<std::uint32_t> Indexer::State::find_live(std::string_view id) const {
  if (open_) {
    if (auto local = open_->latest(id)) {
      const std::uint32_t doc = open_->doc_base() + *local;
      if (!deleted_.contains(doc)) return doc;
    }
  }
  for (auto it = committed_.rbegin(); it != committed_.rend(); ++it) {
    const std::vector<std::uint32_t> locals = it->ids->find(id);
    for (auto local = locals.rbegin(); local != locals.rend(); ++local) {
      if (!deleted_.contains(it->doc_base + *local)) return it->doc_base + *local;
    }
  }
  return std::nullopt;
}

void Indexer::State::apply(const ingest::Record& record, const lexical::AnalyzedDocument& analyzed,
                           store::IngestedFile& file_stats, const WarningCallback& on_warning) {
  switch (record.kind) {
    case ingest::RecordKind::Article: {
      ++file_stats.articles;
      const Article& article = record.article;
      if (options_.since_year != 0 && article.pub_year < options_.since_year) {
        ++pending_.filtered_by_since;
        return;
      }
      if (auto old = find_live(article.id)) {
        deleted_.insert(*old);
        ++pending_.replacements;
      }
      if (!open_) open_ = std::make_unique<SegmentBuilder>(dir_, segment_name(manifest_.generation + 1), manifest_.doc_count);
      if (next_doc() == UINT32_MAX) throw Error(ErrorCode::Unavailable, dir_ + ": index is full (2^32-1 documents)");
      open_->add(article, analyzed);
      ++pending_.articles_added;
      return;
    }
    case ingest::RecordKind::Deletion:
      ++file_stats.deletions;
      if (auto old = find_live(record.deletion.id)) {
        deleted_.insert(*old);
        ++pending_.deletions_applied;
      } else {
        ++pending_.deletions_unknown;
      }
      return;
    case ingest::RecordKind::Skipped:
      ++file_stats.skipped;
      ++pending_.skipped[record.skipped.reason];
      if (warned_[record.skipped.reason]++ < 5 && on_warning) {
        on_warning("skipped record (" + record.skipped.reason + "): " + record.skipped.detail);
      }
      return;
  }
}

void Indexer::State::commit() {
  // Every change since the last commit comes with the file that made it.
  if (pending_files_.empty() && (!open_ || open_->size() == 0)) return;
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  if (open_ && open_->size() > 0) {
    open_->finish();
    next.segments.push_back({open_->name(), open_->doc_base(), open_->size()});
    next.doc_count += open_->size();
  }
  if (deleted_.count() > 0) {
    next.deletions_file = deletions_name(generation);
    deleted_.save(dir_ + "/" + next.deletions_file);
  }
  next.live_count = next.doc_count - deleted_.count();
  add_totals(next.totals, pending_);
  next.files.insert(next.files.end(), pending_files_.begin(), pending_files_.end());
  store::save_manifest(dir_, next);  // the commit point

  manifest_ = std::move(next);
  if (open_ && open_->size() > 0) {
    const store::SegmentInfo& info = manifest_.segments.back();
    committed_.push_back({info.doc_base, std::make_unique<store::IdMapReader>(ids_path(dir_, info.name))});
  }
  open_.reset();
  pending_files_.clear();
  add_totals(run_totals_, pending_);
  pending_ = {};
  remove_unreferenced_files();
}

void Indexer::State::remove_unreferenced_files() const {
  // Leftovers of an interrupted run or of superseded commits: segment and deletion files
  // the manifest does not name, and temporary files. Nothing else in DIR is touched.
  std::set<std::string> keep;
  for (const store::SegmentInfo& s : manifest_.segments) {
    // .vec*: the segment's dense vectors (engine/embedding_job.hpp), finished or partial.
    for (std::string& name : segment_file_names(s.name)) keep.insert(std::move(name));
  }
  if (!manifest_.deletions_file.empty()) keep.insert(manifest_.deletions_file);
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.starts_with("seg-") || name.starts_with("deleted-") || name.ends_with(".tmp");
    if (ours && !keep.contains(name)) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

IngestSummary Indexer::State::run(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                                  const WarningCallback& on_warning) {
  const auto start = Clock::now();
  IngestSummary summary;
  // Decide which files to apply: those not yet recorded in the manifest (name and size).
  std::set<std::pair<std::string, std::uint64_t>> applied;
  for (const store::IngestedFile& f : manifest_.files) applied.insert({f.name, f.size_bytes});
  std::vector<std::string> todo;
  std::vector<std::uint64_t> sizes;
  std::uint64_t bytes_total = 0;
  for (const std::string& path : files) {
    const std::uint64_t size = file_size_or_throw(path);
    if (!options_.reapply && !applied.insert({base_name(path), size}).second) {
      summary.files_already_applied.push_back(path);
      if (on_warning) on_warning(path + ": already applied to this index, skipped (use --reapply to apply it again)");
      continue;
    }
    todo.push_back(path);
    sizes.push_back(size);
    bytes_total += size;
  }

  IngestProgress progress;
  progress.file_count = todo.size();
  progress.bytes_total = bytes_total;
  std::uint64_t bytes_before_file = 0;
  auto last_report = Clock::now();
  RecordPipeline pipeline(todo, options_.format, options_.threads, &analyzer_);
  RecordBatch batch;
  store::IngestedFile file_stats;
  try {
    while (pipeline.next(batch)) {
      const std::string& path = todo[batch.file_index];
      for (std::size_t i = 0; i < batch.records.size(); ++i) apply(batch.records[i], batch.analyzed[i], file_stats, on_warning);
      progress.file_index = batch.file_index;
      progress.file = path;
      progress.file_done = batch.end_of_file;
      progress.bytes_done = bytes_before_file + batch.progress.compressed_bytes;
      progress.uncompressed_bytes = summary.uncompressed_bytes + batch.progress.uncompressed_bytes;
      if (batch.end_of_file) {
        file_stats.name = base_name(path);
        file_stats.size_bytes = sizes[batch.file_index];
        progress.articles += file_stats.articles;
        progress.deletions += file_stats.deletions;
        progress.skipped += file_stats.skipped;
        pending_files_.push_back(file_stats);
        file_stats = {};
        summary.uncompressed_bytes += batch.progress.uncompressed_bytes;
        summary.compressed_bytes += sizes[batch.file_index];
        bytes_before_file += sizes[batch.file_index];
        ++summary.files_applied;
        if (open_ && open_->size() >= options_.checkpoint_docs) commit();
      }
      const auto now = Clock::now();
      if (on_progress && (batch.end_of_file || now - last_report > std::chrono::milliseconds(200))) {
        IngestProgress shown = progress;
        shown.articles += file_stats.articles;
        shown.deletions += file_stats.deletions;
        shown.skipped += file_stats.skipped;
        shown.elapsed_seconds = std::chrono::duration<double>(now - start).count();
        on_progress(shown);
        last_report = now;
      }
    }
  } catch (const Error& e) {
    throw Error(e.code(), std::string(e.what()) + " [the index keeps its last commit: " +
                              std::to_string(manifest_.files.size()) +
                              " files applied in all; re-running the same command resumes after them]");
  }
  commit();
  summary.totals = run_totals_;
  if (worth_compacting()) {
    compact();
    summary.compacted = true;
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.live_count = manifest_.live_count;
  return summary;
}

CompactSummary Indexer::State::compact() {
  const auto start = Clock::now();
  CompactSummary summary;
  summary.segments_before = manifest_.segments.size();
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  next.segments.clear();
  next.deletions_file.clear();
  next.doc_count = 0;
  {
    const IndexReader reader(dir_);
    VectorCarrier vectors(dir_, manifest_);
    std::unique_ptr<SegmentBuilder> builder;
    lexical::AnalyzedDocument analyzed;
    auto flush = [&] {
      if (!builder) return;
      builder->finish();
      vectors.finish_segment();
      next.segments.push_back({builder->name(), builder->doc_base(), builder->size()});
      next.doc_count += builder->size();
      builder.reset();
    };
    for (std::uint32_t d = 0; d < reader.doc_count(); ++d) {
      if (!reader.is_live(DocId(d))) {
        ++summary.dropped;
        continue;
      }
      if (!builder) {
        const std::string name = segment_name(generation) + "-" + std::to_string(next.segments.size() + 1);
        builder = std::make_unique<SegmentBuilder>(dir_, name, next.doc_count);
        vectors.begin_segment(name);
      }
      const Article article = reader.article(DocId(d));
      analyzer_.analyze(article, analyzed);
      builder->add(article, analyzed);
      vectors.add(DocId(d));
      ++summary.documents;
      if (builder->size() >= options_.checkpoint_docs) flush();
    }
    flush();
  }
  next.live_count = next.doc_count;
  store::save_manifest(dir_, next);  // the commit point
  manifest_ = std::move(next);
  deleted_ = store::DeletionSet();
  committed_.clear();
  for (const store::SegmentInfo& info : manifest_.segments) {
    committed_.push_back({info.doc_base, std::make_unique<store::IdMapReader>(ids_path(dir_, info.name))});
  }
  remove_unreferenced_files();
  summary.segments_after = manifest_.segments.size();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

Indexer::Indexer(std::string dir, IngestOptions options) : state_(std::make_unique<State>(std::move(dir), options)) {}
Indexer::~Indexer() = default;

CompactSummary Indexer::compact() { return state_->compact(); }

IngestSummary Indexer::ingest(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                              const WarningCallback& on_warning) {
  return state_->run(files, on_progress, on_warning);
}

}  // namespace medsearch::engine
