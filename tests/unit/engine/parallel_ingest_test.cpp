// Per-thread segment writers keep NLM's update semantics exactly: whatever the thread
// count, batch size and thread timing, the index equals what applying the files' records
// one by one in file order gives (an oracle model below), and every ingest of the same
// files assigns the same DocIds.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/file_batch.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
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

}  // namespace
}  // namespace medsearch::engine
