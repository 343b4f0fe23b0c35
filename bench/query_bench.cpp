// bench_query: query latency and throughput of medsearch's lexical search on an index
// built by `medsearch ingest`. A benchmark, not a test (DESIGN.md §5): it prints JSON
// lines and bench/lexical_bench.sh compares them with bench_xapian (the peer), which
// uses the same harness (query_harness.hpp).
//
//   bench_query --index DIR --queries FILE [--threads N] [--k 10] [--repeat R] [--dump F]
//               [--times F] [--ids-only] [--budget-ms MS] [--helper-threads H] [--facets]
//               [--malloc-defaults] [--snippets]
//
// Every query goes through the public API the apps use: one engine::Searcher over one
// engine::IndexReader, shared by all threads; SearchRequest{query, limit = k} with the
// default ranking (BM25F), relevance order and snippets off. So each execution parses the
// PubMed-syntax query, compiles it, evaluates the Boolean part (if any), ranks with
// MaxScore, and materialises k hits: by default what a results page shows (PMID, title,
// journal, year, authors, decoded from the doc store); with --ids-only just the PMIDs
// (SearchRequest::fetch_documents = false, as batch evaluation runs do). --budget-ms sets
// SearchRequest::budget_ms (the server's time budget; its checks are what it measures).
// --helper-threads sets SearcherOptions::helper_threads (a query's segments searched on two
// threads; decision 0032). --facets asks each search for its facet counts and timeline
// (SearchRequest::facets, what the web page asks for; issue 19's budget) and prints, on
// stderr at the end, the entries and bytes the facet cache then holds (decision 0036). Like
// `serve`, it keeps freed memory for reuse (core/memory_reuse.hpp); --malloc-defaults leaves
// glibc's defaults, to measure what that changes (decision 0034). --snippets asks for each
// hit's query-biased snippet as well (SearchRequest::snippets, what /api/search always
// returns), so the cost of snippets can be told from the HTTP layer's. Defaults: N = hardware threads,
// k = 10, R = 3, no budget, H as a server's (1 on a machine with a second core).
#include <cstdio>
#include <exception>
#include <string>

#include "medsearch/core/memory_reuse.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "query_harness.hpp"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: bench_query --index DIR --queries FILE [--threads N] [--k 10] [--repeat 3] [--dump FILE]\n"
               "                   [--times FILE] [--ids-only] [--budget-ms MS] [--helper-threads H] [--facets]\n"
               "                   [--malloc-defaults] [--snippets]\n"
               "  FILE: one query per line, or class<TAB>query; prints one JSON line per class and one for all\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bench::HarnessOptions options;
  options.engine = "medsearch";
  options.threads = bench::default_threads();
  std::string index_dir;
  std::uint32_t budget_ms = 0;
  bool facets = false;
  bool malloc_defaults = false;
  bool snippets = false;
  medsearch::engine::SearcherOptions searcher_options;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string name = argv[i];
      if (name == "-h" || name == "--help") return usage();
      if (name == "--ids-only") {
        options.ids_only = true;
        continue;
      }
      if (name == "--facets") {
        facets = true;
        continue;
      }
      if (name == "--malloc-defaults") {
        malloc_defaults = true;
        continue;
      }
      if (name == "--snippets") {
        snippets = true;
        continue;
      }
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_query: %s needs a value\n", name.c_str());
        return usage();
      }
      const std::string value = argv[++i];
      if (name == "--index") {
        index_dir = value;
      } else if (name == "--helper-threads") {
        searcher_options.helper_threads = static_cast<unsigned>(std::stoul(value));
      } else if (name == "--budget-ms") {
        budget_ms = static_cast<std::uint32_t>(std::stoul(value));
      } else if (!bench::parse_harness_option(name, value, options)) {
        std::fprintf(stderr, "bench_query: unknown option %s\n", name.c_str());
        return usage();
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_query: %s\n", e.what());
    return usage();
  }
  if (index_dir.empty() || options.queries_path.empty()) return usage();
  if (!malloc_defaults) medsearch::keep_freed_memory_for_reuse();

  try {
    const medsearch::engine::IndexReader index(index_dir);
    const medsearch::engine::Searcher searcher(index, searcher_options);
    options.extra_json = ",\"documents\":" + std::to_string(index.live_count()) +
                         ",\"segments\":" + std::to_string(index.lexical_segments().size()) +
                         ",\"snippets\":" + (snippets ? "true" : "false");
    const std::size_t k = options.k;
    const bool fetch = !options.ids_only;
    bench::run_harness(options, [&searcher, k, fetch, budget_ms, facets, snippets]() -> bench::Worker {
      return [&searcher, k, fetch, budget_ms, facets, snippets](const std::string& query, bench::QueryAnswer& answer, bool /*count_all*/) {
        medsearch::engine::SearchRequest request;
        request.query = query;
        request.limit = k;
        request.budget_ms = budget_ms;
        request.snippets = snippets && fetch;
        request.fetch_documents = fetch;
        request.facets = facets;
        const medsearch::engine::SearchResponse response = searcher.search(request);
        answer.hits = response.hits.size();
        answer.total = response.total;
        answer.total_exact = response.total_is_exact;
        answer.ids.clear();
        for (const auto& hit : response.hits) answer.ids.push_back(hit.id);
      };
    });
    if (facets) {
      std::fprintf(stderr, "bench_query: facet cache: %zu entries, %.1f MB\n", searcher.facet_cache().entries(),
                   static_cast<double>(searcher.facet_cache().bytes()) / (1 << 20));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_query: %s\n", e.what());
    return 1;
  }
  return 0;
}
