#include "medsearch/engine/index/file_batch.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <thread>

namespace medsearch::engine {
namespace {

// How many records a worker reads between two updates of its file's shared progress.
constexpr std::uint64_t kProgressEvery = 128;
// Skipped records kept per worker and reason for warnings (the Indexer shows the first 5
// per reason in file order, which are among those kept).
constexpr std::size_t kSkipNotesPerFile = 5;

}  // namespace

std::vector<std::size_t> split_contiguous_by_size(const std::vector<std::uint64_t>& sizes, unsigned parts) {
  const std::size_t n = sizes.size();
  const std::size_t runs = std::max<std::size_t>(1, std::min<std::size_t>(parts, n));
  std::vector<std::uint64_t> prefix(n + 1, 0);  // prefix[i] = bytes of files [0, i)
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + sizes[i];
  std::vector<std::size_t> bounds{0};
  for (std::size_t r = 1; r < runs; ++r) {
    // The cut nearest to r/runs of the bytes, leaving every run at least one file.
    const double target = static_cast<double>(prefix[n]) * static_cast<double>(r) / static_cast<double>(runs);
    std::size_t cut = std::lower_bound(prefix.begin(), prefix.end(), static_cast<std::uint64_t>(target)) - prefix.begin();
    if (cut > 0 && target - static_cast<double>(prefix[cut - 1]) < static_cast<double>(prefix[cut]) - target) --cut;
    cut = std::clamp(cut, bounds.back() + 1, n - (runs - r));
    bounds.push_back(cut);
  }
  bounds.push_back(n);
  return bounds;
}

FileBatch::FileBatch(FileBatchSettings settings, std::vector<std::string> files, std::vector<std::uint64_t> sizes,
                     unsigned threads)
    : settings_(std::move(settings)),
      files_(std::move(files)),
      bounds_(split_contiguous_by_size(sizes, threads == 0 ? 1 : threads)),
      outcomes_(files_.size()),
      outputs_(bounds_.size() - 1) {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    outcomes_[i].stats.name = std::filesystem::path(files_[i]).filename().string();
    outcomes_[i].stats.size_bytes = sizes[i];
  }
}

std::size_t FileBatch::run(const BatchTick& on_tick) {
  const std::size_t worker_count = outputs_.size();
  if (files_.empty()) return 0;
  std::vector<std::thread> threads;
  workers_running_ = worker_count;
  for (std::size_t w = 0; w < worker_count; ++w) {
    threads.emplace_back([this, w] { work(w, bounds_[w], bounds_[w + 1]); });
  }
  {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait_for(lock, std::chrono::milliseconds(200), [&] { return workers_running_ == 0 || unseen_finished_ > 0; });
      unseen_finished_ = 0;
      if (on_tick) on_tick(outcomes_);
      if (workers_running_ == 0) break;
    }
  }
  for (std::thread& t : threads) t.join();

  for (std::size_t f = 0; f < files_.size(); ++f) {
    if (outcomes_[f].error) {
      for (WorkerOutput& out : outputs_) out.segment.reset();  // abandoned: temporary files removed
      return f;
    }
  }
  return files_.size();
}

void FileBatch::work(std::size_t worker, std::size_t first_file, std::size_t end_file) {
  for (std::size_t f = first_file; f < end_file && !stopping_.load(std::memory_order_relaxed); ++f) {
    try {
      index_file(worker, f);
    } catch (...) {
      stopping_ = true;
      std::lock_guard lock(mutex_);
      outcomes_[f].error = std::current_exception();
      outcomes_[f].finished = true;
      ++unseen_finished_;
    }
  }
  WorkerOutput& out = outputs_[worker];
  if (!stopping_ && out.segment) {
    try {
      out.segment->finish();
    } catch (...) {
      stopping_ = true;
      std::lock_guard lock(mutex_);
      outcomes_[end_file - 1].error = std::current_exception();
    }
  }
  {
    std::lock_guard lock(mutex_);
    --workers_running_;
  }
  changed_.notify_all();
}

void FileBatch::index_file(std::size_t worker, std::size_t file) {
  WorkerOutput& out = outputs_[worker];
  const auto source = ingest::open_record_source(files_[file], settings_.format);
  store::IngestedFile counts;
  std::vector<SkipNote> notes;
  ingest::Record record;
  lexical::AnalyzedDocument analyzed;
  std::uint64_t n = 0;
  auto publish = [&](bool finished) {
    {
      std::lock_guard lock(mutex_);
      FileOutcome& shared = outcomes_[file];
      shared.stats.articles = counts.articles;
      shared.stats.deletions = counts.deletions;
      shared.stats.skipped = counts.skipped;
      shared.progress = source->progress();
      for (SkipNote& note : notes) shared.skip_notes.push_back(std::move(note));
      notes.clear();
      shared.finished = finished;
      if (finished) ++unseen_finished_;
    }
    if (finished) changed_.notify_all();
  };
  while (source->next(record)) {
    if (settings_.before_record) settings_.before_record(file, n);
    if (++n % kProgressEvery == 0) {
      if (stopping_.load(std::memory_order_relaxed)) return;
      publish(false);
    }
    switch (record.kind) {
      case ingest::RecordKind::Article: {
        ++counts.articles;
        const Article& article = record.article;
        if (settings_.since_year != 0 && article.pub_year < settings_.since_year) {
          // Logged, not just counted: this revision supersedes any older version of the
          // id, which must not stay live (docs/decisions/0020-crash-safety-and-since.md).
          ++out.filtered_by_since;
          out.ops.push_back({article.id, RecordOp::Kind::Filtered, 0});
          break;
        }
        if (!out.segment) {
          const std::string name = outputs_.size() == 1 ? settings_.segment_prefix
                                                        : settings_.segment_prefix + "-" + std::to_string(worker + 1);
          out.segment = std::make_unique<SegmentBuilder>(settings_.dir, name);
        }
        settings_.analyzer->analyze(article, analyzed);
        out.ops.push_back({article.id, RecordOp::Kind::Article, out.segment->add(article, analyzed)});
        break;
      }
      case ingest::RecordKind::Deletion:
        ++counts.deletions;
        out.ops.push_back({record.deletion.id, RecordOp::Kind::Deletion, 0});
        break;
      case ingest::RecordKind::Skipped:
        ++counts.skipped;
        if (out.skipped[record.skipped.reason]++ < kSkipNotesPerFile) {
          notes.push_back({record.skipped.reason, record.skipped.detail});
        }
        break;
    }
  }
  publish(true);
}

}  // namespace medsearch::engine
