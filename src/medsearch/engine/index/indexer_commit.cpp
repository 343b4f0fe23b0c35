// Indexer::State (indexer_state.hpp): the replay of each batch's record logs in file order
// (updates and deletions), and the manifest commits; the cleanup of unreferenced files.
#include "medsearch/engine/index/indexer_state.hpp"

#include <filesystem>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/dead_documents_builder.hpp"
#include "medsearch/engine/index/segment_files.hpp"

namespace medsearch::engine {

namespace fs = std::filesystem;

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

void Indexer::State::place_and_commit(const std::vector<Piece>& pieces, const std::vector<FileOutcome>& outcomes,
                                      const WarningCallback& on_warning, IngestSummary& summary) {
  // Place the segments end to end (file order) and replay their logs.
  std::vector<PlacedSegment> placed;
  std::uint64_t doc_base = manifest_.doc_count;
  batch_latest_.clear();
  for (const Piece& piece : pieces) {
    if (doc_base + piece.size >= UINT32_MAX) throw Error(ErrorCode::Unavailable, dir_ + ": index is full (2^32-1 documents)");
    replay(*piece.log, static_cast<std::uint32_t>(doc_base));
    if (piece.size > 0) placed.push_back({piece.segment, piece.size, static_cast<std::uint32_t>(doc_base), piece.word_pairs});
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

void Indexer::State::commit(const std::vector<PlacedSegment>& segments) {
  // Every change since the last commit comes with the file that made it.
  if (pending_files_.empty() && segments.empty()) return;
  const std::uint64_t generation = manifest_.generation + 1;
  store::Manifest next = manifest_;
  next.generation = generation;
  for (const PlacedSegment& s : segments) {
    next.segments.push_back({s.name, s.doc_base, s.size, s.word_pairs});
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

}  // namespace medsearch::engine
