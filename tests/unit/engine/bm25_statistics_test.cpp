// BM25F collection statistics, checked against scores computed by hand from the formula
// (Robertson & Zaragoza 2009 §3.6; Lucene BM25Similarity's idf and per-field average):
//   tf~ = Σ_f w_f·tf_f / (1 − b_f + b_f·len_f/avglen_f),  score = idf·tf~/(k1 + tf~),
//   idf = ln(1 + (N − df + 0.5)/(df + 0.5)),  avglen_f = Σ len_f / #documents with field f,
// where N, df and the lengths are those of the live documents only.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// Updates that must leave dead documents in place (no compaction at the end of the run).
IngestOptions no_compaction() {
  IngestOptions o;
  o.compact_dead_fraction = 0;
  return o;
}

double bm25(double n, double df, double tf_tilde, double k1 = 1.2) {
  return std::log(1 + (n - df + 0.5) / (df + 0.5)) * tf_tilde / (k1 + tf_tilde);
}

float score_of(const Searcher& searcher, const std::string& query, const std::string& pmid, SearchRequest r = {}) {
  r.query = query;
  r.syntax = QuerySyntax::Plain;
  for (const SearchHit& hit : searcher.search(r).hits) {
    if (hit.id == pmid) return hit.score;
  }
  ADD_FAILURE() << "PMID " << pmid << " not found for '" << query << "'";
  return -1;
}

TEST(Bm25Statistics, FieldAverageIsOverDocumentsThatHaveTheField) {
  TempDir tmp;
  // Every PubMed record has a title; the field two documents lack here is the abstract.
  Indexer(tmp.file("idx"), {}).ingest({tmp.write("a.xml", pubmed_xml({{"1", "Zebra", 2020, "eng", "quokka wombat numbat"},
                                                                        {"2", "Okapi", 2020, "eng", ""},
                                                                        {"3", "Tapir", 2020, "eng", ""},
                                                                        {"4", "Dingo", 2020, "eng", "quokka"}}))},
                                       nullptr, nullptr);
  IndexReader index(tmp.file("idx"));
  Searcher searcher(index);
  // Abstract lengths 3, 0, 0, 1: the average is 4 / 2 documents with an abstract = 2
  // (dividing by all 4 documents would give 1).
  const double avg = 2.0;
  EXPECT_NEAR(score_of(searcher, "wombat", "1"), bm25(4, 1, 1.0 / (0.25 + 0.75 * 3 / avg)), 1e-5);
  EXPECT_NEAR(score_of(searcher, "quokka", "4"), bm25(4, 2, 1.0 / (0.25 + 0.75 * 1 / avg)), 1e-5);
  // Titles (weight 2): every document has one, each of length 1.
  EXPECT_NEAR(score_of(searcher, "zebra", "1"), bm25(4, 1, 2.0), 1e-5);
}

TEST(Bm25Statistics, EachFieldHasItsOwnB) {
  TempDir tmp;
  Indexer(tmp.file("idx"), {}).ingest({tmp.write("a.xml", pubmed_xml({{"1", "Zebra okapi tapir", 2020, "eng", "zebra quokka wombat"},
                                                                        {"2", "Dingo", 2020, "eng", "numbat"}}))},
                                       nullptr, nullptr);
  IndexReader index(tmp.file("idx"));
  Searcher searcher(index);
  SearchRequest r;
  lexical::RankingParams p;
  p.b = {0.2f, 0.9f, 0.75f, 0.75f};
  r.ranking = p;
  // Title: len 3, avg 2; abstract: len 3, avg 2.
  const double tf = 2.0 / (1 - 0.2 + 0.2 * 3 / 2.0) + 1.0 / (1 - 0.9 + 0.9 * 3 / 2.0);
  EXPECT_NEAR(score_of(searcher, "zebra", "1", r), bm25(2, 1, tf), 1e-5);
}

// The live collection of the update test: what an index that never held the dead
// documents scores.
std::vector<FixtureCitation> live_docs() {
  return {{"1", "Zebra", 2020, "eng", "quokka wombat"}, {"3", "Okapi", 2020, "eng", "wombat"}, {"4", "Zebra tapir", 2021, "eng", "dingo"}};
}

TEST(Bm25Statistics, DeadDocumentsLeaveNDfAndLengthsAtCommit) {
  TempDir tmp;
  const std::string dir = tmp.file("idx");
  // Document 2 (two "zebra"s, a long abstract) is deleted; document 4's first version is
  // replaced. Neither may count in N, df or the average lengths once the update commits.
  Indexer(dir, no_compaction()).ingest({tmp.write("a.xml", pubmed_xml({{"1", "Zebra", 2020, "eng", "quokka wombat"},
                                                           {"2", "Zebra zebra numbat", 2020, "eng", "quokka quokka quokka wombat wombat"},
                                                           {"3", "Okapi", 2020, "eng", "wombat"},
                                                           {"4", "Zebra zebra zebra", 2020, "eng", "wombat"}}))},
                          nullptr, nullptr);
  Indexer(dir, no_compaction()).ingest({tmp.write("u.xml", pubmed_xml({{"4", "Zebra tapir", 2021, "eng", "dingo"}}, {"2"}))}, nullptr, nullptr);
  Indexer(tmp.file("fresh"), {}).ingest({tmp.write("f.xml", pubmed_xml(live_docs()))}, nullptr, nullptr);

  IndexReader index(dir);
  IndexReader fresh(tmp.file("fresh"));
  ASSERT_EQ(index.live_count(), 3u);
  const Searcher searcher(index), oracle(fresh);
  // Live: N 3; "zebra" in 1 and 4 (df 2); titles 1, 1, 2 (avg 4/3); abstracts 2, 1, 1 (avg 4/3).
  const double avg = 4.0 / 3;
  EXPECT_NEAR(score_of(searcher, "zebra", "1"), bm25(3, 2, 2.0 / (0.25 + 0.75 * 1 / avg)), 1e-5);
  EXPECT_NEAR(score_of(searcher, "wombat", "1"), bm25(3, 2, 1.0 / (0.25 + 0.75 * 2 / avg)), 1e-5);
  for (const std::string q : {"zebra", "wombat", "quokka wombat", "zebra tapir dingo", "okapi"}) {
    for (const std::string pmid : {"1", "3", "4"}) {
      SearchRequest r;
      r.query = q;
      r.syntax = QuerySyntax::Plain;
      bool found = false;
      for (const SearchHit& h : oracle.search(r).hits) {
        if (h.id != pmid) continue;
        found = true;
        EXPECT_FLOAT_EQ(score_of(searcher, q, pmid), h.score) << q << " / " << pmid;
      }
      (void)found;
    }
  }
  // The statistics were saved at commit; an index written before the .stats file existed
  // gets the same figures computed at open.
  const std::string stats = dir + "/" + dead_stats_name(index.manifest().deletions_file);
  ASSERT_TRUE(std::filesystem::exists(stats));
  std::filesystem::remove(stats);
  IndexReader old_style(dir);
  const Searcher old_searcher(old_style);
  EXPECT_FLOAT_EQ(score_of(old_searcher, "zebra", "1"), score_of(searcher, "zebra", "1"));
  EXPECT_EQ(old_style.dead_documents().doc_freq, index.dead_documents().doc_freq);
}

TEST(Bm25Statistics, LaterCommitsAddToTheSavedDeadStatistics) {
  TempDir tmp;
  const std::string dir = tmp.file("idx");
  Indexer(dir, no_compaction()).ingest({tmp.write("a.xml", pubmed_xml({{"1", "Zebra", 2020, "eng", "quokka wombat"},
                                                           {"2", "Zebra zebra numbat", 2020, "eng", "quokka"},
                                                           {"3", "Okapi", 2020, "eng", "wombat"},
                                                           {"4", "Zebra zebra zebra", 2020, "eng", "wombat"}}))},
                          nullptr, nullptr);
  Indexer(dir, no_compaction()).ingest({tmp.write("u1.xml", pubmed_xml({}, {"2"}))}, nullptr, nullptr);
  Indexer(dir, no_compaction()).ingest({tmp.write("u2.xml", pubmed_xml({{"4", "Zebra tapir", 2021, "eng", "dingo"}}))}, nullptr, nullptr);
  Indexer(tmp.file("fresh"), {}).ingest({tmp.write("f.xml", pubmed_xml(live_docs()))}, nullptr, nullptr);
  IndexReader index(dir), fresh(tmp.file("fresh"));
  EXPECT_EQ(index.dead_documents().docs, 2u);
  EXPECT_FLOAT_EQ(score_of(Searcher(index), "zebra", "4"), score_of(Searcher(fresh), "zebra", "4"));
  EXPECT_FLOAT_EQ(score_of(Searcher(index), "wombat", "3"), score_of(Searcher(fresh), "wombat", "3"));
}

}  // namespace
}  // namespace medsearch::engine
