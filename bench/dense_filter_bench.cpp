// dense_filter_bench: what a filter costs a dense search, and what it does to its answers,
// on an index with vectors (`medsearch embed`). A benchmark, not a test (DESIGN.md §5).
//
//   dense_filter_bench --index DIR --queries FILE [--fractions 0.001,0.01,0.05,0.2]
//                      [--k 10] [--seed 1] [--max-queries 200] [--ef N]
//
// For each fraction f, a seeded random f of the documents is allowed (a DocSet, as the
// engine's filters and Boolean parts make one), and each query text (one per line, or
// class<TAB>query) is embedded once and searched three ways, in rotating order:
//   - plan:  engine::DenseIndex::search, the engine's plan (exact scoring when at most
//            kExactSearchLimit documents are allowed, else FAISS with the allowed set as
//            id selector, its widening bounded by the allowed count, then the exact
//            fallback; docs/dense.md "Search", decisions 0038);
//   - exact: DenseIndex::search_exact, every allowed document scored (the oracle);
// and prints per fraction: allowed documents, p50 / p99 ms of each, recall@k of the plan
// against the exact answer, and how often the plan took FAISS and the exact fallback.
// A fraction of 1 (or more) is the unfiltered search: no DocSet at all, as a dense query
// without filters runs. --ef sets the request's ef_search (0: the index's default).
// One thread; the same process, so both see the same page cache.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/index/index_reader.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using medsearch::DocId;
using medsearch::DocSet;
using medsearch::RankedList;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::vector<double> parse_fractions(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stod(item));
  return out;
}

int usage() {
  std::fprintf(stderr,
               "usage: dense_filter_bench --index DIR --queries FILE [--fractions 0.001,0.01,0.05,0.2] [--k 10] "
               "[--seed 1] [--max-queries 200] [--ef N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index_dir, queries_path;
  std::vector<double> fractions = {0.001, 0.01, 0.05, 0.2};
  std::size_t k = 10, max_queries = 200;
  std::uint64_t seed = 1;
  medsearch::engine::DenseSearchParams params;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--index") index_dir = value;
    else if (name == "--queries") queries_path = value;
    else if (name == "--fractions") fractions = parse_fractions(value);
    else if (name == "--k") k = std::stoul(value);
    else if (name == "--seed") seed = std::stoull(value);
    else if (name == "--max-queries") max_queries = std::stoul(value);
    else if (name == "--ef") params.ef_search = std::stoul(value);
    else return usage();
  }
  if (index_dir.empty() || queries_path.empty() || k == 0) return usage();
  try {
    const medsearch::engine::IndexReader index(index_dir);
    const medsearch::engine::DenseIndex dense(index, 1);
    std::vector<std::vector<float>> queries;
    std::ifstream in(queries_path);
    for (std::string line; std::getline(in, line) && queries.size() < max_queries;) {
      if (line.empty()) continue;
      queries.push_back(dense.embed_query(line.substr(line.find('\t') == std::string::npos ? 0 : line.find('\t') + 1)));
    }
    const std::uint32_t n = index.doc_count();
    std::printf("dense_filter_bench: %u documents, %zu queries, k=%zu, FAISS: %s, exact-search limit %llu\n", n,
                queries.size(), k, dense.uses_faiss() ? dense.state().index->factory.c_str() : "none",
                static_cast<unsigned long long>(medsearch::engine::kExactSearchLimit));
    std::printf("| allowed fraction | allowed | plan p50 | plan p99 | exact p50 | exact p99 | plan recall@%zu | FAISS | exact fallback |\n"
                "|---|---|---|---|---|---|---|---|---|\n", k);
    for (const double fraction : fractions) {
      const bool unfiltered = fraction >= 1;
      DocSet allowed(n);
      const DocSet* filter = unfiltered ? nullptr : &allowed;
      std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(fraction * 1e9));
      std::bernoulli_distribution pick(fraction);
      for (std::uint32_t d = 0; d < n; ++d) {
        if (unfiltered || pick(rng)) allowed.insert(DocId(d));
      }
      std::vector<double> plan_ms, exact_ms;
      double found = 0, wanted = 0;
      std::size_t faiss = 0, fallback = 0;
      for (std::size_t q = 0; q < queries.size(); ++q) {
        const float* query = queries[q].data();
        RankedList plan, exact;
        medsearch::engine::DenseSearchTrace trace;
        const auto run_plan = [&] {
          const auto t0 = Clock::now();
          plan = dense.search(query, k, filter, params, &trace);
          plan_ms.push_back(ms_since(t0));
        };
        const auto run_exact = [&] {
          const auto t0 = Clock::now();
          exact = dense.search_exact(query, k, filter);
          exact_ms.push_back(ms_since(t0));
        };
        if (q % 2 == 0) run_plan(), run_exact();
        else run_exact(), run_plan();
        faiss += trace.faiss;
        fallback += trace.exact_fallback;
        for (const auto& want : exact) {
          found += static_cast<double>(std::any_of(plan.begin(), plan.end(), [&](const auto& h) { return h.doc == want.doc; }));
        }
        wanted += static_cast<double>(exact.size());
      }
      std::printf("| %g | %llu | %.3f | %.3f | %.3f | %.3f | %.3f | %zu/%zu | %zu |\n", fraction,
                  static_cast<unsigned long long>(allowed.count()), percentile(plan_ms, 0.5), percentile(plan_ms, 0.99),
                  percentile(exact_ms, 0.5), percentile(exact_ms, 0.99), wanted > 0 ? found / wanted : 1.0, faiss,
                  queries.size(), fallback);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dense_filter_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
