// Reads many input files on worker threads and hands their records to one consumer in
// the order the files were given (NLM's update files must be applied in sequence).
//
// Memory is bounded by the files in flight, not the corpus: at most `threads` files are
// open at once, and each holds at most kMaxQueuedBatches batches of kBatchRecords records.
// A worker's error (corrupt gzip, not PubMed XML, ...) is rethrown by next() when the
// consumer reaches that file, so every earlier file has been delivered in full first.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/ingest/record_source.hpp"
#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::engine {

struct RecordBatch {
  std::size_t file_index = 0;
  std::vector<ingest::Record> records;
  // With an analyzer: analyzed[i] is the lexical analysis of records[i] (empty for a
  // record that is not an article), computed on the worker thread.
  std::vector<lexical::AnalyzedDocument> analyzed;
  bool end_of_file = false;  // the last batch of file_index (possibly with records)
  ingest::ReadProgress progress;  // of file_index after this batch
};

class RecordPipeline {
 public:
  static constexpr std::size_t kBatchRecords = 256;
  static constexpr std::size_t kMaxQueuedBatches = 8;

  // `analyzer` (optional, must outlive the pipeline) analyses each article on the workers.
  RecordPipeline(std::vector<std::string> files, ingest::InputFormat format, unsigned threads,
                 const lexical::DocumentAnalyzer* analyzer = nullptr);
  ~RecordPipeline();  // stops and joins the workers, also when the consumer stopped early
  RecordPipeline(const RecordPipeline&) = delete;
  RecordPipeline& operator=(const RecordPipeline&) = delete;

  // The next batch in file order; false after the last file's end_of_file batch.
  bool next(RecordBatch& out);

 private:
  struct FileSlot {
    std::deque<RecordBatch> batches;
    std::exception_ptr error;
    bool finished = false;
  };
  void work();
  void read_file(std::size_t index);
  // Waits for room in the file's queue; false when the pipeline is stopping.
  bool push(std::size_t index, RecordBatch&& batch);

  std::vector<std::string> files_;
  ingest::InputFormat format_;
  const lexical::DocumentAnalyzer* analyzer_;
  unsigned threads_;
  std::vector<FileSlot> slots_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t next_file_ = 0;      // next file a worker takes (guarded by mutex_)
  std::size_t consumer_file_ = 0;  // file the consumer is reading (guarded by mutex_)
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace medsearch::engine
