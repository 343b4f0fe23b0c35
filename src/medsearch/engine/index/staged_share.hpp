// Input files indexed away from the index's writer (by the ranks of an MPI job,
// distributed_ingest.hpp) into a staging directory, to be applied later by the writer in
// file order (Indexer::apply_staged), exactly as if it had read them itself.
//
// One share is one input file: its segment, written by the same FileBatch worker code a
// single-process ingest uses ("<file name>.docs|.ids|.cols|.lex", absent when the file held
// no article), and its log ("<file name>.share": the file's RecordOps in file order, its
// counts and skip notes). The log is written last (footer with CRC-32, temporary name,
// fsync, rename, after the segment's files are renamed and the directory synced), so a
// present log that passes its checks names a complete share; anything else is redone.
// A log is valid only for the same file (name and size) and the same --since and --format.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/index/file_batch.hpp"
#include "medsearch/ingest/record_source.hpp"

namespace medsearch::engine {

// What the options of a staged share must match to be reused.
struct StagingKey {
  std::uint16_t since_year = 0;
  ingest::InputFormat format = ingest::InputFormat::Auto;
};

struct StagedShare {
  FileOutcome outcome;   // stats (name, size, counts), uncompressed bytes, skip notes
  std::string segment;   // staged segment name ("" when no article)
  std::uint32_t segment_size = 0;
  WorkerOutput log;      // ops, filtered_by_since, skipped (its segment pointer is null)
};

// The staging directory of an index directory (resolved): "<index>/ingest-staging".
std::string staging_dir_of(const std::string& index_dir);

// The share of `file` staged in `staging_dir`, or nullopt when there is none, or one for
// another file size or key, or a damaged one.
std::optional<StagedShare> read_staged_share(const std::string& staging_dir, const std::string& file, const StagingKey& key);

// Indexes each of `files` that has no valid staged share into one, `threads` files at a
// time (one FileBatch worker each). `stager` names this process's temporary segments and
// must differ between processes staging into one directory at once (an MPI rank number).
// Calls `on_staged(file, newly)` after each file is staged (newly = false: it was
// already). Throws the first file's error (shares finished before it stay staged).
void stage_files(const std::string& staging_dir, const std::vector<std::string>& files, const StagingKey& key,
                 unsigned threads, const std::string& stager, const std::function<void(const std::string&, bool)>& on_staged);

// Removes the staged share of `file` (its log first, so no valid log outlives its segment).
void remove_staged_share(const std::string& staging_dir, const std::string& file);

}  // namespace medsearch::engine
