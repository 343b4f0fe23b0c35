// bench_parse: how fast medsearch's PubMed reader turns files into records, and the floor
// under it (zlib inflate alone). A benchmark, not a test (DESIGN.md §5): it prints one JSON
// line and bench/ingest_bench.sh compares it with the lxml peer.
//
//   bench_parse [--threads N] [--decompress-only] FILES...
//
// N worker threads take whole files from a shared queue (one reader per thread, as the
// RecordSource contract requires), so N > 1 only helps with several files. Output keys:
// mode ("parse" | "decompress"), citations, deletions, skipped, files, threads, seconds,
// citations_per_s, uncompressed_bytes, uncompressed_mb_per_s (MB = 10^6 bytes of XML).
//
// --decompress-only reads each file through zlib's gzread and discards the bytes: the
// physical floor of a reader that must inflate NLM's gzip files on one core per file.
// zlib is used directly here (rather than through ingest/) because measuring the floor
// must not depend on the code it is the floor for.
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/ingest/record_source.hpp"

namespace {

struct Totals {
  std::uint64_t citations = 0;
  std::uint64_t deletions = 0;
  std::uint64_t skipped = 0;
  std::uint64_t uncompressed_bytes = 0;

  void add(const Totals& o) {
    citations += o.citations;
    deletions += o.deletions;
    skipped += o.skipped;
    uncompressed_bytes += o.uncompressed_bytes;
  }
};

Totals parse_file(const std::string& path) {
  namespace ingest = medsearch::ingest;
  Totals t;
  auto source = ingest::open_record_source(path, ingest::InputFormat::Pubmed);
  ingest::Record record;
  while (source->next(record)) {
    switch (record.kind) {
      case ingest::RecordKind::Article: ++t.citations; break;
      case ingest::RecordKind::Deletion: ++t.deletions; break;
      case ingest::RecordKind::Skipped: ++t.skipped; break;
    }
  }
  t.uncompressed_bytes = source->progress().uncompressed_bytes;
  return t;
}

Totals inflate_file(const std::string& path) {
  constexpr unsigned kBufferBytes = 1u << 20;
  Totals t;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) medsearch::throw_io_error("cannot open", path);
  gzbuffer(file, kBufferBytes);
  std::vector<char> buffer(kBufferBytes);
  int n = 0;
  while ((n = gzread(file, buffer.data(), kBufferBytes)) > 0) t.uncompressed_bytes += static_cast<std::uint64_t>(n);
  int errnum = Z_OK;
  const std::string message = n < 0 ? gzerror(file, &errnum) : "";
  gzclose(file);
  if (n < 0) throw medsearch::Error(medsearch::ErrorCode::Corrupt, path + ": " + message);
  return t;
}

int usage() {
  std::fprintf(stderr, "usage: bench_parse [--threads N] [--decompress-only] FILES...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 1;
  bool decompress_only = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
      if (threads == 0) return usage();
    } else if (arg == "--decompress-only") {
      decompress_only = true;
    } else if (arg.starts_with("--")) {
      return usage();
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) return usage();
  if (threads > files.size()) threads = static_cast<unsigned>(files.size());

  std::atomic<std::size_t> next_file{0};
  std::mutex mutex;
  Totals totals;
  std::string first_error;
  const auto worker = [&] {
    Totals local;
    for (std::size_t i = next_file++; i < files.size(); i = next_file++) {
      try {
        local.add(decompress_only ? inflate_file(files[i]) : parse_file(files[i]));
      } catch (const std::exception& e) {
        const std::lock_guard lock(mutex);
        if (first_error.empty()) first_error = e.what();
        next_file = files.size();  // stop the others early
      }
    }
    const std::lock_guard lock(mutex);
    totals.add(local);
  };

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!first_error.empty()) {
    std::fprintf(stderr, "bench_parse: %s\n", first_error.c_str());
    return 1;
  }
  std::printf(
      "{\"tool\": \"medsearch\", \"mode\": \"%s\", \"citations\": %llu, \"deletions\": %llu, "
      "\"skipped\": %llu, \"files\": %zu, \"threads\": %u, \"seconds\": %.4f, "
      "\"citations_per_s\": %.1f, \"uncompressed_bytes\": %llu, \"uncompressed_mb_per_s\": %.2f}\n",
      decompress_only ? "decompress" : "parse", static_cast<unsigned long long>(totals.citations),
      static_cast<unsigned long long>(totals.deletions), static_cast<unsigned long long>(totals.skipped),
      files.size(), threads, seconds, static_cast<double>(totals.citations) / seconds,
      static_cast<unsigned long long>(totals.uncompressed_bytes),
      static_cast<double>(totals.uncompressed_bytes) / 1e6 / seconds);
  return 0;
}
