// One batch of input files indexed in parallel, each worker into its own segment (the
// per-thread writers of Lucene's DocumentsWriterPerThread, with one difference: a worker
// takes a contiguous run of the batch's files, so the workers' segments laid end to end
// hold the documents in file order, exactly as one thread would have appended them).
//
// A worker reads its files one after the other (ingest::open_record_source), analyses
// each article (lexical::DocumentAnalyzer) and appends it to its SegmentBuilder, whose
// files it writes at the end of its run (finish()). It decides nothing about other
// versions of an id: it logs every article and deletion as a RecordOp, in file order, and
// the Indexer replays the logs in file order after the batch (the replay is what makes a
// later file's version win and a DeleteCitation remove only earlier versions, whatever
// the threads' timing). docs/decisions/0009-per-thread-segment-writers.md.
//
// Memory: the batch's open segments (about IngestOptions::checkpoint_docs documents in
// all) plus one record per worker; nothing grows with the corpus.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "medsearch/engine/index/segment_builder.hpp"
#include "medsearch/ingest/record_source.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

// Splits files of the given sizes into at most `parts` contiguous, non-empty runs of
// about equal bytes. Returns the run boundaries: runs[i] = [bounds[i], bounds[i+1]),
// bounds.front() == 0, bounds.back() == sizes.size().
std::vector<std::size_t> split_contiguous_by_size(const std::vector<std::uint64_t>& sizes, unsigned parts);

// One entry of a worker's log, in the order its files held the records.
struct RecordOp {
  enum class Kind : std::uint8_t {
    Article,   // appended to the worker's segment as `local`
    Deletion,  // a DeleteCitation of `id`
    Filtered,  // a version of `id` that --since dropped: it still supersedes older ones
  };
  std::string id;
  Kind kind = Kind::Article;
  std::uint32_t local = 0;  // Article: its local number in the worker's segment
};

struct SkipNote {
  std::string reason;
  std::string detail;
};

// What one file of the batch produced (filled by its worker).
struct FileOutcome {
  store::IngestedFile stats;      // name and size set by the caller
  ingest::ReadProgress progress;  // latest reading position
  std::vector<SkipNote> skip_notes;  // its first skipped records, for warnings (a few per reason)
  std::exception_ptr error;          // the file could not be read on
  bool finished = false;
};

// One worker's result: its segment (null when its files held no article) and its log.
struct WorkerOutput {
  std::unique_ptr<SegmentBuilder> segment;
  std::vector<RecordOp> ops;
  std::uint64_t filtered_by_since = 0;
  std::map<std::string, std::uint64_t> skipped;  // by reason
};

struct FileBatchSettings {
  std::string dir;             // the index directory (segment files are written there)
  std::string segment_prefix;  // worker w's segment is named prefix, or prefix-(w+1) with several
  ingest::InputFormat format = ingest::InputFormat::Auto;
  std::uint16_t since_year = 0;
  const lexical::DocumentAnalyzer* analyzer = nullptr;  // required; shared (thread-safe)
  // Test seam: called by a worker before each record it appends (file index, record
  // number); tests use it to perturb thread timing. Must be thread-safe.
  std::function<void(std::size_t, std::uint64_t)> before_record;
};

// Called on the thread that runs the batch: at most every ~200 ms and whenever files have
// finished; `outcomes` may be read (not kept) during the call.
using BatchTick = std::function<void(const std::vector<FileOutcome>& outcomes)>;

class FileBatch {
 public:
  FileBatch(FileBatchSettings settings, std::vector<std::string> files, std::vector<std::uint64_t> sizes,
            unsigned threads);

  // Runs the workers to the end of their files or to the first error. Returns the index
  // of the first file (in batch order) that failed, or files.size() when none did. After
  // an error every segment is abandoned (its files removed).
  std::size_t run(const BatchTick& on_tick);

  const std::vector<FileOutcome>& outcomes() const { return outcomes_; }
  std::vector<WorkerOutput>& workers() { return outputs_; }

 private:
  void work(std::size_t worker, std::size_t first_file, std::size_t end_file);
  void index_file(std::size_t worker, std::size_t file);

  FileBatchSettings settings_;
  std::vector<std::string> files_;
  std::vector<std::size_t> bounds_;
  std::vector<FileOutcome> outcomes_;  // guarded by mutex_ while workers run
  std::vector<WorkerOutput> outputs_;  // each owned by its worker while it runs
  std::mutex mutex_;
  std::condition_variable changed_;
  std::atomic<bool> stopping_{false};  // a file failed: workers stop early
  std::size_t workers_running_ = 0;  // guarded by mutex_
  std::size_t unseen_finished_ = 0;  // files finished since the last tick (guarded by mutex_)
};

}  // namespace medsearch::engine
