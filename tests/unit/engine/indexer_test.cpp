#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/json_views.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::gzip;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;
namespace fs = std::filesystem;

IngestSummary ingest(const std::string& dir, const std::vector<std::string>& files, IngestOptions options = {}) {
  Indexer indexer(dir, options);
  return indexer.ingest(files, nullptr, nullptr);
}

std::string title_of(const IndexReader& index, const std::string& id) {
  const auto doc = index.find(id);
  return doc ? index.article(*doc).title : "<absent>";
}

TEST(Indexer, UpdateFileReplacesAndDeletesInOrder) {
  TempDir tmp;
  const std::string base = tmp.write("base.xml", pubmed_xml({{"1", "one"}, {"2", "two"}, {"3", "three"}}));
  const std::string update = tmp.write("upd.xml.gz", gzip(pubmed_xml({{"2", "two revised"}, {"4", "four"}}, {"3", "99"})));
  const std::string index_dir = tmp.file("index");
  IngestOptions keep_dead;
  keep_dead.compact_dead_fraction = 0;  // this test looks at DocIds
  const IngestSummary first = ingest(index_dir, {base}, keep_dead);
  EXPECT_EQ(first.totals.articles_added, 3u);
  const IngestSummary second = ingest(index_dir, {update}, keep_dead);
  EXPECT_EQ(second.totals.articles_added, 2u);
  EXPECT_EQ(second.totals.replacements, 1u);
  EXPECT_EQ(second.totals.deletions_applied, 1u);
  EXPECT_EQ(second.totals.deletions_unknown, 1u);

  IndexReader index(index_dir);
  EXPECT_EQ(index.live_count(), 3u);  // 1, 2 (revised), 4
  EXPECT_EQ(index.doc_count(), 5u);   // DocIds are never reused
  EXPECT_EQ(title_of(index, "1"), "one");
  EXPECT_EQ(title_of(index, "2"), "two revised");
  EXPECT_EQ(title_of(index, "3"), "<absent>");
  EXPECT_EQ(title_of(index, "4"), "four");
  const auto stats = index_stats(index);
  EXPECT_EQ(stats["documents"], 3);
  EXPECT_EQ(stats["deletions_applied"], 1);
  EXPECT_EQ(stats["files_applied"], 2);
}

TEST(Indexer, LaterFileInOneRunWinsWhateverTheThreadCount) {
  TempDir tmp;
  std::vector<std::string> files;
  for (int f = 0; f < 12; ++f) {
    std::vector<FixtureCitation> citations;
    for (int i = 0; i < 40; ++i) citations.push_back({std::to_string(i), "file " + std::to_string(f)});
    files.push_back(tmp.write("f" + std::to_string(100 + f) + ".xml", pubmed_xml(citations, {std::to_string(f)})));
  }
  for (unsigned threads : {1u, 2u, 5u}) {
    const std::string dir = tmp.file("index" + std::to_string(threads));
    IngestOptions options;
    options.threads = threads;
    ingest(dir, files, options);
    IndexReader index(dir);
    // PMID i (i < 11) was deleted by file i and re-added by file i+1, so the last file wins;
    // PMID 11 is deleted by the last file.
    EXPECT_EQ(index.live_count(), 39u) << threads;
    EXPECT_EQ(title_of(index, "5"), "file 11") << threads;
    EXPECT_EQ(title_of(index, "11"), "<absent>") << threads;
    EXPECT_EQ(index.manifest().totals.deletions_applied, 12u) << threads;
  }
}

TEST(Indexer, AppliedFilesAreSkippedOnRerun) {
  TempDir tmp;
  const std::string file = tmp.write("a.xml", pubmed_xml({{"1", "one"}}));
  ingest(tmp.file("index"), {file});
  const IngestSummary again = ingest(tmp.file("index"), {file});
  EXPECT_EQ(again.files_applied, 0u);
  EXPECT_EQ(again.files_already_applied.size(), 1u);
  EXPECT_EQ(IndexReader(tmp.file("index")).doc_count(), 1u);
  IngestOptions reapply;
  reapply.reapply = true;
  EXPECT_EQ(ingest(tmp.file("index"), {file}, reapply).totals.replacements, 1u);
}

TEST(Indexer, SinceKeepsOnlyRecentCitations) {
  TempDir tmp;
  const std::string file = tmp.write("a.xml", pubmed_xml({{"1", "old", 2008}, {"2", "new", 2009}, {"3", "newer", 2021}}));
  IngestOptions options;
  options.since_year = 2009;
  const IngestSummary s = ingest(tmp.file("index"), {file}, options);
  EXPECT_EQ(s.totals.filtered_by_since, 1u);
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.live_count(), 2u);
  EXPECT_EQ(title_of(index, "1"), "<absent>");
}

// A revision whose year falls outside --since still supersedes the version it revises:
// the index holds the current version of each citation, filtered, never a stale one
// (docs/decisions/0020-crash-safety-and-since.md). Both within one batch and across runs.
TEST(Indexer, SinceFilteredRevisionRemovesTheOlderVersion) {
  TempDir tmp;
  IngestOptions options;
  options.since_year = 2009;
  options.compact_dead_fraction = 0;
  ingest(tmp.file("index"), {tmp.write("base.xml", pubmed_xml({{"1", "one", 2010}, {"2", "two", 2012}}))}, options);
  // 1's revision moves it to 2005 (a corrected date); 2's to 2008 and back to 2015 in the
  // same file, so its last version is in range again.
  const std::string update = tmp.write("upd.xml", pubmed_xml({{"1", "one revised", 2005},
                                                              {"2", "two revised", 2008},
                                                              {"2", "two again", 2015}}));
  const IngestSummary s = ingest(tmp.file("index"), {update}, options);
  EXPECT_EQ(s.totals.filtered_by_since, 2u);
  EXPECT_EQ(s.totals.removed_by_since, 2u);  // the base's 1 and 2 (2's 2008 version removes it)
  EXPECT_EQ(s.totals.articles_added, 1u);
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(title_of(index, "1"), "<absent>");
  EXPECT_EQ(title_of(index, "2"), "two again");
  EXPECT_EQ(index.live_count(), 1u);
  EXPECT_EQ(index.manifest().totals.removed_by_since, 2u);
}

TEST(Indexer, CheckpointsMakeSegmentsAndLookupsCrossThem) {
  TempDir tmp;
  std::vector<std::string> files;
  for (int f = 0; f < 4; ++f) {
    files.push_back(tmp.write("f" + std::to_string(f) + ".xml",
                              pubmed_xml({{std::to_string(f), "v" + std::to_string(f)}, {"100", "shared " + std::to_string(f)}})));
  }
  IngestOptions options;
  options.checkpoint_docs = 1;
  options.compact_dead_fraction = 0;
  ingest(tmp.file("index"), files, options);
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.manifest().segments.size(), 4u);
  EXPECT_EQ(index.live_count(), 5u);
  EXPECT_EQ(title_of(index, "100"), "shared 3");
  EXPECT_EQ(index.manifest().totals.replacements, 3u);
}

TEST(Indexer, ErrorKeepsLastCommitAndRerunResumes) {
  TempDir tmp;
  const std::string good1 = tmp.write("a1.xml", pubmed_xml({{"1", "one"}}));
  const std::string good2 = tmp.write("a2.xml", pubmed_xml({{"2", "two"}}));
  const std::string full = gzip(pubmed_xml({{"3", "three"}}));
  const std::string bad = tmp.write("a3.xml.gz", full.substr(0, full.size() / 2));  // truncated gzip
  IngestOptions options;
  options.checkpoint_docs = 1;  // commit after every file
  try {
    ingest(tmp.file("index"), {good1, good2, bad}, options);
    FAIL() << "a truncated gzip file must fail the run";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a3.xml.gz"), std::string::npos) << e.what();
  }
  {
    IndexReader index(tmp.file("index"));
    EXPECT_EQ(index.live_count(), 2u);
  }
  for (const auto& entry : fs::directory_iterator(tmp.file("index"))) {
    EXPECT_FALSE(entry.path().string().ends_with(".tmp")) << entry.path();
  }
  tmp.write("a3.xml.gz", full);  // the user fixes the file and runs the same command
  const IngestSummary resumed = ingest(tmp.file("index"), {good1, good2, tmp.file("a3.xml.gz")}, options);
  EXPECT_EQ(resumed.files_already_applied.size(), 2u);
  EXPECT_EQ(IndexReader(tmp.file("index")).live_count(), 3u);
}

TEST(Indexer, LeftoversOfAKilledRunAreIgnoredAndCleaned) {
  TempDir tmp;
  ingest(tmp.file("index"), {tmp.write("a.xml", pubmed_xml({{"1", "one"}}))});
  // What kill -9 during the next commit can leave: files not named by the manifest.
  tmp.write("index/seg-000002.docs.tmp", "partial");
  tmp.write("index/seg-000002.ids", "orphan");
  tmp.write("index/manifest.json.tmp", "{");
  EXPECT_EQ(IndexReader(tmp.file("index")).live_count(), 1u);
  ingest(tmp.file("index"), {tmp.write("b.xml", pubmed_xml({{"2", "two"}}))});
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.live_count(), 2u);
  EXPECT_FALSE(fs::exists(tmp.file("index/seg-000002.docs.tmp")));
}

TEST(IndexReader, DamagedSegmentFileIsCorruptNamingIt) {
  TempDir tmp;
  ingest(tmp.file("index"), {tmp.write("a.xml", pubmed_xml({{"1", "one"}}))});
  const std::string ids = tmp.file("index/seg-000001.ids");
  std::string bytes = medsearch::testing::read_file(ids);
  bytes[2] ^= 0x7f;
  std::ofstream(ids, std::ios::binary) << bytes;
  try {
    IndexReader index(tmp.file("index"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find("seg-000001.ids"), std::string::npos) << e.what();
  }
}

TEST(IndexReader, MissingIndexIsNotFound) {
  TempDir tmp;
  try {
    IndexReader index(tmp.file("nothing"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
  }
}

TEST(Indexer, BeirCorpusUsesStringIds) {
  TempDir tmp;
  const std::string corpus = tmp.write("corpus.jsonl",
                                       "{\"_id\": \"MED-10\", \"title\": \"Statins\", \"text\": \"Statin use and cancer.\"}\n"
                                       "{\"_id\": \"MED-11\", \"title\": \"\", \"text\": \"Second.\"}\n");
  ingest(tmp.file("index"), {corpus});
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.live_count(), 2u);
  const auto doc = index.find("MED-10");
  ASSERT_TRUE(doc);
  const Article a = index.article(*doc);
  EXPECT_EQ(a.title, "Statins");
  EXPECT_EQ(a.abstract_text(), "Statin use and cancer.");
}

TEST(IndexStats, HistogramsCountLiveDocumentsOnly) {
  TempDir tmp;
  ingest(tmp.file("index"), {tmp.write("a.xml", pubmed_xml({{"1", "a", 2001, "eng"}, {"2", "b", 2001, "fre", ""},
                                                            {"3", "c", 2003, "eng"}}, {"3"}))});
  const auto stats = index_stats(IndexReader(tmp.file("index")));
  EXPECT_EQ(stats["documents"], 2);
  EXPECT_EQ(stats["years"]["2001"], 2);
  EXPECT_FALSE(stats["years"].contains("2003"));
  EXPECT_EQ(stats["languages"]["eng"], 1);
  EXPECT_EQ(stats["languages"]["fre"], 1);
  EXPECT_EQ(stats["with_abstract"], 1);
}

TEST(Indexer, CompactionDropsDeadDocumentsAndKeepsEverythingElse) {
  TempDir tmp;
  std::vector<FixtureCitation> base, update;
  for (int i = 0; i < 50; ++i) base.push_back({std::to_string(i), "original " + std::to_string(i), 2000 + i % 20});
  for (int i = 0; i < 20; ++i) update.push_back({std::to_string(i), "revised " + std::to_string(i), 2021});
  IngestOptions options;
  options.checkpoint_docs = 16;  // several input and output segments
  options.compact_dead_fraction = 0;
  ingest(tmp.file("index"), {tmp.write("a.xml", pubmed_xml(base))}, options);
  ingest(tmp.file("index"), {tmp.write("b.xml", pubmed_xml(update, {"45", "46"}))}, options);
  std::map<std::string, std::string> before;
  {
    IndexReader index(tmp.file("index"));
    EXPECT_EQ(index.doc_count(), 70u);
    for (int i = 0; i < 50; ++i) before[std::to_string(i)] = title_of(index, std::to_string(i));
  }
  const CompactSummary summary = Indexer(tmp.file("index"), options).compact();
  EXPECT_EQ(summary.documents, 48u);
  EXPECT_EQ(summary.dropped, 22u);
  EXPECT_EQ(summary.segments_after, 3u);  // 16 + 16 + 16
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.doc_count(), 48u);
  EXPECT_EQ(index.live_count(), 48u);
  EXPECT_TRUE(index.manifest().deletions_file.empty());
  for (const auto& [id, title] : before) EXPECT_EQ(title_of(index, id), title) << id;
  EXPECT_EQ(index.manifest().files.size(), 2u);  // applied files are still recorded
  // Only the new generation's files remain.
  for (const auto& entry : fs::directory_iterator(tmp.file("index"))) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("seg-")) {
      EXPECT_TRUE(name.starts_with("seg-000003-")) << name;
    }
  }
  // Searching and further updates work on the compacted index.
  Indexer(tmp.file("index"), options).ingest({tmp.write("c.xml", pubmed_xml({{"7", "third version"}}))}, nullptr, nullptr);
  IndexReader after(tmp.file("index"));
  EXPECT_EQ(title_of(after, "7"), "third version");
  EXPECT_EQ(after.live_count(), 48u);
}

TEST(Indexer, IngestCompactsWhenEnoughIsDead) {
  TempDir tmp;
  ingest(tmp.file("index"), {tmp.write("a.xml", pubmed_xml({{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}}))});
  const IngestSummary few = ingest(tmp.file("index"), {tmp.write("b.xml", pubmed_xml({}, {"1"}))});  // 1 of 4 dead: 25%
  EXPECT_TRUE(few.compacted);
  IndexReader index(tmp.file("index"));
  EXPECT_EQ(index.doc_count(), 3u);
}

}  // namespace
}  // namespace medsearch::engine
