// Per-thread segment writers keep NLM's update semantics exactly: whatever the thread
// count, batch size and thread timing, the index equals what applying the files' records
// one by one in file order gives (an oracle model below), and every ingest of the same
// files assigns the same DocIds.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <numeric>
#include <random>
#include <thread>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/file_batch.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/merge_policy.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

TEST(SplitContiguousBySize, RunsAreContiguousNonEmptyAndBalanced) {
  EXPECT_EQ(split_contiguous_by_size({5}, 4), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(split_contiguous_by_size({1, 1, 1, 1}, 2), (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_EQ(split_contiguous_by_size({10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2), (std::vector<std::size_t>{0, 1, 11}));
  EXPECT_EQ(split_contiguous_by_size({1, 1, 1}, 8), (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(split_contiguous_by_size({0, 0, 0, 0}, 3), (std::vector<std::size_t>{0, 1, 2, 4}));
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::uint64_t> sizes(1 + rng() % 30);
    for (auto& s : sizes) s = rng() % 1000;
    const unsigned parts = 1 + rng() % 9;
    const std::vector<std::size_t> bounds = split_contiguous_by_size(sizes, parts);
    ASSERT_EQ(bounds.size(), std::min<std::size_t>(parts, sizes.size()) + 1);
    ASSERT_EQ(bounds.front(), 0u);
    ASSERT_EQ(bounds.back(), sizes.size());
    for (std::size_t i = 1; i < bounds.size(); ++i) ASSERT_LT(bounds[i - 1], bounds[i]);
  }
}

// The oracle: NLM's semantics applied record by record, in file order.
struct Model {
  std::map<std::string, std::string> live;  // id -> title
  std::uint64_t replacements = 0, deletions_applied = 0, deletions_unknown = 0;

  void apply(const std::vector<FixtureCitation>& citations, const std::vector<std::string>& deletions) {
    for (const FixtureCitation& c : citations) {
      if (!live.insert_or_assign(c.pmid, c.title).second) ++replacements;
    }
    for (const std::string& id : deletions) {
      if (live.erase(id) > 0) ++deletions_applied;
      else ++deletions_unknown;
    }
  }
};

struct RandomFiles {
  std::vector<std::string> paths;
  Model model;
};

RandomFiles make_files(TempDir& tmp, std::mt19937& rng, int count) {
  RandomFiles out;
  const int pool = 60;  // few ids, so versions and deletions collide across files
  for (int f = 0; f < count; ++f) {
    std::vector<FixtureCitation> citations;
    const int n = static_cast<int>(rng() % 25);  // some files hold only deletions
    for (int r = 0; r < n; ++r) {
      citations.push_back({std::to_string(1 + rng() % pool), "file " + std::to_string(f) + " record " + std::to_string(r)});
    }
    std::vector<std::string> deletions;
    for (int d = static_cast<int>(rng() % 6); d > 0; --d) deletions.push_back(std::to_string(1 + rng() % (pool + 10)));
    out.model.apply(citations, deletions);
    char name[32];
    std::snprintf(name, sizeof name, "upd%04d.xml", f);
    out.paths.push_back(tmp.write(name, pubmed_xml(citations, deletions)));
  }
  return out;
}

// Ingests `files` in two runs (the second meets committed versions) and returns id -> DocId.
std::map<std::string, std::uint32_t> ingest_and_check(const std::string& dir, const RandomFiles& files,
                                                      IngestOptions options, const std::string& label) {
  const std::size_t half = files.paths.size() / 2;
  {
    Indexer indexer(dir, options);
    indexer.ingest(std::vector<std::string>(files.paths.begin(), files.paths.begin() + half), nullptr, nullptr);
  }
  {
    Indexer indexer(dir, options);
    indexer.ingest(std::vector<std::string>(files.paths.begin() + half, files.paths.end()), nullptr, nullptr);
  }
  IndexReader index(dir);
  EXPECT_EQ(index.live_count(), files.model.live.size()) << label;
  const store::IngestTotals& totals = index.manifest().totals;
  EXPECT_EQ(totals.replacements, files.model.replacements) << label;
  EXPECT_EQ(totals.deletions_applied, files.model.deletions_applied) << label;
  EXPECT_EQ(totals.deletions_unknown, files.model.deletions_unknown) << label;
  std::map<std::string, std::uint32_t> doc_ids;
  for (int id = 1; id <= 70; ++id) {
    const std::string key = std::to_string(id);
    const auto doc = index.find(key);
    const auto expected = files.model.live.find(key);
    if (expected == files.model.live.end()) {
      EXPECT_FALSE(doc.has_value()) << label << " id " << key << " should be absent";
      continue;
    }
    if (!doc) {
      ADD_FAILURE() << label << " id " << key << " missing";
      continue;
    }
    EXPECT_EQ(index.article(*doc).title, expected->second) << label << " id " << key;
    doc_ids[key] = doc->value;
  }
  return doc_ids;
}

TEST(ParallelIngest, MatchesRecordByRecordOracleWhateverTheScheduling) {
  std::mt19937 rng(20261204);
  for (int round = 0; round < 6; ++round) {
    TempDir tmp;
    const RandomFiles files = make_files(tmp, rng, 8 + static_cast<int>(rng() % 20));
    IngestOptions one_thread;
    one_thread.compact_dead_fraction = 0;  // DocIds are compared
    one_thread.checkpoint_docs = 1 + rng() % 60;
    const auto reference = ingest_and_check(tmp.file("one"), files, one_thread, "1 thread");
    for (unsigned threads : {2u, 3u, 7u}) {
      IngestOptions options = one_thread;
      options.threads = threads;
      options.checkpoint_docs = 1 + rng() % 80;
      // Random pauses make the workers finish their files in varying orders.
      const unsigned seed = static_cast<unsigned>(rng());
      options.before_record = [seed](std::size_t file, std::uint64_t record) {
        const std::uint64_t h = (seed ^ (file * 0x9E3779B97F4A7C15ull) ^ (record * 0xBF58476D1CE4E5B9ull)) % 97;
        if (h < 8) std::this_thread::sleep_for(std::chrono::microseconds(50 * h));
        else if (h < 20) std::this_thread::yield();
      };
      const std::string label = "round " + std::to_string(round) + ", " + std::to_string(threads) + " threads";
      const auto doc_ids = ingest_and_check(tmp.file("t" + std::to_string(threads)), files, options, label);
      EXPECT_EQ(doc_ids, reference) << label << ": DocIds depend on the thread count";
    }
  }
}

TEST(ParallelIngest, ErrorInOneWorkerCommitsNothingOfItsBatch) {
  TempDir tmp;
  std::vector<std::string> files;
  for (int f = 0; f < 6; ++f) {
    files.push_back(tmp.write("g" + std::to_string(f) + ".xml", pubmed_xml({{std::to_string(f + 1), "v"}})));
  }
  files.push_back(tmp.write("g6.xml", "<PubmedArticleSet><PubmedArticle><MedlineCitation>"));  // cut off
  IngestOptions options;
  options.threads = 4;
  options.checkpoint_docs = 1'000'000;
  try {
    Indexer indexer(tmp.file("index"), options);
    indexer.ingest(files, nullptr, nullptr);
    FAIL() << "a cut-off file must fail the run";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("g6.xml"), std::string::npos) << e.what();
  }
  // The first batch (one file per thread) was committed; the failing one was not.
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.manifest().files.size(), 4u);
  EXPECT_EQ(index.live_count(), 4u);
}

TEST(MergePolicy, MergesTheNewestRunOfSmallSegmentsFirst) {
  MergePolicy policy;
  policy.merge_factor = 3;
  policy.min_segment_docs = 10;
  policy.max_merged_docs = 1000;
  const std::vector<int> all(6, 0);
  // Levels: <30 docs level 0, <90 level 1, <270 level 2, ...
  EXPECT_EQ(choose_merge({100, 50, 5, 5}, std::vector<int>(4, 0), policy), std::nullopt);
  EXPECT_EQ(choose_merge({100, 50, 5, 5, 5, 5}, all, policy), (MergeRun{3, 3}));
  EXPECT_EQ(choose_merge({5, 5, 5, 100, 50, 40}, all, policy), (MergeRun{0, 3}));
  // Mixed levels merge only when balanced (largest at most half the result): a large
  // segment is not rewritten for a few small ones.
  EXPECT_EQ(choose_merge({300, 80, 5, 5}, std::vector<int>(4, 0), policy), std::nullopt);
  EXPECT_EQ(choose_merge({300, 40, 5, 50}, std::vector<int>(4, 0), policy), std::nullopt);
  EXPECT_EQ(choose_merge({300, 40, 25, 50}, std::vector<int>(4, 0), policy), (MergeRun{1, 3}));
  EXPECT_EQ(choose_merge({300, 40, 50, 60, 5}, std::vector<int>(5, 0), policy), (MergeRun{1, 3}));
  // A segment of group -1 never takes part, and a run never mixes groups (segments with
  // and without vectors); merges never exceed max_merged_docs.
  EXPECT_EQ(choose_merge({5, 5, 5, 5}, std::vector<int>{0, 0, -1, 0}, policy), std::nullopt);
  EXPECT_EQ(choose_merge({5, 5, 5, 5}, std::vector<int>{1, 1, 0, 0}, policy), std::nullopt);
  EXPECT_EQ(choose_merge({5, 5, 5, 5, 5}, std::vector<int>{1, 1, 1, 0, 0}, policy), (MergeRun{0, 3}));
  policy.max_merged_docs = 14;
  EXPECT_EQ(choose_merge({5, 5, 5}, std::vector<int>(3, 0), policy), std::nullopt);
  policy.merge_factor = 1;
  EXPECT_EQ(choose_merge({5, 5, 5}, std::vector<int>(3, 0), policy), std::nullopt);
}

TEST(MergePolicy, SegmentCountStaysLogarithmicAsBatchesArrive) {
  MergePolicy policy;
  policy.merge_factor = 4;
  policy.min_segment_docs = 100;
  policy.max_merged_docs = 1'000'000'000;
  std::vector<std::uint32_t> sizes;
  std::size_t most = 0;
  for (int batch = 0; batch < 2000; ++batch) {
    sizes.push_back(100);
    while (auto run = choose_merge(sizes, std::vector<int>(sizes.size(), 0), policy)) {
      std::uint32_t docs = 0;
      for (std::size_t i = run->first; i < run->first + run->count; ++i) docs += sizes[i];
      sizes.erase(sizes.begin() + run->first, sizes.begin() + run->first + run->count);
      sizes.insert(sizes.begin() + run->first, docs);
    }
    most = std::max(most, sizes.size());
  }
  // 200,000 documents in batches of 100: at most 3 segments per level, log4(2000) < 6 levels.
  EXPECT_LE(most, 3u * 6u);
  EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), 0u), 200'000u);
}

// Ingest with merges: the segments are merged in the background, the segment count stays
// bounded, and the index holds and finds exactly what an index without merges does.
TEST(ParallelIngest, BackgroundMergesKeepTheIndexEqualToTheUnmergedOne) {
  std::mt19937 rng(99);
  TempDir tmp;
  const RandomFiles files = make_files(tmp, rng, 30);
  IngestOptions plain;
  plain.compact_dead_fraction = 0;
  plain.checkpoint_docs = 10;
  plain.threads = 2;
  plain.merge_policy.merge_factor = 0;
  const auto reference = ingest_and_check(tmp.file("plain"), files, plain, "no merges");
  IngestOptions merging = plain;
  merging.merge_policy.merge_factor = 3;
  merging.merge_policy.min_segment_docs = 5;
  const auto merged = ingest_and_check(tmp.file("merged"), files, merging, "merges");
  EXPECT_EQ(merged, reference) << "merges changed DocIds";
  const IndexReader plain_index(tmp.file("plain"));
  const IndexReader merged_index(tmp.file("merged"));
  EXPECT_GT(plain_index.manifest().segments.size(), 12u);
  EXPECT_LT(merged_index.manifest().segments.size(), plain_index.manifest().segments.size() / 2);
  EXPECT_EQ(merged_index.doc_count(), plain_index.doc_count());
  const Searcher plain_search(plain_index);
  const Searcher merged_search(merged_index);
  // A phrase from a live title ("file F record R"), so that it must match.
  const std::string title = files.model.live.begin()->second;
  const std::string phrase = "\"" + title.substr(0, title.find(" record")) + "\"";
  for (const std::string& query : {std::string("file"), std::string("record 3"), std::string("file 7 record"), phrase}) {
    SearchRequest request;
    request.query = query;
    request.limit = 50;
    std::vector<std::pair<std::string, float>> a, b;
    for (const SearchHit& hit : plain_search.search(request).hits) a.emplace_back(hit.id, hit.score);
    for (const SearchHit& hit : merged_search.search(request).hits) b.emplace_back(hit.id, hit.score);
    EXPECT_FALSE(a.empty()) << query;
    EXPECT_EQ(a, b) << query;
  }
}

}  // namespace
}  // namespace medsearch::engine
