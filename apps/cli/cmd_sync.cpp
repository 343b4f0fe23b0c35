// `medsearch sync`: bring an index root up to date with NLM's baseline and update files
// (docs/sync.md). Exit codes, for cron and systemd timers: 0 the index has every file the
// source lists; 75 (EX_TEMPFAIL) not yet, for a reason a later run should clear (files held
// back, the source unreachable after retries, another sync running); 1 a failure that needs
// a person (an MD5 check failed twice, a damaged file, a full disk); 2 a bad command line.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/sync/syncer.hpp"
#include "progress_display.hpp"

namespace medsearch::cli {
namespace {

constexpr int kExitTempFail = 75;  // sysexits.h EX_TEMPFAIL

nlohmann::ordered_json summary_json(const engine::sync::SyncSummary& s, bool dry_run) {
  nlohmann::ordered_json j;
  j["series"] = s.plan.series;
  j["index"] = s.generation_dir;
  j["new_baseline"] = s.plan.new_series;
  j["dry_run"] = dry_run;
  j["complete"] = s.complete();
  j["held_back"] = s.plan.held_back ? nlohmann::ordered_json(*s.plan.held_back) : nlohmann::ordered_json(nullptr);
  j["files_already_applied"] = s.plan.already_applied;
  nlohmann::ordered_json todo = nlohmann::ordered_json::array();
  for (const auto& f : s.plan.todo) todo.push_back(f.path());
  j["files_planned"] = todo;
  j["files_downloaded"] = s.files_downloaded;
  j["files_staged_before"] = s.files_staged_before;
  j["bytes_downloaded"] = s.bytes_downloaded;
  j["md5_failures"] = s.md5_failures;
  j["files_applied"] = s.files_applied;
  j["articles_added"] = s.totals.articles_added;
  j["replacements"] = s.totals.replacements;
  j["deletions_applied"] = s.totals.deletions_applied;
  j["documents"] = s.live_count;
  j["switched"] = s.switched;
  j["removed_generations"] = s.removed_generations;
  j["download_seconds"] = s.download_seconds;
  j["apply_seconds"] = s.apply_seconds;
  j["seconds"] = s.seconds;
  return j;
}

// On a terminal: one line redrawn in place while a file downloads. Otherwise nothing
// (the log lines say when each file is staged).
class DownloadBar {
 public:
  explicit DownloadBar(bool terminal) : terminal_(terminal) {}
  void update(const engine::sync::DownloadProgress& p) {
    if (!terminal_) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.name != name_) name_ = p.name, started_ = now;
    if (now - last_ < std::chrono::milliseconds(200) && p.bytes_done != p.bytes_total) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - started_).count();
    const double fraction = p.bytes_total ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 0;
    std::fprintf(stderr, "\r\033[K%s download %zu/%zu %s  %.1f/%.1f MB  %.1f MB/s", progress_bar(fraction).c_str(),
                 p.file_index + 1, p.file_count, p.name.c_str(),
                 static_cast<double>(p.bytes_done) / 1e6, static_cast<double>(p.bytes_total) / 1e6,
                 seconds > 0 ? static_cast<double>(p.bytes_done) / 1e6 / seconds : 0.0);
    std::fflush(stderr);
    open_ = true;
  }
  void end_line() {
    if (open_) std::fputc('\n', stderr);
    open_ = false;
  }

 private:
  bool terminal_;
  bool open_ = false;
  std::string name_;
  std::chrono::steady_clock::time_point started_{}, last_{};
};

}  // namespace

Action register_sync(CLI::App& app) {
  struct Args {
    engine::sync::SyncOptions options;
    int since = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  };
  auto args = std::make_shared<Args>();
  engine::sync::SyncOptions& o = args->options;
  app.add_option("--index", o.root, "Index root: generations side by side and a `current` symlink (created if missing)")
      ->required();
  app.add_option("--source", o.source,
                 "NLM's PubMed directory or a mirror of it: https://ftp.ncbi.nlm.nih.gov/pubmed, or a local directory "
                 "with baseline/ and updatefiles/")
      ->required();
  app.add_option("--since", args->since, "Keep only citations published in this year or later")->check(CLI::Range(1000, 2999));
  app.add_flag("--dry-run", o.dry_run, "Print what would be downloaded and applied; change nothing");
  app.add_option("--threads", args->threads, "Ingest worker threads (default: all cores)")->check(CLI::Range(1u, 256u));
  app.add_option("--retries", o.mirror.retries, "Retries of a failed request (connection, timeout, HTTP 5xx)")
      ->check(CLI::Range(0, 100))->capture_default_str();
  app.add_option("--retry-wait-ms", o.mirror.retry_wait_ms, "First wait before a retry; doubled each time, at most 60 s")
      ->check(CLI::Range(0, 600'000))->capture_default_str();
  app.add_option("--chunk-files", o.chunk_files, "Files downloaded, then applied, at a time (bounds the staging disk)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000}))->capture_default_str();
  return [args] {
    engine::sync::SyncOptions options = args->options;
    options.ingest.since_year = static_cast<std::uint16_t>(args->since);
    options.ingest.threads = args->threads;
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    DownloadBar bar(terminal);
    ProgressDisplay ingest_display(terminal);
    auto line = [&](const char* prefix, const std::string& text) {
      bar.end_line();
      ingest_display.finish();
      std::fprintf(stderr, "%s%s\n", prefix, text.c_str());
    };
    options.mirror.on_retry = [&](const std::string& m) { line("warning: ", m); };
    engine::sync::SyncCallbacks callbacks;
    callbacks.on_log = [&](const std::string& m) { line("", m); };
    callbacks.on_warning = [&](const std::string& m) { line("warning: ", m); };
    callbacks.on_download = [&](const engine::sync::DownloadProgress& p) { bar.update(p); };
    callbacks.on_ingest = [&](const engine::IngestProgress& p) {
      bar.end_line();
      ingest_display.update(p);
    };
    engine::sync::SyncSummary summary;
    try {
      summary = engine::sync::run_sync(options, callbacks);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::Unavailable) throw;
      line("medsearch: error: ", std::string(e.what()) + " (temporary: a later run resumes)");
      return kExitTempFail;
    }
    bar.end_line();
    ingest_display.finish();
    std::printf("%s\n", summary_json(summary, options.dry_run).dump(2).c_str());
    if (!summary.complete() && !options.dry_run) {
      std::fprintf(stderr, "sync: incomplete: %s (a later run continues)\n", summary.plan.held_back->c_str());
      return kExitTempFail;
    }
    return 0;
  };
}

}  // namespace medsearch::cli
