// The query-timing harness shared by bench_query (medsearch) and bench_xapian search
// (the peer), so both engines are measured by the same code: same query file reading,
// same clock, same percentiles, same thread pool, same JSON. A benchmark, not a test
// (DESIGN.md §5); bench/lexical_bench.sh runs both and compares.
//
// Query file: one query per line, either `query` or `class<TAB>query`; empty lines and
// lines starting with '#' are skipped. Queries without a class get the class "queries".
//
// Phases, all in one process on an index already opened (its open time is not counted):
//   1. warm-up: every query once, untimed, on one thread (faults the index's pages in and
//      fills the --dump file when asked);
//   2. latency: the whole file `repeat` times in file order on one thread, each execution
//      timed alone (steady_clock); p50/p90/p99 are nearest-rank percentiles over all
//      executions of a class (queries × repeat), mean and max likewise;
//   3. throughput: `threads` threads take queries from a shared counter over the whole file
//      repeated `repeat` times; QPS = executions / wall time from the moment every thread
//      holds its engine handle to the last answer. Then the same per class (the class's
//      queries only), so each class has its own QPS under load.
// A query that throws is counted under "errors" and left out of the timings.
// --dump FILE writes each query's warm-up answer (ids, match count) as JSON lines;
// --times FILE each query's median and max latency (for per-query analysis).
//
// Output: one JSON line per class, then one with "class":"all" (latency over every
// execution, QPS over the whole file).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace bench {

struct QueryLine {
  std::string cls;
  std::string text;
};

// What one execution returned (for the dump and the sanity columns).
struct QueryAnswer {
  std::size_t hits = 0;             // documents returned (≤ k)
  std::uint64_t total = 0;          // matching documents as the engine reports them
  bool total_exact = false;         // whether `total` is exact or an estimate / lower bound
  std::vector<std::string> ids;     // the returned documents' external ids (PMIDs), best first
};

// One engine handle per thread: the worker runs one query and fills the answer.
// `count_all` is true only in the warm-up pass when a dump is written: an engine that
// normally estimates the number of matches may then count them exactly (untimed).
using Worker = std::function<void(const std::string& query, QueryAnswer& answer, bool count_all)>;
using WorkerFactory = std::function<Worker()>;

struct HarnessOptions {
  std::string engine;       // "medsearch" | "xapian", copied into every JSON line
  std::string queries_path;
  std::string dump_path;    // warm-up answers as JSON lines, when not empty
  std::string times_path;   // per query: median and max of its latency executions, when not empty
  unsigned threads = 1;
  std::size_t k = 10;
  unsigned repeat = 3;
  bool ids_only = false;    // hits carry only the PMID (no title, journal, authors)
  std::string extra_json;   // appended to every JSON line (",\"key\":value..."), may be empty
};

inline std::vector<QueryLine> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open query file '" + path + "'");
  std::vector<QueryLine> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      out.push_back({"queries", line});
    } else {
      out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
  }
  if (out.empty()) throw std::runtime_error("query file '" + path + "' holds no queries");
  return out;
}

inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

// Nearest-rank percentile of sorted samples (p in 0..100).
inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

struct ClassStats {
  std::vector<double> ms;  // one per timed execution
  std::size_t queries = 0;
  std::size_t errors = 0;
  std::size_t zero_hit_queries = 0;  // from the warm-up pass
  double hits_sum = 0;               // warm-up: sum of returned hits
  double total_sum = 0;              // warm-up: sum of reported matches
  double qps = 0;
  double throughput_seconds = 0;
  std::size_t throughput_runs = 0;
};

// Runs `tasks` (indices into `queries`) on `threads` threads; returns (seconds, executions).
inline std::pair<double, std::size_t> run_throughput(const std::vector<QueryLine>& queries,
                                                     const std::vector<std::size_t>& tasks, unsigned threads,
                                                     const WorkerFactory& make_worker, std::size_t& errors) {
  std::vector<Worker> workers;
  for (unsigned t = 0; t < threads; ++t) workers.push_back(make_worker());  // opened before the clock
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> failed{0};
  std::atomic<unsigned> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      QueryAnswer answer;
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= tasks.size()) break;
        try {
          workers[t](queries[tasks[i]].text, answer, false);
          done.fetch_add(1, std::memory_order_relaxed);
        } catch (const std::exception&) {
          failed.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  const auto start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  for (auto& th : pool) th.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  errors += failed.load();
  return {seconds, done.load()};
}

inline void print_line(const HarnessOptions& o, const std::string& cls, ClassStats& s) {
  std::sort(s.ms.begin(), s.ms.end());
  double sum = 0;
  for (double v : s.ms) sum += v;
  const double mean = s.ms.empty() ? 0 : sum / static_cast<double>(s.ms.size());
  const double q = s.queries > 0 ? static_cast<double>(s.queries) : 1;
  std::printf(
      "{\"engine\":%s,\"hits_mode\":\"%s\",\"class\":%s,\"queries\":%zu,\"repeat\":%u,\"k\":%zu,\"executions\":%zu,\"errors\":%zu,"
      "\"p50_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,\"max_ms\":%.4f,"
      "\"threads\":%u,\"qps\":%.1f,\"throughput_seconds\":%.3f,\"throughput_executions\":%zu,"
      "\"zero_hit_queries\":%zu,\"mean_hits\":%.2f,\"mean_total\":%.1f%s}\n",
      json_string(o.engine).c_str(), o.ids_only ? "ids" : "full", json_string(cls).c_str(), s.queries, o.repeat, o.k, s.ms.size(), s.errors,
      percentile(s.ms, 50), percentile(s.ms, 90), percentile(s.ms, 99), mean, s.ms.empty() ? 0.0 : s.ms.back(),
      o.threads, s.qps, s.throughput_seconds, s.throughput_runs, s.zero_hit_queries, s.hits_sum / q,
      s.total_sum / q, o.extra_json.c_str());
  std::fflush(stdout);
}

inline void run_harness(const HarnessOptions& o, const WorkerFactory& make_worker) {
  const std::vector<QueryLine> queries = load_queries(o.queries_path);
  std::vector<std::string> classes;  // in order of first appearance
  std::map<std::string, ClassStats> stats;
  for (const QueryLine& q : queries) {
    if (stats.find(q.cls) == stats.end()) classes.push_back(q.cls);
    ++stats[q.cls].queries;
  }
  ClassStats all;
  all.queries = queries.size();

  Worker worker = make_worker();
  QueryAnswer answer;
  std::unique_ptr<std::ofstream> dump;
  if (!o.dump_path.empty()) {
    dump = std::make_unique<std::ofstream>(o.dump_path);
    if (!*dump) throw std::runtime_error("cannot write '" + o.dump_path + "'");
  }
  // 1. warm-up
  std::vector<bool> failed(queries.size(), false);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const QueryLine& q = queries[i];
    ClassStats& s = stats[q.cls];
    answer = QueryAnswer{};
    std::string error;
    try {
      worker(q.text, answer, dump != nullptr);
    } catch (const std::exception& e) {
      failed[i] = true;
      error = e.what();
      std::fprintf(stderr, "%s: query %zu failed: %s: %s\n", o.engine.c_str(), i + 1, q.text.c_str(), e.what());
    }
    if (!failed[i]) {
      s.hits_sum += static_cast<double>(answer.hits);
      s.total_sum += static_cast<double>(answer.total);
      if (answer.hits == 0) ++s.zero_hit_queries;
      all.hits_sum += static_cast<double>(answer.hits);
      all.total_sum += static_cast<double>(answer.total);
      if (answer.hits == 0) ++all.zero_hit_queries;
    }
    if (dump) {
      *dump << "{\"n\":" << i + 1 << ",\"class\":" << json_string(q.cls) << ",\"query\":" << json_string(q.text);
      if (failed[i]) {
        *dump << ",\"error\":" << json_string(error);
      } else {
        *dump << ",\"total\":" << answer.total << ",\"total_exact\":" << (answer.total_exact ? "true" : "false")
              << ",\"ids\":[";
        for (std::size_t h = 0; h < answer.ids.size(); ++h) *dump << (h ? "," : "") << json_string(answer.ids[h]);
        *dump << "]";
      }
      *dump << "}\n";
    }
  }
  dump.reset();

  // 2. latency, one thread
  std::vector<std::vector<double>> per_query(queries.size());
  for (unsigned r = 0; r < o.repeat; ++r) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      ClassStats& s = stats[queries[i].cls];
      if (failed[i]) {
        ++s.errors;
        ++all.errors;
        continue;
      }
      const auto t0 = std::chrono::steady_clock::now();
      worker(queries[i].text, answer, false);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      s.ms.push_back(ms);
      all.ms.push_back(ms);
      per_query[i].push_back(ms);
    }
  }
  worker = nullptr;
  if (!o.times_path.empty()) {
    std::ofstream times(o.times_path);
    if (!times) throw std::runtime_error("cannot write '" + o.times_path + "'");
    for (std::size_t i = 0; i < queries.size(); ++i) {
      std::vector<double>& v = per_query[i];
      if (v.empty()) continue;
      std::sort(v.begin(), v.end());
      times << "{\"n\":" << i + 1 << ",\"class\":" << json_string(queries[i].cls)
            << ",\"median_ms\":" << percentile(v, 50) << ",\"max_ms\":" << v.back() << "}\n";
    }
  }

  // 3. throughput, `threads` threads: whole file, then each class alone
  std::vector<std::size_t> tasks;
  for (unsigned r = 0; r < o.repeat; ++r) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (!failed[i]) tasks.push_back(i);
    }
  }
  std::size_t ignored = 0;
  auto [seconds, done] = run_throughput(queries, tasks, o.threads, make_worker, ignored);
  all.throughput_seconds = seconds;
  all.throughput_runs = done;
  all.qps = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  for (const std::string& cls : classes) {
    std::vector<std::size_t> class_tasks;
    for (std::size_t i : tasks) {
      if (queries[i].cls == cls) class_tasks.push_back(i);
    }
    ClassStats& s = stats[cls];
    auto [cs, cd] = run_throughput(queries, class_tasks, o.threads, make_worker, ignored);
    s.throughput_seconds = cs;
    s.throughput_runs = cd;
    s.qps = cs > 0 ? static_cast<double>(cd) / cs : 0;
  }

  for (const std::string& cls : classes) print_line(o, cls, stats[cls]);
  print_line(o, "all", all);
}

// One option both programs share: --queries FILE, --threads N, --k N, --repeat R,
// --dump FILE, --times FILE (the flag --ids-only is handled by the callers). Returns false for a name it does not know (the caller's own options);
// throws std::invalid_argument for a bad value.
inline bool parse_harness_option(const std::string& name, const std::string& value, HarnessOptions& o) {
  auto number = [&](unsigned long lo, unsigned long hi) {
    std::size_t used = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != value.size() || v < lo || v > hi) {
      throw std::invalid_argument(name + " wants a number in " + std::to_string(lo) + ".." + std::to_string(hi) +
                                  ", got '" + value + "'");
    }
    return v;
  };
  if (name == "--queries") {
    o.queries_path = value;
  } else if (name == "--threads") {
    o.threads = static_cast<unsigned>(number(1, 1024));
  } else if (name == "--k") {
    o.k = number(1, 1000);
  } else if (name == "--repeat") {
    o.repeat = static_cast<unsigned>(number(1, 1000));
  } else if (name == "--dump") {
    o.dump_path = value;
  } else if (name == "--times") {
    o.times_path = value;
  } else {
    return false;
  }
  return true;
}

inline unsigned default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace bench
