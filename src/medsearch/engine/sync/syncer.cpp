#include "medsearch/engine/sync/syncer.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/sync/staged_download.hpp"
#include "medsearch/store/index_lock.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine::sync {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kStagingDir = "downloads";

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::set<std::string> applied_files(const std::string& generation_dir) {
  std::set<std::string> names;
  if (const auto manifest = store::load_manifest(generation_dir)) {
    for (const store::IngestedFile& f : manifest->files) names.insert(f.name);
  }
  return names;
}

std::vector<std::string> list_or_empty(const Mirror& mirror, const std::string& dir) {
  try {
    return mirror.list(dir);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::NotFound) throw;
    return {};  // no update files yet (a fresh baseline)
  }
}

// The series' two-digit year ("pubmed26" → 26), for refusing to go back to an older one.
int series_year(const std::string& series) {
  const auto parsed = parse_nlm_file_name(series + "n0001.xml.gz");
  return parsed ? parsed->year : -1;
}

// Generations other than current and the target: superseded by an earlier switch.
std::vector<std::string> remove_old_generations(const std::string& root, const std::string& current,
                                                const std::string& target) {
  std::vector<std::string> removed;
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || entry.is_symlink() || name == current || name == target) continue;
    if (series_year(name) < 0 || !fs::exists(entry.path() / store::kManifestName)) continue;  // not ours
    fs::remove_all(entry.path());
    removed.push_back(name);
  }
  return removed;
}

// Staged files no longer needed: applied by a run killed before it removed them, or of
// a series given up.
void remove_stale_staged(const std::string& staging, const std::vector<PlannedFile>& todo) {
  std::set<std::string> keep;
  for (const PlannedFile& f : todo) keep.insert(f.file.name), keep.insert(f.file.name + ".part");
  for (const fs::directory_entry& entry : fs::directory_iterator(staging)) {
    if (!keep.contains(entry.path().filename().string())) fs::remove(entry.path());
  }
}

}  // namespace

SyncSummary run_sync(const SyncOptions& options, const SyncCallbacks& callbacks) {
  const auto start = Clock::now();
  auto log = [&](const std::string& line) { if (callbacks.on_log) callbacks.on_log(line); };
  const std::string& root = options.root;
  if (fs::exists(fs::path(root) / store::kManifestName)) {
    throw Error(ErrorCode::InvalidArgument,
                root + ": is an index directory made by `ingest`; sync keeps its indexes in a root beside a `current` "
                       "symlink (docs/sync.md): give a new directory, or move this index to ROOT/pubmedNN and link "
                       "ROOT/current to it");
  }
  if (!options.dry_run) fs::create_directories(root);
  std::optional<store::IndexLock> lock;
  if (!options.dry_run) lock.emplace(root);

  const Mirror mirror(options.source, options.mirror);
  const std::vector<std::string> baseline = mirror.list("baseline");
  const std::vector<std::string> updates = list_or_empty(mirror, "updatefiles");
  const std::string current = current_generation(root).value_or("");
  const std::string series = newest_series(baseline);
  if (!current.empty() && series_year(series) < series_year(current)) {
    throw Error(ErrorCode::InvalidArgument, mirror.location("baseline") + ": its newest baseline is " + series +
                                                ", older than the index's " + current + " (a stale mirror?)");
  }
  SyncSummary summary;
  summary.generation_dir = root + "/" + series;
  summary.plan = plan_sync(baseline, updates, current, applied_files(summary.generation_dir));
  const SyncPlan& plan = summary.plan;
  const std::string what = !plan.new_series ? ""
                           : current.empty() ? " (a new index)"
                                             : " (a new baseline, built beside " + current + ")";
  log("sync: " + series + what + ": " + std::to_string(plan.already_applied) + " files applied before, " +
      std::to_string(plan.todo.size()) + " to apply" + (plan.held_back ? "; held back: " + *plan.held_back : ""));
  if (options.dry_run) {
    for (const PlannedFile& f : plan.todo) log("sync: would apply " + mirror.location(f.path()));
    summary.seconds = seconds_since(start);
    return summary;
  }

  summary.removed_generations = remove_old_generations(root, current, series);
  for (const std::string& name : summary.removed_generations) log("sync: removed the superseded index " + name);
  const std::string staging = root + "/" + kStagingDir;
  fs::create_directories(staging);
  remove_stale_staged(staging, plan.todo);

  std::unique_ptr<Indexer> indexer;
  if (!plan.todo.empty()) indexer = std::make_unique<Indexer>(summary.generation_dir, options.ingest);
  const std::size_t chunk = std::max<std::size_t>(1, options.chunk_files);
  for (std::size_t first = 0; first < plan.todo.size(); first += chunk) {
    const std::size_t end = std::min(plan.todo.size(), first + chunk);
    std::vector<std::string> paths;
    const auto download_start = Clock::now();
    for (std::size_t i = first; i < end; ++i) {
      const PlannedFile& file = plan.todo[i];
      DownloadProgress progress{i, plan.todo.size(), file.file.name, 0, 0};
      const StagedFile staged = stage_verified(mirror, file.path(), staging, [&](std::uint64_t done, std::uint64_t total) {
        progress.bytes_done = done;
        progress.bytes_total = total;
        if (callbacks.on_download) callbacks.on_download(progress);
      });
      if (staged.md5_failures > 0 && callbacks.on_warning) {
        callbacks.on_warning(mirror.location(file.path()) + ": MD5 check failed; downloaded it again, now good");
      }
      summary.md5_failures += static_cast<std::size_t>(staged.md5_failures);
      summary.bytes_downloaded += staged.bytes_downloaded;
      if (staged.bytes_downloaded > 0 || staged.md5_failures > 0) ++summary.files_downloaded;
      else ++summary.files_staged_before;
      log("sync: staged " + file.file.name + " (" + std::to_string(staged.bytes_downloaded) + " bytes downloaded" +
          (staged.resumed ? ", resumed" : "") + ", md5 ok)");
      paths.push_back(staged.path);
    }
    summary.download_seconds += seconds_since(download_start);
    const auto apply_start = Clock::now();
    const IngestSummary applied = indexer->ingest(paths, callbacks.on_ingest, callbacks.on_warning);
    summary.apply_seconds += seconds_since(apply_start);
    summary.files_applied += applied.files_applied;
    summary.totals.add(applied.totals);
    summary.live_count = applied.live_count;
    for (const std::string& path : paths) fs::remove(path);  // the manifest records them now
    log("sync: applied files " + std::to_string(first + 1) + "-" + std::to_string(end) + " of " +
        std::to_string(plan.todo.size()) + "; the index holds " + std::to_string(applied.live_count) + " documents");
  }
  if (plan.todo.empty()) {
    if (const auto manifest = store::load_manifest(summary.generation_dir)) summary.live_count = manifest->live_count;
  }

  // Switch when the new series is complete; a root with no index yet gets whatever it has.
  const bool has_files = plan.already_applied + plan.todo.size() > 0;
  if (plan.new_series && has_files && (!plan.held_back || current.empty())) {
    // The tuned ranking and the judged queries (named by PMID) belong to the user's setup,
    // not to a baseline: carry them over.
    for (const char* name : {"ranking.json", "judged-queries.bin"}) {
      const fs::path kept = fs::path(root) / current / name;
      if (!current.empty() && fs::exists(kept) && !fs::exists(fs::path(summary.generation_dir) / name)) {
        fs::copy_file(kept, fs::path(summary.generation_dir) / name);
      }
    }
    switch_current(root, series);
    summary.switched = true;
    log("sync: switched " + root + "/current to " + series + (current.empty() ? "" : " (was " + current + ")"));
  } else if (plan.new_series && plan.held_back && !current.empty()) {
    log("sync: " + series + " is not complete yet; " + current + " keeps serving");
  }
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace medsearch::engine::sync
