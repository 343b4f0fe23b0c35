// Indexer::State, the writer behind engine::Indexer (indexer.hpp): private to the indexer's
// source files, which implement it by concern:
//   indexer.cpp          opening, ingest runs (batches of files, progress, the run's end)
//   indexer_commit.cpp   the replay of record logs in file order and the manifest commits
//   indexer_staged.cpp   applying shares staged by other processes (`mpirun … ingest`)
//   indexer_merges.cpp   background merges and compaction
// Not thread-safe: one thread drives it; the batch workers (file_batch.hpp) and the merge
// (segment_merger.hpp) run beside it and hand their results back to that thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "medsearch/engine/index/file_batch.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/lexical/dead_documents.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/deletion_set.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

// The writer's working state: the manifest as of the last commit plus what the batch being
// applied has changed (the deletion set, the pending file records and totals).
class Indexer::State {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes the writer lock and opens the last commit; removes the leftovers of interrupted runs.
  State(const std::string& dir, IngestOptions options);

  IngestSummary run(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                    const WarningCallback& on_warning);
  CompactSummary compact(bool add_pair_words = false);
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
    bool word_pairs;  // holds the word-pair keys of manifest_.pair_words
  };
  // A segment written by a batch worker or staged by another process (staged_share.hpp),
  // with the log of the records of its files: null segment when they held no article.
  struct Piece {
    std::string segment;
    std::uint32_t size = 0;
    const WorkerOutput* log = nullptr;
    bool word_pairs = false;  // analysed with the index's pair words (not a staged share)
  };

  // The first ingest into an empty index: pair words from a sample of `todo`.
  void choose_pair_words_if_new(const std::vector<std::string>& todo);
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

}  // namespace medsearch::engine
