// bench_block_bounds: how tight the per-block score bounds are for one-term queries on a
// real index. A measurement, not a test (DESIGN.md §5): not in ctest.
//
//   build/release/bench/bench_block_bounds --index DIR --queries TSV [--class 1term] [--k 10]
//
// For each query of the class (TSV: class, query; queries that analyse to one prose term)
// it runs lexical::top_k for the final k-th score θ, then reads every block of the term's
// list in every segment and counts the blocks whose bound reaches θ, for four bounds:
//   skip maxima   TermScorer::block_bound from the skip entry's per-field maxima alone
//                 (each field's largest tf and smallest length, wherever they occur in
//                 the block): what top_k used before lexicon version 2;
//   reference     block_bound with the block's max_reference_tf scaled by
//                 reference_factor (lexicon version 2; as the skip maxima on version 1):
//                 what top_k uses;
//   per-field     the largest combine(f, tf, length) per field over the block's documents,
//                 summed over fields (what per-field (tf, length) impact lists, as Lucene
//                 keeps, could give: tf and length of one document, fields still apart);
//   exact         the largest score of a document of the block.
// A block below θ need not be decoded once the threshold has reached θ, so the counts say
// how many blocks each bound leaves to decode at the end of a search (the search decodes
// more while its threshold grows: TopKResult::evaluated is printed beside them).
// Default BM25F parameters (lexical::RankingParams), no filter but the dead documents.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/lexical/ranking.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "medsearch/text/analyzer.hpp"

namespace {

using namespace medsearch;
using namespace medsearch::lexical;

struct Counts {
  std::uint64_t blocks = 0, postings = 0;
  std::uint64_t stored = 0, reference = 0, per_field = 0, exact = 0;  // blocks whose bound reaches θ
  std::uint64_t stored_postings = 0, reference_postings = 0, per_field_postings = 0, exact_postings = 0;
  std::uint64_t evaluated = 0;  // top_k's TopKResult::evaluated
};

// Adds the blocks of `term`'s list in `segment` to `counts`.
void count_blocks(const SegmentView& segment, const std::string& key, const TermScorer& scorer, float theta,
                  Counts& counts) {
  const auto info = segment.index->find(key);
  if (!info) return;
  PostingCursor cursor(*segment.index, *info);
  const double factor = scorer.reference_factor(segment.index->reference_norm());
  for (std::uint32_t b = 0; b < cursor.block_count(); ++b) {
    const BlockSkip skip = cursor.skip(b);
    std::array<float, kTextFieldCount> field_max{};
    float exact = 0;
    std::uint64_t size = 0;
    for (; cursor.doc() != kEndDoc && cursor.doc() <= skip.last_doc; cursor.next(), ++size) {
      std::array<std::uint32_t, kTextFieldCount> tf{}, lengths{};
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        tf[f] = cursor.tf(f);
        lengths[f] = segment.index->field_length(cursor.doc(), f);
        field_max[f] = std::max(field_max[f], scorer.combine(f, tf[f], lengths[f]));
      }
      exact = std::max(exact, scorer.score(tf, lengths));
    }
    double tf_tilde = 0;
    for (const float m : field_max) tf_tilde += m;
    const float per_field = scorer.finish(tf_tilde);
    counts.blocks += 1;
    counts.postings += size;
    if (scorer.block_bound(skip) >= theta) counts.stored += 1, counts.stored_postings += size;
    if (scorer.block_bound(skip, factor) >= theta) counts.reference += 1, counts.reference_postings += size;
    if (per_field >= theta) counts.per_field += 1, counts.per_field_postings += size;
    if (exact >= theta) counts.exact += 1, counts.exact_postings += size;
  }
}

double percent(std::uint64_t part, std::uint64_t whole) { return whole == 0 ? 0 : 100.0 * part / whole; }

}  // namespace

int main(int argc, char** argv) {
  std::string index_dir, queries_path, wanted_class = "1term";
  std::size_t k = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--index")
      index_dir = value;
    else if (name == "--queries")
      queries_path = value;
    else if (name == "--class")
      wanted_class = value;
    else if (name == "--k")
      k = std::stoul(value);
    else {
      std::fprintf(stderr, "bench_block_bounds: unknown option %s\n", name.c_str());
      return 2;
    }
  }
  if (index_dir.empty() || queries_path.empty()) {
    std::fprintf(stderr, "usage: bench_block_bounds --index DIR --queries TSV [--class 1term] [--k 10]\n");
    return 2;
  }
  try {
    const engine::IndexReader reader(index_dir);
    const auto& segments = reader.lexical_segments();
    const DeadDocuments* dead = reader.dead_documents().docs > 0 ? &reader.dead_documents() : nullptr;
    const DocFilter filter{&reader.deleted(), nullptr};
    const RankingParams params;
    const text::Analyzer analyzer(text::prose_options());
    std::ifstream in(queries_path);
    if (!in) throw std::runtime_error(queries_path + ": cannot open");
    Counts total;
    std::vector<double> stored_share, reference_share, per_field_share, exact_share;  // per query, % of blocks
    std::size_t queries = 0, skipped = 0;
    std::string line;
    while (std::getline(in, line)) {
      const auto tab = line.find('\t');
      if (tab == std::string::npos || line.substr(0, tab) != wanted_class) continue;
      const std::vector<std::string> terms = analyzer.terms(line.substr(tab + 1));
      if (terms.size() != 1) {
        ++skipped;
        continue;
      }
      const std::vector<QueryTerm> query = {QueryTerm{terms[0]}};
      const TopKResult top = top_k(segments, query, params, k, filter, dead);
      if (top.hits.size() < k) {
        ++skipped;  // fewer than k matches: every block must be read
        continue;
      }
      const float theta = top.hits.back().score;
      const TermScorer scorer(params, collection_stats(segments, dead), live_doc_freq(segments, terms[0], dead),
                              QueryTerm{}.field_scope);
      Counts counts;
      const std::string key = make_key(KeySpace::Prose, terms[0]);
      for (const SegmentView& segment : segments) count_blocks(segment, key, scorer, theta, counts);
      counts.evaluated = top.evaluated;
      stored_share.push_back(percent(counts.stored, counts.blocks));
      reference_share.push_back(percent(counts.reference, counts.blocks));
      per_field_share.push_back(percent(counts.per_field, counts.blocks));
      exact_share.push_back(percent(counts.exact, counts.blocks));
      total.blocks += counts.blocks;
      total.postings += counts.postings;
      total.stored += counts.stored;
      total.reference += counts.reference;
      total.reference_postings += counts.reference_postings;
      total.per_field += counts.per_field;
      total.exact += counts.exact;
      total.stored_postings += counts.stored_postings;
      total.per_field_postings += counts.per_field_postings;
      total.exact_postings += counts.exact_postings;
      total.evaluated += counts.evaluated;
      ++queries;
    }
    const auto median = [](std::vector<double> v) {
      if (v.empty()) return 0.0;
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    std::printf(
        "index %s: %zu segments, %u documents; class %s, k %zu: %zu queries (%zu left out: not one term, or < k "
        "hits)\n",
        index_dir.c_str(), segments.size(), reader.doc_count(), wanted_class.c_str(), k, queries, skipped);
    std::printf("all blocks %llu (%llu postings); top_k evaluated %llu documents\n",
                static_cast<unsigned long long>(total.blocks), static_cast<unsigned long long>(total.postings),
                static_cast<unsigned long long>(total.evaluated));
    std::printf(
        "| bound | blocks reaching θ | %% of blocks | postings in them | median %% per query "
        "|\n|---|---:|---:|---:|---:|\n");
    const auto row = [&](const char* name, std::uint64_t blocks, std::uint64_t postings,
                         const std::vector<double>& share) {
      std::printf("| %s | %llu | %.2f | %llu | %.2f |\n", name, static_cast<unsigned long long>(blocks),
                  percent(blocks, total.blocks), static_cast<unsigned long long>(postings), median(share));
    };
    row("skip maxima (max tf, min length per field)", total.stored, total.stored_postings, stored_share);
    row("reference maximum (version 2), else skip maxima", total.reference, total.reference_postings, reference_share);
    row("per-field (tf, length) maxima", total.per_field, total.per_field_postings, per_field_share);
    row("exact block maximum", total.exact, total.exact_postings, exact_share);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_block_bounds: %s\n", e.what());
    return 1;
  }
  return 0;
}
