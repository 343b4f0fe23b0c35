#include "medsearch/engine/index/indexer.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <unordered_map>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/dead_documents_builder.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/file_batch.hpp"
#include "medsearch/engine/index/segment_builder.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/engine/index/segment_merger.hpp"
#include "medsearch/engine/index/staged_share.hpp"
#include "medsearch/engine/index/vector_carrier.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/deletion_set.hpp"
#include "medsearch/store/file_footer.hpp"
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

}  // namespace

// The writer's working state: the manifest as of the last commit plus what the batch being
// applied has changed (the deletion set, the pending file records and totals).
class Indexer::State {
 public:
  State(const std::string& dir, IngestOptions options) : dir_(resolve_index_dir(dir)), options_(std::move(options)) {
    fs::create_directories(dir_);
    lock_ = std::make_unique<store::IndexLock>(dir_);
    if (auto manifest = store::load_manifest(dir_)) manifest_ = std::move(*manifest);
    if (!manifest_.deletions_file.empty()) {
      deleted_ = store::DeletionSet::load(dir_ + "/" + manifest_.deletions_file);
      // The dead documents' statistics as the last commit saved them (an index from before
      // the .stats file: as IndexReader computes them).
      const std::string stats = dir_ + "/" + dead_stats_name(manifest_.deletions_file);
      dead_ = fs::exists(stats) ? lexical::DeadDocuments::load(stats) : IndexReader(dir_).dead_documents();
    }
    open_committed_ids();
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
  // The merge running in the background, at most one (segment_merger.hpp).
  struct RunningMerge {
    std::vector<store::SegmentInfo> inputs;
    std::string output;
    std::future<store::SegmentInfo> result;
  };
  // A segment of the batch being applied, placed in the DocId space.
  struct PlacedSegment {
    std::string name;
    std::uint32_t size;
    std::uint32_t doc_base;
  };
  // A segment written by a batch worker or staged by another process (staged_share.hpp),
  // with the log of the records of its files: null segment when they held no article.
  struct Piece {
    std::string segment;
    std::uint32_t size = 0;
    const WorkerOutput* log = nullptr;
  };

  void open_committed_ids();
  std::optional<std::uint32_t> find_live(const std::string& id) const;
  void replay(const WorkerOutput& worker, std::uint32_t doc_base);
  // Indexes files [first, end) of `todo` as one batch and commits it; throws naming the
  // first file that failed (nothing of the batch is committed then).
  void apply_batch(const std::vector<std::string>& todo, const std::vector<std::uint64_t>& sizes, std::size_t first,
                   std::size_t end, const std::function<void(const std::vector<FileOutcome>&, std::size_t)>& on_tick,
                   const WarningCallback& on_warning, IngestSummary& summary);
  // Places `pieces` end to end after the last DocId, replays their logs in order, records
  // `outcomes` (their files) and commits: the one way a batch's work enters the index.
  void place_and_commit(const std::vector<Piece>& pieces, const std::vector<FileOutcome>& outcomes,
                        const WarningCallback& on_warning, IngestSummary& summary);
  void commit(const std::vector<PlacedSegment>& segments);
  // The files of `files` not yet applied (all with reapply), with their sizes; the others
  // are listed in summary.files_already_applied (and warned about when `on_warning`).
  void select_files(const std::vector<std::string>& files, const WarningCallback& on_warning, IngestSummary& summary,
                    std::vector<std::string>& todo, std::vector<std::uint64_t>& sizes) const;
  // The end of every run: due merges finished, compaction when due, the summary's totals.
  void finish_run(IngestSummary& summary, Clock::time_point start);
 public:
  IngestSummary apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                             const WarningCallback& on_warning);
  std::vector<std::string> files_to_apply(const std::vector<std::string>& files, const WarningCallback& on_warning) const {
    IngestSummary ignored;
    std::vector<std::string> todo;
    std::vector<std::uint64_t> sizes;
    select_files(files, on_warning, ignored, todo, sizes);
    return todo;
  }
 private:
  void remove_unreferenced_files() const;
  // Starts the merge the policy chooses, if none is running and one is due.
  void start_merge_if_due();
  // Installs the running merge when it has finished (or, with `wait`, once it has): a
  // commit of its own that replaces the inputs by the merged segment.
  void finish_merge(bool wait, IngestMerges& merges);

  std::string dir_;
  IngestOptions options_;
  std::unique_ptr<store::IndexLock> lock_;
  lexical::DocumentAnalyzer analyzer_;  // shared by the batch workers
  store::Manifest manifest_;  // last committed state, plus pending totals
  store::DeletionSet deleted_;
  // The dead documents' share of the ranking statistics as of the last commit, and the
  // documents killed since (added to it at the next commit).
  lexical::DeadDocuments dead_;
  std::vector<std::uint32_t> newly_dead_;
  std::vector<CommittedIds> committed_;
  // The batch's newest DocId per id, as the replay has applied it so far.
  std::unordered_map<std::string, std::uint32_t> batch_latest_;
  std::vector<store::IngestedFile> pending_files_;
  store::IngestTotals pending_;     // applied since the last commit
  store::IngestTotals run_totals_;  // committed by this run
  std::map<std::string, int> warned_;  // skip warnings shown, by reason (5 each at most)
  std::optional<RunningMerge> merge_;
};

void Indexer::State::start_merge_if_due() {
  if (merge_) return;
  std::vector<std::uint32_t> sizes;
  for (const store::SegmentInfo& s : manifest_.segments) sizes.push_back(s.doc_count);
  const std::optional<MergeRun> run = choose_merge(sizes, merge_groups(dir_, manifest_), options_.merge_policy);
  if (!run) return;
  RunningMerge merge;
  merge.inputs.assign(manifest_.segments.begin() + run->first, manifest_.segments.begin() + run->first + run->count);
  merge.output = segment_name(manifest_.generation + 1) + "-merged";
  merge.result = std::async(std::launch::async, [dir = dir_, inputs = merge.inputs, output = merge.output] {
    return merge_segments(dir, inputs, output);
  });
  merge_ = std::move(merge);
}

void Indexer::State::finish_merge(bool wait, IngestMerges& merges) {
  if (!merge_) return;
  if (!wait && merge_->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  RunningMerge merge = std::move(*merge_);
  merge_.reset();
  const store::SegmentInfo merged = merge.result.get();  // rethrows the merge's error
  store::Manifest next = manifest_;
  next.generation = manifest_.generation + 1;
  auto first = std::find_if(next.segments.begin(), next.segments.end(),
                            [&](const store::SegmentInfo& s) { return s.name == merge.inputs.front().name; });
  // Only merges remove segments, one at a time, so the inputs are still there in order.
  if (first == next.segments.end() || next.segments.end() - first < static_cast<std::ptrdiff_t>(merge.inputs.size())) {
    throw Error(ErrorCode::Corrupt, dir_ + "/manifest.json: the segments being merged are no longer in it");
  }
  first = next.segments.erase(first, first + static_cast<std::ptrdiff_t>(merge.inputs.size()));
  next.segments.insert(first, merged);
  store::save_manifest(dir_, next);  // the commit point
  manifest_ = std::move(next);
  open_committed_ids();
  remove_unreferenced_files();
  ++merges.merges;
  merges.documents += merged.doc_count;
}

void Indexer::State::open_committed_ids() {
  committed_.clear();
  for (const store::SegmentInfo& info : manifest_.segments) {
    committed_.push_back({info.doc_base, std::make_unique<store::IdMapReader>(ids_path(dir_, info.name))});
  }
}

std::optional<std::uint32_t> Indexer::State::find_live(const std::string& id) const {
  // A version in this batch is newer than every committed one, and when it was added
  // every older version was marked dead: if it is dead too, none is live.
  if (const auto it = batch_latest_.find(id); it != batch_latest_.end()) {
    if (deleted_.contains(it->second)) return std::nullopt;
    return it->second;
  }
  for (auto it = committed_.rbegin(); it != committed_.rend(); ++it) {
    const std::vector<std::uint32_t> locals = it->ids->find(id);
    for (auto local = locals.rbegin(); local != locals.rend(); ++local) {
      if (!deleted_.contains(it->doc_base + *local)) return it->doc_base + *local;
    }
  }
  return std::nullopt;
}

void Indexer::State::replay(const WorkerOutput& worker, std::uint32_t doc_base) {
  // The sequential semantics, applied record by record in file order: an article replaces
  // the live version of its id, a deletion removes it, and so does a version that --since
  // filtered out (the citation's current version is out of range: no version stays live).
  for (const RecordOp& op : worker.ops) {
    const std::optional<std::uint32_t> old = find_live(op.id);
    if (old) {
      deleted_.insert(*old);
      newly_dead_.push_back(*old);
    }
    switch (op.kind) {
      case RecordOp::Kind::Article:
        if (old) ++pending_.replacements;
        batch_latest_[op.id] = doc_base + op.local;
        ++pending_.articles_added;
        break;
      case RecordOp::Kind::Deletion:
        ++(old ? pending_.deletions_applied : pending_.deletions_unknown);
        break;
      case RecordOp::Kind::Filtered:
        if (old) ++pending_.removed_by_since;
        break;
    }
  }
  pending_.filtered_by_since += worker.filtered_by_since;
  for (const auto& [reason, n] : worker.skipped) pending_.skipped[reason] += n;
}

void Indexer::State::commit(const std::vector<PlacedSegment>& segments) {
  // Every change since the last commit comes with the file that made it.
  if (pending_files_.empty() && segments.empty()) return;
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  for (const PlacedSegment& s : segments) {
    next.segments.push_back({s.name, s.doc_base, s.size});
    next.doc_count += s.size;
  }
  if (deleted_.count() > 0) {
    next.deletions_file = deletions_name(generation);
    deleted_.save(dir_ + "/" + next.deletions_file);
    // Correct the ranking statistics at the commit that kills documents (docs/ranking.md).
    add_dead_documents(dir_, next.segments, std::move(newly_dead_), analyzer_, dead_);
    dead_.save(dir_ + "/" + dead_stats_name(next.deletions_file));
  }
  newly_dead_.clear();
  next.live_count = next.doc_count - deleted_.count();
  next.totals.add(pending_);
  next.files.insert(next.files.end(), pending_files_.begin(), pending_files_.end());
  store::save_manifest(dir_, next);  // the commit point

  manifest_ = std::move(next);
  for (const PlacedSegment& s : segments) {
    committed_.push_back({s.doc_base, std::make_unique<store::IdMapReader>(ids_path(dir_, s.name))});
  }
  pending_files_.clear();
  run_totals_.add(pending_);
  pending_ = {};
  remove_unreferenced_files();
}

void Indexer::State::remove_unreferenced_files() const {
  // Leftovers of an interrupted run or of superseded commits: segment and deletion files
  // the manifest does not name, and temporary files. Nothing else in DIR is touched.
  std::set<std::string> keep, kept_segments;
  for (const store::SegmentInfo& s : manifest_.segments) {
    // .vec*: the segment's dense vectors (engine/embedding_job.hpp), finished or partial.
    for (std::string& name : segment_file_names(s.name)) keep.insert(std::move(name));
    kept_segments.insert(s.name);
  }
  if (!manifest_.deletions_file.empty()) {
    keep.insert(manifest_.deletions_file);
    keep.insert(dead_stats_name(manifest_.deletions_file));
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.starts_with("seg-") || name.starts_with("deleted-") || name.ends_with(".tmp");
    const bool being_merged = merge_ && name.starts_with(merge_->output + ".");
    const auto part = parse_partial_vectors_name(name);  // S.vec.partial-N: rows of a kept S
    const bool kept_part = part && kept_segments.contains(part->segment);
    if (ours && !keep.contains(name) && !kept_part && !being_merged) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

void Indexer::State::apply_batch(const std::vector<std::string>& todo, const std::vector<std::uint64_t>& sizes,
                                 std::size_t first, std::size_t end,
                                 const std::function<void(const std::vector<FileOutcome>&, std::size_t)>& on_tick,
                                 const WarningCallback& on_warning, IngestSummary& summary) {
  FileBatchSettings settings;
  settings.dir = dir_;
  settings.segment_prefix = segment_name(manifest_.generation + 1);
  settings.format = options_.format;
  settings.since_year = options_.since_year;
  settings.analyzer = &analyzer_;
  settings.before_record = options_.before_record;
  FileBatch batch(settings, std::vector<std::string>(todo.begin() + first, todo.begin() + end),
                  std::vector<std::uint64_t>(sizes.begin() + first, sizes.begin() + end), options_.threads);
  const std::size_t failed = batch.run([&](const std::vector<FileOutcome>& outcomes) { on_tick(outcomes, first); });
  if (failed < end - first) {
    try {
      std::rethrow_exception(batch.outcomes()[failed].error);
    } catch (const Error& e) {
      throw Error(e.code(), std::string(e.what()) + " [the index keeps its last commit: " +
                                std::to_string(manifest_.files.size()) +
                                " files applied in all; re-running the same command resumes after them]");
    }
  }

  std::vector<Piece> pieces;
  for (const WorkerOutput& worker : batch.workers()) {
    // none: no article in its files
    pieces.push_back({worker.segment ? worker.segment->name() : "", worker.segment ? worker.segment->size() : 0, &worker});
  }
  place_and_commit(pieces, batch.outcomes(), on_warning, summary);
}

void Indexer::State::place_and_commit(const std::vector<Piece>& pieces, const std::vector<FileOutcome>& outcomes,
                                      const WarningCallback& on_warning, IngestSummary& summary) {
  // Place the segments end to end (file order) and replay their logs.
  std::vector<PlacedSegment> placed;
  std::uint64_t doc_base = manifest_.doc_count;
  batch_latest_.clear();
  for (const Piece& piece : pieces) {
    if (doc_base + piece.size >= UINT32_MAX) throw Error(ErrorCode::Unavailable, dir_ + ": index is full (2^32-1 documents)");
    replay(*piece.log, static_cast<std::uint32_t>(doc_base));
    if (piece.size > 0) placed.push_back({piece.segment, piece.size, static_cast<std::uint32_t>(doc_base)});
    doc_base += piece.size;
  }
  batch_latest_.clear();
  for (const FileOutcome& outcome : outcomes) {
    pending_files_.push_back(outcome.stats);
    summary.uncompressed_bytes += outcome.progress.uncompressed_bytes;
    summary.compressed_bytes += outcome.stats.size_bytes;
    ++summary.files_applied;
    for (const SkipNote& note : outcome.skip_notes) {
      if (warned_[note.reason]++ < 5 && on_warning) on_warning("skipped record (" + note.reason + "): " + note.detail);
    }
  }
  commit(placed);
}

IngestSummary Indexer::State::run(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                                  const WarningCallback& on_warning) {
  const auto start = Clock::now();
  IngestSummary summary;
  std::vector<std::string> todo;
  std::vector<std::uint64_t> sizes;
  select_files(files, on_warning, summary, todo, sizes);
  std::uint64_t bytes_total = 0;
  for (const std::uint64_t size : sizes) bytes_total += size;

  // Progress over all batches: what finished batches read, plus the running batch.
  IngestProgress done;  // counts of the batches already committed
  done.file_count = todo.size();
  done.bytes_total = bytes_total;
  std::vector<bool> reported(todo.size(), false);
  auto last_report = Clock::now();
  auto on_tick = [&](const std::vector<FileOutcome>& outcomes, std::size_t first) {
    IngestProgress now = done;
    std::vector<std::size_t> newly_finished;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const FileOutcome& o = outcomes[i];
      now.bytes_done += o.finished ? o.stats.size_bytes : std::min(o.progress.compressed_bytes, o.stats.size_bytes);
      now.uncompressed_bytes += o.progress.uncompressed_bytes;
      now.articles += o.stats.articles;
      now.deletions += o.stats.deletions;
      now.skipped += o.stats.skipped;
      if (o.finished && !o.error && !reported[first + i]) newly_finished.push_back(first + i);
      if (o.progress.compressed_bytes > 0) now.file_index = first + i, now.file = todo[first + i];
    }
    const auto clock = Clock::now();
    now.elapsed_seconds = std::chrono::duration<double>(clock - start).count();
    if (!on_progress) return;
    for (const std::size_t f : newly_finished) {
      reported[f] = true;
      IngestProgress shown = now;
      shown.file_index = f;
      shown.file = todo[f];
      shown.file_done = true;
      on_progress(shown);
      last_report = clock;
    }
    if (newly_finished.empty() && clock - last_report > std::chrono::milliseconds(200)) {
      on_progress(now);
      last_report = clock;
    }
  };

  // Batches of consecutive files holding about checkpoint_docs documents, estimated from
  // the documents per compressed byte seen so far (before any: one file per thread).
  double docs_per_byte = 0;
  const unsigned threads = std::max(1u, options_.threads);
  for (std::size_t first = 0; first < todo.size();) {
    std::size_t end = first + 1;
    double estimate = static_cast<double>(sizes[first]) * docs_per_byte;
    for (; end < todo.size(); ++end) {
      const double more = static_cast<double>(sizes[end]) * docs_per_byte;
      if (docs_per_byte == 0 ? end - first >= threads : estimate + more > options_.checkpoint_docs) break;
      estimate += more;
    }
    const std::uint64_t articles_before = done.articles;
    apply_batch(todo, sizes, first, end, on_tick, on_warning, summary);
    std::uint64_t batch_bytes = 0;
    for (std::size_t f = first; f < end; ++f) {
      const store::IngestedFile& stats = manifest_.files[manifest_.files.size() - (end - f)];
      done.articles += stats.articles;
      done.deletions += stats.deletions;
      done.skipped += stats.skipped;
      batch_bytes += sizes[f];
    }
    done.bytes_done += batch_bytes;
    finish_merge(false, summary.merges);
    start_merge_if_due();
    done.uncompressed_bytes = summary.uncompressed_bytes;
    if (done.articles > articles_before && batch_bytes > 0) {
      docs_per_byte = static_cast<double>(done.articles) / static_cast<double>(done.bytes_done);
    }
    first = end;
  }
  finish_run(summary, start);
  return summary;
}

void Indexer::State::select_files(const std::vector<std::string>& files, const WarningCallback& on_warning,
                                  IngestSummary& summary, std::vector<std::string>& todo,
                                  std::vector<std::uint64_t>& sizes) const {
  // Those not yet recorded in the manifest (name and size).
  std::set<std::pair<std::string, std::uint64_t>> applied;
  for (const store::IngestedFile& f : manifest_.files) applied.insert({f.name, f.size_bytes});
  for (const std::string& path : files) {
    const std::uint64_t size = file_size_or_throw(path);
    if (!options_.reapply && !applied.insert({base_name(path), size}).second) {
      summary.files_already_applied.push_back(path);
      if (on_warning) on_warning(path + ": already applied to this index, skipped (use --reapply to apply it again)");
      continue;
    }
    todo.push_back(path);
    sizes.push_back(size);
  }
}

void Indexer::State::finish_run(IngestSummary& summary, Clock::time_point start) {
  // Finish the merges due before returning, so every run leaves a bounded segment count.
  const auto merges_start = Clock::now();
  for (;;) {
    finish_merge(true, summary.merges);
    start_merge_if_due();
    if (!merge_) break;
  }
  summary.merges.wait_seconds = std::chrono::duration<double>(Clock::now() - merges_start).count();
  summary.totals = run_totals_;
  if (worth_compacting()) {
    compact();
    summary.compacted = true;
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.live_count = manifest_.live_count;
  summary.segments = manifest_.segments.size();
}

IngestSummary Indexer::State::apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                                           const WarningCallback& on_warning) {
  const auto start = Clock::now();
  IngestSummary summary;
  std::vector<std::string> todo;
  std::vector<std::uint64_t> sizes;
  select_files(files, {}, summary, todo, sizes);
  const StagingKey key{options_.since_year, options_.format};
  // Shares in file order, committed in batches of about checkpoint_docs documents (as
  // run() commits), each share's segment linked into the index under a new name.
  for (std::size_t first = 0; first < todo.size();) {
    std::vector<StagedShare> shares;
    std::uint64_t docs = 0;
    std::size_t end = first;
    for (; end < todo.size() && (end == first || docs < options_.checkpoint_docs); ++end) {
      std::optional<StagedShare> share = read_staged_share(staging_dir, todo[end], key);
      if (!share) {
        throw Error(ErrorCode::NotFound, todo[end] + ": not staged in " + staging_dir + " [the index keeps its last commit: " +
                                             std::to_string(manifest_.files.size()) +
                                             " files applied in all; re-running the same command stages and applies the rest]");
      }
      docs += share->segment_size;
      shares.push_back(std::move(*share));
    }
    const std::string prefix = segment_name(manifest_.generation + 1);
    std::vector<Piece> pieces;
    std::vector<FileOutcome> outcomes;
    for (StagedShare& share : shares) {
      std::string name;
      if (!share.segment.empty()) {
        name = prefix + "-" + std::to_string(pieces.size() + 1);
        // A link, not a move: until the commit below, the staged share stays whole (an
        // interrupted combine leaves links the next writer removes as unreferenced).
        for (const auto& [from, to] : {std::pair{docs_path(staging_dir, share.segment), docs_path(dir_, name)},
                                       std::pair{ids_path(staging_dir, share.segment), ids_path(dir_, name)},
                                       std::pair{columns_path(staging_dir, share.segment), columns_path(dir_, name)},
                                       std::pair{lexical_path(staging_dir, share.segment), lexical_path(dir_, name)}}) {
          std::error_code link_error;
          fs::create_hard_link(from, to, link_error);
          if (link_error) fs::copy_file(from, to, fs::copy_options::overwrite_existing);  // a filesystem without links
        }
      }
      pieces.push_back({name, share.segment_size, &share.log});
      outcomes.push_back(share.outcome);
    }
    store::sync_directory(dir_);
    place_and_commit(pieces, outcomes, on_warning, summary);
    for (std::size_t f = first; f < end; ++f) remove_staged_share(staging_dir, todo[f]);
    finish_merge(false, summary.merges);
    start_merge_if_due();
    first = end;
  }
  finish_run(summary, start);
  return summary;
}

CompactSummary Indexer::State::compact() {
  const auto start = Clock::now();
  CompactSummary summary;
  summary.segments_before = manifest_.segments.size();
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  ++next.docid_epoch;  // compaction renumbers DocIds
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
      next.segments.push_back({builder->name(), static_cast<std::uint32_t>(next.doc_count), builder->size()});
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
        builder = std::make_unique<SegmentBuilder>(dir_, name);
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
  dead_ = lexical::DeadDocuments();
  newly_dead_.clear();
  open_committed_ids();
  remove_unreferenced_files();
  summary.segments_after = manifest_.segments.size();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

Indexer::Indexer(std::string dir, IngestOptions options) : state_(std::make_unique<State>(std::move(dir), options)) {}
Indexer::~Indexer() = default;

CompactSummary Indexer::compact() { return state_->compact(); }

std::vector<std::string> Indexer::files_to_apply(const std::vector<std::string>& files, const WarningCallback& on_warning) const {
  return state_->files_to_apply(files, on_warning);
}

IngestSummary Indexer::apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                                    const WarningCallback& on_warning) {
  return state_->apply_staged(files, staging_dir, on_warning);
}

IngestSummary Indexer::ingest(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                              const WarningCallback& on_warning) {
  return state_->run(files, on_progress, on_warning);
}

}  // namespace medsearch::engine
