// `medsearch sync`: keeps an index root (engine/index/index_root.hpp) in step with NLM's
// baseline and daily update files (docs/sync.md, docs/decisions/0013-sync.md).
//
//   1. List the source's baseline/ and updatefiles/ and plan (sync_plan.hpp): the newest
//      baseline series, and its files the target generation's manifest lacks, in NLM's order.
//   2. In chunks of `chunk_files`: stage each file (download with resume, md5 check:
//      staged_download.hpp) into ROOT/downloads/, then apply the chunk with engine::Indexer
//      into ROOT/<series>/ and delete the staged copies.
//   3. A new series (a new yearly baseline) is built beside the current generation, which
//      keeps serving; once every listed file of it is applied, ROOT/current is switched to
//      it by rename(2). Older generations are removed by the next run.
//
// What is applied is the manifest's record of applied files (no second record): a run
// killed at any point resumes, re-downloading no verified file and re-applying no
// committed one. One sync at a time per root (flock on ROOT/LOCK: Error(Unavailable)).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/sync/mirror.hpp"
#include "medsearch/engine/sync/sync_plan.hpp"

namespace medsearch::engine::sync {

struct SyncOptions {
  std::string root;    // the index root (created if missing)
  std::string source;  // URL or directory (mirror.hpp)
  bool dry_run = false;  // plan and report; download and change nothing
  std::size_t chunk_files = 16;  // files staged, then applied, at a time (bounds staging disk)
  MirrorOptions mirror;
  IngestOptions ingest;  // since_year, threads, ...
};

// A download in progress: file i of n (0-based), bytes of it so far and its size (0: unknown).
struct DownloadProgress {
  std::size_t file_index = 0;
  std::size_t file_count = 0;
  std::string name;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};

struct SyncCallbacks {
  std::function<void(const std::string&)> on_log;      // one line per step (plan, file staged, switch)
  std::function<void(const std::string&)> on_warning;  // retries, held-back files, skipped records
  std::function<void(const DownloadProgress&)> on_download;
  ProgressCallback on_ingest;  // per chunk: file_index and file_count count within the chunk
};

struct SyncSummary {
  SyncPlan plan;
  std::string generation_dir;     // ROOT/<series>
  std::size_t files_downloaded = 0;
  std::size_t files_staged_before = 0;  // verified by an earlier, interrupted run
  std::uint64_t bytes_downloaded = 0;
  std::size_t md5_failures = 0;         // files downloaded again after a failed check
  std::size_t files_applied = 0;
  store::IngestTotals totals;           // what this run applied
  std::uint64_t live_count = 0;         // documents in the target generation after the run
  bool switched = false;                // ROOT/current now names plan.series (it did not before)
  std::vector<std::string> removed_generations;
  double download_seconds = 0;
  double apply_seconds = 0;
  double seconds = 0;
  // Every listed file of the series is applied (and current names it).
  bool complete() const { return !plan.held_back; }
};

// Throws Error naming the URL or file at fault; what was committed before stays, and a
// re-run resumes. Error(InvalidArgument) when `root` is a plain index directory.
SyncSummary run_sync(const SyncOptions& options, const SyncCallbacks& callbacks);

}  // namespace medsearch::engine::sync
