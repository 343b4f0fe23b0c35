// Indexer::State (indexer_state.hpp): opening an index for writing and ingest runs (batches
// of files, progress, the run's end); the public Indexer methods.
#include "medsearch/engine/index/indexer.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/index/indexer_state.hpp"
#include "medsearch/engine/index/pair_words_sample.hpp"
#include "medsearch/engine/index/segment_files.hpp"

namespace medsearch::engine {
namespace {

std::uint64_t file_size_or_throw(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_io_error("cannot read input file", path);
  if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::InvalidArgument, path + ": is a directory, expected a file");
  return static_cast<std::uint64_t>(st.st_size);
}

std::string base_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

namespace fs = std::filesystem;

Indexer::State::State(const std::string& dir, IngestOptions options)
    : dir_(resolve_index_dir(dir)), options_(std::move(options)) {
  fs::create_directories(dir_);
  lock_ = std::make_unique<store::IndexLock>(dir_);
  if (auto manifest = store::load_manifest(dir_)) manifest_ = std::move(*manifest);
  if (!manifest_.pair_words.empty()) analyzer_.set_pair_words(std::make_shared<const lexical::PairWords>(manifest_.pair_words));
  if (!manifest_.deletions_file.empty()) {
    deleted_ = store::DeletionSet::load(dir_ + "/" + manifest_.deletions_file);
    // The dead documents' statistics as the last commit saved them (an index from before
    // the .stats file: as IndexReader computes them).
    const std::string stats = dir_ + "/" + dead_stats_name(manifest_.deletions_file);
    dead_ = fs::exists(stats) ? lexical::DeadDocuments::load(stats) : IndexReader(dir_).dead_documents();
  }
  open_committed_ids();
  remove_unreferenced_files();
}

IngestSummary Indexer::State::run(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                                  const WarningCallback& on_warning) {
  const auto start = Clock::now();
  IngestSummary summary;
  std::vector<std::string> todo;
  std::vector<std::uint64_t> sizes;
  select_files(files, on_warning, summary, todo, sizes);
  std::uint64_t bytes_total = 0;
  for (const std::uint64_t size : sizes) bytes_total += size;
  choose_pair_words_if_new(todo);

  // Progress over all batches: what finished batches read, plus the running batch.
  IngestProgress done;  // counts of the batches already committed
  done.file_count = todo.size();
  done.bytes_total = bytes_total;
  std::vector<bool> reported(todo.size(), false);
  auto last_report = Clock::now();
  auto on_tick = [&](const std::vector<FileOutcome>& outcomes, std::size_t first) {
    IngestProgress now = done;
    std::vector<std::size_t> newly_finished;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const FileOutcome& o = outcomes[i];
      now.bytes_done += o.finished ? o.stats.size_bytes : std::min(o.progress.compressed_bytes, o.stats.size_bytes);
      now.uncompressed_bytes += o.progress.uncompressed_bytes;
      now.articles += o.stats.articles;
      now.deletions += o.stats.deletions;
      now.skipped += o.stats.skipped;
      if (o.finished && !o.error && !reported[first + i]) newly_finished.push_back(first + i);
      if (o.progress.compressed_bytes > 0) now.file_index = first + i, now.file = todo[first + i];
    }
    const auto clock = Clock::now();
    now.elapsed_seconds = std::chrono::duration<double>(clock - start).count();
    if (!on_progress) return;
    for (const std::size_t f : newly_finished) {
      reported[f] = true;
      IngestProgress shown = now;
      shown.file_index = f;
      shown.file = todo[f];
      shown.file_done = true;
      on_progress(shown);
      last_report = clock;
    }
    if (newly_finished.empty() && clock - last_report > std::chrono::milliseconds(200)) {
      on_progress(now);
      last_report = clock;
    }
  };

  // Batches of consecutive files holding about checkpoint_docs documents, estimated from
  // the documents per compressed byte seen so far (before any: one file per thread).
  double docs_per_byte = 0;
  const unsigned threads = std::max(1u, options_.threads);
  for (std::size_t first = 0; first < todo.size();) {
    std::size_t end = first + 1;
    double estimate = static_cast<double>(sizes[first]) * docs_per_byte;
    for (; end < todo.size(); ++end) {
      const double more = static_cast<double>(sizes[end]) * docs_per_byte;
      if (docs_per_byte == 0 ? end - first >= threads : estimate + more > options_.checkpoint_docs) break;
      estimate += more;
    }
    const std::uint64_t articles_before = done.articles;
    apply_batch(todo, sizes, first, end, on_tick, on_warning, summary);
    std::uint64_t batch_bytes = 0;
    for (std::size_t f = first; f < end; ++f) {
      const store::IngestedFile& stats = manifest_.files[manifest_.files.size() - (end - f)];
      done.articles += stats.articles;
      done.deletions += stats.deletions;
      done.skipped += stats.skipped;
      batch_bytes += sizes[f];
    }
    done.bytes_done += batch_bytes;
    finish_merge(false, summary.merges);
    start_merge_if_due();
    done.uncompressed_bytes = summary.uncompressed_bytes;
    if (done.articles > articles_before && batch_bytes > 0) {
      docs_per_byte = static_cast<double>(done.articles) / static_cast<double>(done.bytes_done);
    }
    first = end;
  }
  finish_run(summary, start);
  return summary;
}

void Indexer::State::apply_batch(const std::vector<std::string>& todo, const std::vector<std::uint64_t>& sizes,
                                 std::size_t first, std::size_t end,
                                 const std::function<void(const std::vector<FileOutcome>&, std::size_t)>& on_tick,
                                 const WarningCallback& on_warning, IngestSummary& summary) {
  FileBatchSettings settings;
  settings.dir = dir_;
  settings.segment_prefix = segment_name(manifest_.generation + 1);
  settings.format = options_.format;
  settings.since_year = options_.since_year;
  settings.analyzer = &analyzer_;
  settings.before_record = options_.before_record;
  FileBatch batch(settings, std::vector<std::string>(todo.begin() + first, todo.begin() + end),
                  std::vector<std::uint64_t>(sizes.begin() + first, sizes.begin() + end), options_.threads);
  const std::size_t failed = batch.run([&](const std::vector<FileOutcome>& outcomes) { on_tick(outcomes, first); });
  if (failed < end - first) {
    try {
      std::rethrow_exception(batch.outcomes()[failed].error);
    } catch (const Error& e) {
      throw Error(e.code(), std::string(e.what()) + " [the index keeps its last commit: " +
                                std::to_string(manifest_.files.size()) +
                                " files applied in all; re-running the same command resumes after them]");
    }
  }

  std::vector<Piece> pieces;
  for (const WorkerOutput& worker : batch.workers()) {
    // none: no article in its files
    pieces.push_back({worker.segment ? worker.segment->name() : "", worker.segment ? worker.segment->size() : 0, &worker,
                      !manifest_.pair_words.empty()});
  }
  place_and_commit(pieces, batch.outcomes(), on_warning, summary);
}

void Indexer::State::choose_pair_words_if_new(const std::vector<std::string>& todo) {
  // Chosen once, before the first segment: every segment of the index is analysed with
  // the same words (a later choice would leave earlier segments without their pairs).
  if (!manifest_.segments.empty() || !manifest_.pair_words.empty() || todo.empty()) return;
  const lexical::PairWords words = sample_pair_words(todo, options_.format, analyzer_, options_.pair_words);
  if (words.empty()) return;
  manifest_.pair_words = words.words();  // saved by the first commit
  analyzer_.set_pair_words(std::make_shared<const lexical::PairWords>(words));
}

void Indexer::State::select_files(const std::vector<std::string>& files, const WarningCallback& on_warning,
                                  IngestSummary& summary, std::vector<std::string>& todo,
                                  std::vector<std::uint64_t>& sizes) const {
  // Those not yet recorded in the manifest (name and size).
  std::set<std::pair<std::string, std::uint64_t>> applied;
  for (const store::IngestedFile& f : manifest_.files) applied.insert({f.name, f.size_bytes});
  for (const std::string& path : files) {
    const std::uint64_t size = file_size_or_throw(path);
    if (!options_.reapply && !applied.insert({base_name(path), size}).second) {
      summary.files_already_applied.push_back(path);
      if (on_warning) on_warning(path + ": already applied to this index, skipped (use --reapply to apply it again)");
      continue;
    }
    todo.push_back(path);
    sizes.push_back(size);
  }
}

void Indexer::State::finish_run(IngestSummary& summary, Clock::time_point start) {
  // Finish the merges due before returning, so every run leaves a bounded segment count.
  const auto merges_start = Clock::now();
  for (;;) {
    finish_merge(true, summary.merges);
    start_merge_if_due();
    if (!merge_) break;
  }
  summary.merges.wait_seconds = std::chrono::duration<double>(Clock::now() - merges_start).count();
  summary.totals = run_totals_;
  if (worth_compacting()) {
    compact();
    summary.compacted = true;
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.live_count = manifest_.live_count;
  summary.segments = manifest_.segments.size();
}

Indexer::Indexer(std::string dir, IngestOptions options) : state_(std::make_unique<State>(std::move(dir), options)) {}
Indexer::~Indexer() = default;

CompactSummary Indexer::compact(bool add_pair_words) { return state_->compact(add_pair_words); }

std::vector<std::string> Indexer::files_to_apply(const std::vector<std::string>& files, const WarningCallback& on_warning) const {
  return state_->files_to_apply(files, on_warning);
}

IngestSummary Indexer::apply_staged(const std::vector<std::string>& files, const std::string& staging_dir,
                                    const WarningCallback& on_warning) {
  return state_->apply_staged(files, staging_dir, on_warning);
}

IngestSummary Indexer::ingest(const std::vector<std::string>& files, const ProgressCallback& on_progress,
                              const WarningCallback& on_warning) {
  return state_->run(files, on_progress, on_warning);
}

}  // namespace medsearch::engine
