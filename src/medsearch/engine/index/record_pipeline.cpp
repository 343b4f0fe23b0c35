#include "medsearch/engine/index/record_pipeline.hpp"

namespace medsearch::engine {

RecordPipeline::RecordPipeline(std::vector<std::string> files, ingest::InputFormat format, unsigned threads,
                               const lexical::DocumentAnalyzer* analyzer)
    : files_(std::move(files)),
      format_(format),
      analyzer_(analyzer),
      threads_(threads == 0 ? 1 : threads),
      slots_(files_.size()) {
  const unsigned workers = std::min<std::size_t>(threads_, files_.size());
  for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

RecordPipeline::~RecordPipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void RecordPipeline::work() {
  for (;;) {
    std::size_t index;
    {
      std::unique_lock lock(mutex_);
      // Start a file only while fewer than threads_ files are ahead of the consumer.
      changed_.wait(lock, [&] { return stopping_ || next_file_ >= files_.size() || next_file_ < consumer_file_ + threads_; });
      if (stopping_ || next_file_ >= files_.size()) return;
      index = next_file_++;
    }
    read_file(index);
  }
}

void RecordPipeline::read_file(std::size_t index) {
  RecordBatch batch;
  batch.file_index = index;
  try {
    auto source = ingest::open_record_source(files_[index], format_);
    batch.records.resize(kBatchRecords);
    std::size_t filled = 0;
    for (;;) {
      const bool more = source->next(batch.records[filled]);
      if (more) ++filled;
      if (filled == kBatchRecords || !more) {
        batch.records.resize(filled);
        if (analyzer_ != nullptr) {
          batch.analyzed.resize(filled);
          for (std::size_t i = 0; i < filled; ++i) {
            if (batch.records[i].kind == ingest::RecordKind::Article) analyzer_->analyze(batch.records[i].article, batch.analyzed[i]);
          }
        }
        batch.end_of_file = !more;
        batch.progress = source->progress();
        if (!push(index, std::move(batch)) || !more) return;
        batch = RecordBatch{};
        batch.file_index = index;
        batch.records.resize(kBatchRecords);
        filled = 0;
      }
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    slots_[index].error = std::current_exception();
    slots_[index].finished = true;
  }
  changed_.notify_all();
}

bool RecordPipeline::push(std::size_t index, RecordBatch&& batch) {
  std::unique_lock lock(mutex_);
  FileSlot& slot = slots_[index];
  changed_.wait(lock, [&] { return stopping_ || slot.batches.size() < kMaxQueuedBatches; });
  if (stopping_) return false;
  if (batch.end_of_file) slot.finished = true;
  slot.batches.push_back(std::move(batch));
  lock.unlock();
  changed_.notify_all();
  return true;
}

bool RecordPipeline::next(RecordBatch& out) {
  std::unique_lock lock(mutex_);
  if (consumer_file_ >= files_.size()) return false;
  FileSlot& slot = slots_[consumer_file_];
  changed_.wait(lock, [&] { return !slot.batches.empty() || slot.error; });
  if (slot.batches.empty()) {
    // Every batch delivered before the failure has been consumed: report it now.
    std::rethrow_exception(slot.error);
  }
  out = std::move(slot.batches.front());
  slot.batches.pop_front();
  if (out.end_of_file) ++consumer_file_;
  lock.unlock();
  changed_.notify_all();
  return true;
}

}  // namespace medsearch::engine
