// Builds and updates an index directory from input files (engine API for `medsearch ingest`).
//
// Files are indexed on `threads` workers, each into its own segment (engine/index/file_batch.hpp),
// but their records take effect strictly in the order the files were given, as NLM
// requires for the baseline followed by the update files: a later version of an id
// replaces the earlier one (which is marked dead), a DeleteCitation removes only earlier
// versions. Every record gets the next DocId in file order, whatever the thread count or
// timing (the index is the same with 1 thread or 16); DocIds are never reused.
//
// Durability: files are applied in batches of about `checkpoint_docs` documents (estimated
// from the documents per byte seen so far), and each batch is committed when its workers
// have finished: the batch's segments are the unit of commit. A commit writes new immutable
// files and then switches manifest.json atomically. An error, Ctrl-C or kill -9 loses
// only the uncommitted tail: the index stays valid at its last commit, and a re-run skips
// the files already recorded in the manifest (same name and size), so it resumes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/engine/index/merge_policy.hpp"
#include "medsearch/ingest/record_source.hpp"
#include "medsearch/lexical/word_pairs.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

struct IngestOptions {
  std::uint16_t since_year = 0;  // keep citations published in this year or later; 0 keeps all
  unsigned threads = 1;          // worker threads (each parses, analyses and writes its own segment)
  ingest::InputFormat format = ingest::InputFormat::Auto;
  // How the first ingest into an empty index chooses its pair words (word-pair keys for
  // phrases, lexical/word_pairs.hpp; max_words = 0: none). Ignored once the index exists.
  lexical::PairWordsChoice pair_words;
  // Documents per batch (and so per commit; about the documents held in memory at once).
  std::uint32_t checkpoint_docs = 500'000;
  bool reapply = false;  // apply files already recorded in the manifest again
  // After an ingest, compact when at least this fraction of DocIds is dead (replaced or
  // deleted); 0 never compacts automatically. See Indexer::compact().
  double compact_dead_fraction = 0.25;
  // Merges of adjacent segments, run in the background while the next batch is indexed
  // and finished before ingest returns (engine/index/merge_policy.hpp).
  MergePolicy merge_policy;
  // Test seam: called by a worker before each record (file index within its batch, record
  // number within the file), to perturb thread timing in tests. Must be thread-safe.
  std::function<void(std::size_t, std::uint64_t)> before_record;
};

struct IngestProgress {
  std::size_t file_index = 0;  // 0-based index of the file being applied
  std::size_t file_count = 0;
  std::string file;
  bool file_done = false;          // this report is the one made when `file` was finished
  std::uint64_t bytes_done = 0;    // compressed bytes consumed, all files
  std::uint64_t bytes_total = 0;   // total size of the files to apply
  std::uint64_t uncompressed_bytes = 0;
  std::uint64_t articles = 0;
  std::uint64_t deletions = 0;
  std::uint64_t skipped = 0;
  double elapsed_seconds = 0;
};

struct IngestMerges {
  std::size_t merges = 0;           // merges installed by this run
  std::uint64_t documents = 0;      // documents they rewrote
  double wait_seconds = 0;          // time ingest waited for merges at its end
};

struct IngestSummary {
  std::size_t files_applied = 0;
  std::vector<std::string> files_already_applied;  // skipped because the manifest has them
  store::IngestTotals totals;  // what this run applied
  std::uint64_t uncompressed_bytes = 0;
  std::uint64_t compressed_bytes = 0;
  double seconds = 0;
  std::uint64_t live_count = 0;  // after the run
  bool compacted = false;        // the run ended with a compaction
  IngestMerges merges;
  std::size_t segments = 0;      // after the run
};

struct CompactSummary {
  std::uint64_t documents = 0;       // live documents rewritten
  std::uint64_t dropped = 0;         // dead documents removed
  std::size_t segments_before = 0;
  std::size_t segments_after = 0;
  std::size_t pair_words_added = 0;  // words chosen by this compaction (0: none, or the index had them)
  double seconds = 0;
};

using ProgressCallback = std::function<void(const IngestProgress&)>;
using WarningCallback = std::function<void(const std::string&)>;

class Indexer {
 public:
  // Creates `dir` if needed and takes the writer lock (Error(Unavailable) if held). An
  // index root (index_root.hpp) stands for its current generation.
  Indexer(std::string dir, IngestOptions options);
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Applies `files` in order. Progress is reported at most every ~200 ms and after each
  // file; warnings name skipped records and files. Throws Error naming the file at fault;
  // what was committed before it stays.
  IngestSummary ingest(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                       const WarningCallback& on_warning);

  // Rewrites the live documents into new segments of at most checkpoint_docs documents
  // each, dropping dead ones, and commits that as one new generation. DocIds are
  // renumbered (they are internal; external ids do not change). Memory is bounded by one
  // output segment. Interrupted, it leaves the previous generation in place.
  // `add_pair_words`: an index without pair words (built before decision 0035, or with
  // --pair-words 0) gets them, chosen from its first live documents by
  // IngestOptions::pair_words, and every rewritten segment holds their pairs.
  CompactSummary compact(bool add_pair_words = false);

  // For an ingest spread over MPI ranks (distributed_ingest.hpp), in two steps around the
  // ranks' staging: the files of `files` this index has not applied yet, in order (the
  // choice ingest() makes; warns about the others) ...
  std::vector<std::string> files_to_apply(const std::vector<std::string>& files, const WarningCallback& on_warning) const;
  // ... and, once each of them is staged in `staging_dir` (staged_share.hpp), applying them
  // as ingest() would have: in file order, each share's segment linked into the index and
  // its log replayed by the same replay and commit code, so DocIds, versions and deletions
  // are exactly a single-process ingest's; committed every ~checkpoint_docs documents, then
  // merges and compaction as ingest() ends. Throws Error(NotFound) naming the first file
  // not staged (what was committed before it stays).
  IngestSummary apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                             const WarningCallback& on_warning);

 private:
  class State;
  std::unique_ptr<State> state_;
};

}  // namespace medsearch::engine
