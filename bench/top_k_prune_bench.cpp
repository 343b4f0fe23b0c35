// bench_top_k_prune: how much lexical::top_k's dynamic pruning saves over exhaustive
// scoring, on a randomised corpus. A benchmark, not a test (DESIGN.md §5): not in ctest.
//
//   cmake --build --preset release --target bench_top_k_prune
//   build/release/bench/bench_top_k_prune [docs=100000] [segments=4] [queries=200] [runs=5] [terms=3] [uniform|drifting]
//
// Corpus: `docs` documents over `segments` segments, words drawn from a Zipf (1/rank)
// vocabulary of 20,000 words, field lengths like the oracle tests' (title 3–12 words,
// abstract 20–219 in 4 of 5 documents, keywords, MeSH); or, "drifting", eight eras in
// DocId order: title-only records first, then ever longer abstracts, each era with its
// own tail vocabulary (what block-max bounds can exploit; uniform documents give every
// block of a list about the same bound). Queries: `terms` terms, OR, each term's
// frequency rank drawn log-uniformly from [1, 5000], default BM25F parameters, no filter.
// For k in {10, 100} it prints, per search and summed over the mix, the documents whose
// score was computed at all (TopKResult::evaluated) and those scored in full
// (TopKResult::matched), the median over `runs` of the mix's wall time per query, and
// checks that top_k returns exactly what top_k_exhaustive does.
#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/top_k.hpp"

namespace {

using namespace medsearch;
using namespace medsearch::lexical;

constexpr std::size_t kVocabulary = 20000;

// Words the analyzer keeps as they are: q, one syllable per decimal digit of i, x.
std::string word(std::size_t i) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ro", "si", "tu", "va", "ze"};
  std::string w = "q";
  do {
    w += kSyllables[i % 10];
    i /= 10;
  } while (i > 0);
  return w + "x";
}

// Zipf with exponent 1: rank r (0-based) with probability about 1 / (r + 1).
std::size_t zipf_rank(std::mt19937& rng, std::size_t vocabulary) {
  const double u = std::uniform_real_distribution<double>(0, 1)(rng);
  return std::min(vocabulary - 1, static_cast<std::size_t>(std::exp(u * std::log(static_cast<double>(vocabulary)))) - 1);
}

// With `shift`, all but the 20 most frequent words are rotated (a drifting topic mix).
std::string random_text(std::mt19937& rng, std::size_t length, std::size_t shift = 0) {
  std::string text;
  for (std::size_t i = 0; i < length; ++i) {
    if (!text.empty()) text += ' ';
    const std::size_t r = zipf_rank(rng, kVocabulary);
    text += word(r < 20 ? r : 20 + (r - 20 + shift) % (kVocabulary - 20));
  }
  return text;
}

// Uniformly random fields, or (drifting) fields of era 0..7 of a corpus that drifts as
// PubMed does: title-only records first, then ever longer abstracts, each era its topics.
Article random_article(std::mt19937& rng, bool drifting, std::size_t era) {
  Article a;
  if (!drifting) {
    a.title = random_text(rng, 3 + rng() % 10);
    if (rng() % 5 != 0) a.abstract.push_back({"", "", random_text(rng, 20 + rng() % 200)});
    if (rng() % 3 == 0) a.keywords = {random_text(rng, 2), random_text(rng, 1)};
    if (rng() % 2 == 0) a.mesh_headings.push_back({"D1", random_text(rng, 2), false, {}});
    return a;
  }
  const std::size_t shift = era * kVocabulary / 8;
  a.title = random_text(rng, (era < 2 ? 8 : 3) + rng() % 10, shift);
  if (era >= 2) a.abstract.push_back({"", "", random_text(rng, 25 * era + rng() % 100, shift)});
  if (rng() % 2 == 0) a.mesh_headings.push_back({"D1", random_text(rng, 2, shift), false, {}});
  return a;
}

struct Corpus {
  std::filesystem::path dir;
  std::vector<std::unique_ptr<SegmentIndex>> indexes;
  std::vector<SegmentView> segments;
  ~Corpus() { std::filesystem::remove_all(dir); }
};

std::unique_ptr<Corpus> build_corpus(std::mt19937& rng, std::size_t docs, std::size_t segment_count, bool drifting) {
  auto corpus = std::make_unique<Corpus>();
  corpus->dir = std::filesystem::temp_directory_path() / ("medsearch-topk-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(corpus->dir);
  std::size_t made = 0;
  for (std::size_t s = 0; s < segment_count; ++s) {
    const std::size_t in_segment = s + 1 == segment_count ? docs - made : docs / segment_count;
    SegmentIndexWriter writer;
    for (std::size_t d = 0; d < in_segment; ++d) {
      Article a = random_article(rng, drifting, (made + d) * 8 / docs);
      a.id = std::to_string(made + d);
      writer.add(a);
    }
    const std::string path = (corpus->dir / ("s" + std::to_string(s) + ".lex")).string();
    writer.write(path);
    corpus->indexes.push_back(std::make_unique<SegmentIndex>(path));
    corpus->segments.push_back({corpus->indexes.back().get(), static_cast<std::uint32_t>(made)});
    made += in_segment;
  }
  return corpus;
}

std::vector<std::vector<QueryTerm>> query_mix(std::mt19937& rng, std::size_t count, std::size_t terms) {
  std::vector<std::vector<QueryTerm>> queries(count);
  for (auto& q : queries) {
    for (std::size_t t = 0; t < terms; ++t) q.push_back({word(zipf_rank(rng, 5000)), 0x0f, 1.0f});
  }
  return queries;
}

using Search = std::function<TopKResult(const std::vector<SegmentView>&, const std::vector<QueryTerm>&,
                                        const RankingParams&, std::size_t, const DocFilter&, const DeadDocuments*)>;

struct MixRun {
  std::uint64_t evaluated = 0;
  std::uint64_t matched = 0;
  double seconds = 0;
  std::vector<RankedList> hits;
};

MixRun run_mix(Search search, const Corpus& corpus, const std::vector<std::vector<QueryTerm>>& queries, std::size_t k) {
  MixRun run;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& q : queries) {
    TopKResult r = search(corpus.segments, q, RankingParams{}, k, DocFilter{}, nullptr);  // nothing deleted
    run.evaluated += r.evaluated;
    run.matched += r.matched;
    run.hits.push_back(std::move(r.hits));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t docs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::size_t segment_count = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 4;
  const std::size_t query_count = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
  const int runs = argc > 4 ? std::atoi(argv[4]) : 5;
  const std::size_t terms = argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 3;
  const bool drifting = argc > 6 && std::string(argv[6]) == "drifting";
  std::mt19937 rng(100003);
  const auto corpus = build_corpus(rng, docs, segment_count, drifting);
  const auto queries = query_mix(rng, query_count, terms);
  std::printf("corpus: %zu%s docs, %zu segments; %zu %zu-term OR queries; median of %d runs\n", docs,
              drifting ? " drifting" : "", segment_count, query_count, terms, runs);
  for (std::size_t k : {10u, 100u}) {
    std::vector<double> pruned_s, exhaustive_s;
    MixRun pruned, exhaustive;
    for (int r = 0; r < runs; ++r) {
      pruned = run_mix([](const auto&... a) { return top_k(a...); }, *corpus, queries, k);  // no deadline
      exhaustive = run_mix([](const auto&... a) { return top_k_exhaustive(a...); }, *corpus, queries, k);
      pruned_s.push_back(pruned.seconds);
      exhaustive_s.push_back(exhaustive.seconds);
    }
    const bool same = pruned.hits == exhaustive.hits;
    for (const auto& [name, run, seconds] : {std::tuple{"top_k", &pruned, &pruned_s},
                                              std::tuple{"exhaustive", &exhaustive, &exhaustive_s}}) {
      std::printf("k=%-3zu %-10s evaluated %9llu  scored in full %9llu  %8.3f ms/query\n", k, name,
                  static_cast<unsigned long long>(run->evaluated), static_cast<unsigned long long>(run->matched),
                  1e3 * median(*seconds) / static_cast<double>(query_count));
    }
    std::printf("k=%-3zu speed-up %.2fx, identical hits: %s\n", k, median(exhaustive_s) / median(pruned_s),
                same ? "yes" : "NO");
    if (!same) return 1;
  }
  return 0;
}
