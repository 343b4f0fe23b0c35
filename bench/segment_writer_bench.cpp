// bench_segment_writer: the cost of lexical::SegmentIndexWriter per posting (issue 13),
// beside the writer it replaced (tests/unit/lexical/reference_segment_writer.hpp, the
// "old" row) in the same process. A benchmark, not a test: not in ctest.
//
//   cmake --build build/release --target bench_segment_writer
//   build/release/bench/bench_segment_writer FILE.xml.gz[,FILE2...] [docs=5000] [runs=5] [both|old|new]
//
// Reads the first `docs` citations of the files, in order, (ingest::open_record_source, e.g. the
// synthetic PubMed corpus bench/ingest_bench.sh generates into build/bench-data/), analyses
// each once with DocumentAnalyzer (untimed), then per run and writer: add() of every
// document, then write() to a file under $TMPDIR. Runs alternate old/new so load on a
// shared machine hits both alike. Prints per writer the medians over runs of the add and
// write times (ms) and postings/s of add + write, the bytes held after the adds and the
// peak during add + write: heap counted by this file's global operator new/delete (every
// C++ allocation of the writers) plus, for the new writer, its SlicePool blocks, which it
// maps outside the heap (mapped_bytes(); they only grow, so their peak is at the end).
// Bytes per posting divide by postings. It also checks that
// both writers' files are byte-identical. Use `old` or `new` alone under
// `valgrind --tool=callgrind` or `perf stat -e instructions` to count one writer.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "medsearch/ingest/record_source.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "unit/lexical/reference_segment_writer.hpp"

// Heap accounting: current and peak bytes handed out by operator new (usable sizes).
namespace {
std::size_t g_heap_bytes = 0;
std::size_t g_heap_peak = 0;
void* counted_alloc(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  g_heap_bytes += malloc_usable_size(p);
  g_heap_peak = std::max(g_heap_peak, g_heap_bytes);
  return p;
}
void counted_free(void* p) {
  if (p == nullptr) return;
  g_heap_bytes -= malloc_usable_size(p);
  std::free(p);
}
}  // namespace
void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace {

using namespace medsearch;
using Clock = std::chrono::steady_clock;

struct Sample {
  double add_ms = 0;
  double write_ms = 0;
  std::size_t held_bytes = 0;  // held by the writer after all adds (heap + mapped)
  std::size_t peak_bytes = 0;  // peak above the baseline during add + write (heap + mapped)
};

template <typename Writer>
std::size_t mapped_bytes(const Writer& writer) {
  if constexpr (requires { writer.mapped_bytes(); }) {
    return writer.mapped_bytes();
  } else {
    return 0;
  }
}

// Not inlined, so callgrind can count it alone: --toggle-collect='*run_once*'.
template <typename Writer>
[[gnu::noinline]] Sample run_once(const std::vector<lexical::AnalyzedDocument>& docs, const std::string& path) {
  Sample s;
  const std::size_t baseline = g_heap_bytes;
  g_heap_peak = baseline;
  {
    Writer writer;
    const auto t0 = Clock::now();
    for (const auto& doc : docs) writer.add(doc);
    const auto t1 = Clock::now();
    s.held_bytes = g_heap_bytes - baseline + mapped_bytes(writer);
    writer.write(path);
    const auto t2 = Clock::now();
    s.peak_bytes = g_heap_peak - baseline + mapped_bytes(writer);
    s.add_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    s.write_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
  }
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void report(const char* name, const std::vector<Sample>& samples, std::size_t postings) {
  std::vector<double> add, write, total, held, peak;
  for (const Sample& s : samples) {
    add.push_back(s.add_ms);
    write.push_back(s.write_ms);
    total.push_back(s.add_ms + s.write_ms);
    held.push_back(static_cast<double>(s.held_bytes));
    peak.push_back(static_cast<double>(s.peak_bytes));
  }
  const double p = static_cast<double>(postings);
  std::printf("%-4s add %8.1f ms  write %7.1f ms  total %8.1f ms  %6.2f M postings/s  held %6.1f MB (%5.1f B/posting)  peak %6.1f MB (%5.1f B/posting)\n",
              name, median(add), median(write), median(total), p / median(total) / 1e3, median(held) / 1e6,
              median(held) / p, median(peak) / 1e6, median(peak) / p);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.xml.gz[,FILE2...] [docs=5000] [runs=5] [both|old|new]\n", argv[0]);
    return 2;
  }
  const std::string input = argv[1];
  const std::size_t max_docs = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 5000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  const std::string which = argc > 4 ? argv[4] : "both";

  lexical::DocumentAnalyzer analyzer;
  std::vector<lexical::AnalyzedDocument> docs;
  std::size_t postings = 0;
  std::stringstream files(input);
  for (std::string file; docs.size() < max_docs && std::getline(files, file, ',');) {
    auto source = ingest::open_record_source(file, ingest::InputFormat::Auto);
    ingest::Record record;
    while (docs.size() < max_docs && source->next(record)) {
      if (record.kind != ingest::RecordKind::Article) continue;
      docs.emplace_back();
      analyzer.analyze(record.article, docs.back());
      postings += docs.back().postings.size();
    }
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  const std::string old_path = dir + "/bench_segment_writer_old.lex";
  const std::string new_path = dir + "/bench_segment_writer_new.lex";
  std::printf("%zu documents, %zu postings (%.1f per document), %d runs, median of each\n", docs.size(), postings,
              static_cast<double>(postings) / static_cast<double>(docs.size()), runs);

  std::vector<Sample> old_samples, new_samples;
  for (int r = 0; r < runs; ++r) {
    if (which != "new") old_samples.push_back(run_once<lexical::reference::ReferenceSegmentWriter>(docs, old_path));
    if (which != "old") new_samples.push_back(run_once<lexical::SegmentIndexWriter>(docs, new_path));
  }
  if (!old_samples.empty()) report("old", old_samples, postings);
  if (!new_samples.empty()) report("new", new_samples, postings);
  int rc = 0;
  if (which == "both") {
    const bool same = slurp(old_path) == slurp(new_path);
    std::printf("S.lex files %s (%zu bytes)\n", same ? "byte-identical" : "DIFFER", slurp(new_path).size());
    rc = same ? 0 : 1;
  }
  std::remove(old_path.c_str());
  std::remove(new_path.c_str());
  return rc;
}
