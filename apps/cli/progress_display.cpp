#include "progress_display.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace medsearch::cli {

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

std::string progress_bar(double fraction) {
  constexpr int kWidth = 24;
  const int filled = std::clamp(static_cast<int>(fraction * kWidth), 0, kWidth);
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "]";
}

void ProgressDisplay::update(const engine::IngestProgress& p) {
  const double elapsed = p.elapsed_seconds > 0 ? p.elapsed_seconds : 1e-9;
  const double rate = static_cast<double>(p.articles) / elapsed;
  const double mb_per_s = static_cast<double>(p.uncompressed_bytes) / 1e6 / elapsed;
  const double fraction = p.bytes_total ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 1.0;
  const std::string name = std::filesystem::path(p.file).filename().string();
  if (terminal_) {
    const std::string eta = fraction > 0.001 ? format_duration(elapsed * (1 - fraction) / fraction) : "?";
    std::fprintf(stderr, "\r\033[K%s %3.0f%% file %zu/%zu  %llu citations  %.0f cit/s  %.1f MB/s  ETA %s",
                 progress_bar(fraction).c_str(), fraction * 100, p.file_index + 1, p.file_count,
                 static_cast<unsigned long long>(p.articles), rate, mb_per_s, eta.c_str());
    std::fflush(stderr);
    line_open_ = true;
    return;
  }
  // Not a terminal: one line per finished file (update() is called at each file's end).
  if (!p.file_done) return;
  std::fprintf(stderr, "ingest: file %zu/%zu %s: %llu citations, %llu deletions, %llu skipped so far; %.0f cit/s, %.1f MB/s, %s elapsed\n",
               p.file_index + 1, p.file_count, name.c_str(), static_cast<unsigned long long>(p.articles),
               static_cast<unsigned long long>(p.deletions), static_cast<unsigned long long>(p.skipped), rate, mb_per_s,
               format_duration(elapsed).c_str());
}

void ProgressDisplay::warn(const std::string& message) {
  if (line_open_) std::fputc('\n', stderr);
  line_open_ = false;
  std::fprintf(stderr, "warning: %s\n", message.c_str());
}

void ProgressDisplay::finish() {
  if (line_open_) std::fputc('\n', stderr);
  line_open_ = false;
}

}  // namespace medsearch::cli
