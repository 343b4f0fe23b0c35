// What a sync must do, decided from the mirror's two listings and the index root's state.
// A pure function: the Syncer (syncer.hpp) does the I/O around it.
//
// Rules (docs/decisions/0013-sync.md):
// - The target series is the newest baseline series listed ("pubmed26" < "pubmed27", by
//   the two-digit year). Update files of other series are ignored.
// - Files are applied in NLM's order: the series' baseline files by number, then its
//   update files by number, whatever order the listings show them in.
// - A file whose .md5 is not listed, or a gap in the numbering (baseline from 0001, updates
//   contiguous), holds back that file and every later one: they wait for a later sync
//   (NLM may still be uploading). Files before it are applied.
// - Files recorded in the target generation's manifest are already applied.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "medsearch/engine/sync/nlm_files.hpp"

namespace medsearch::engine::sync {

enum class FileKind { Baseline, Update };

struct PlannedFile {
  NlmFileName file;
  FileKind kind = FileKind::Baseline;
  std::string path() const { return (kind == FileKind::Baseline ? "baseline/" : "updatefiles/") + file.name; }
};

struct SyncPlan {
  std::string series;                  // the target series; the generation directory's name
  bool new_series = false;             // not the root's current generation: a new baseline
  std::vector<PlannedFile> todo;       // not yet applied, in the order to apply them
  std::size_t already_applied = 0;     // files of the series the index has
  std::optional<std::string> held_back;  // why the files after `todo` wait, naming the first
};

// `baseline_listing`, `update_listing`: file names as listed (parse_listing or a directory
// read), md5 files included. `current_series`: the root's current generation, empty for
// none. `applied`: names the target series' manifest records (empty when there is none).
// Throws Error(NotFound) when the baseline listing names no data file.
SyncPlan plan_sync(const std::vector<std::string>& baseline_listing, const std::vector<std::string>& update_listing,
                   const std::string& current_series, const std::set<std::string>& applied);

// Only the target series, for a caller that must know it before reading a manifest.
std::string newest_series(const std::vector<std::string>& baseline_listing);

}  // namespace medsearch::engine::sync
