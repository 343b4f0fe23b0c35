// Word-pair keys at the index level (decision 0035): the first ingest chooses the pair
// words, later ingests keep them, merges keep the segments' flags honest, and compaction
// adds them to an index without. Phrase results never change; the oracle tests
// (phrase_search_oracle_test.cpp) compare them with a brute-force scan.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "medsearch/engine/index/json_views.hpp"
#include "medsearch/engine/index/segment_merger.hpp"
#include "medsearch/engine/search/searcher.hpp"
#include "medsearch/lexical/word_pairs.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// `count` citations from `first`: every title holds "protein kinase" in one of two orders,
// so the phrase matches about half of them.
std::vector<FixtureCitation> citations(int first, int count) {
  std::vector<FixtureCitation> out;
  for (int i = first; i < first + count; ++i) {
    const std::string title = i % 2 == 0 ? "protein kinase activity in cells" : "kinase protein activity in cells";
    out.push_back({std::to_string(i), title + " " + std::to_string(i)});
  }
  return out;
}

// Three files of 20 citations: three segments (a segment per file and batch).
std::vector<std::string> three_files(const TempDir& tmp) {
  std::vector<std::string> files;
  for (int f = 0; f < 3; ++f) files.push_back(tmp.write("a" + std::to_string(f) + ".xml", pubmed_xml(citations(1 + 20 * f, 20))));
  return files;
}

// A sample of 10 documents is enough here (the default asks for 1,000).
IngestOptions small_sample_options() {
  IngestOptions options;
  options.checkpoint_docs = 20;
  options.merge_policy.merge_factor = 0;
  options.compact_dead_fraction = 0;
  options.pair_words.min_sample_docs = 10;
  return options;
}

std::set<std::string> phrase_hits(const IndexReader& index, const std::string& query) {
  Searcher searcher(index);
  SearchRequest request;
  request.query = query;
  request.limit = 1000;
  request.snippets = false;
  request.fetch_documents = false;
  std::set<std::string> out;
  for (const SearchHit& hit : searcher.search(request).hits) out.insert(hit.id);
  return out;
}

bool has_pair_key(const IndexReader& index, std::size_t segment, const std::string& a, const std::string& b) {
  return index.lexical_segments().at(segment).index->find(lexical::word_pair_key(a, b)).has_value();
}

TEST(WordPairIndex, FirstIngestChoosesThePairWordsAndLaterIngestsKeepThem) {
  TempDir tmp;
  const std::string dir = tmp.file("index");
  Indexer(dir, small_sample_options()).ingest(three_files(tmp), nullptr, nullptr);
  std::vector<std::string> chosen;
  {
    const IndexReader index(dir);
    chosen = index.manifest().pair_words;
    // Every word of every title is in every document (the numbers in one each).
    for (const char* word : {"protein", "kinas", "activ", "cell"}) {
      EXPECT_TRUE(std::find(chosen.begin(), chosen.end(), word) != chosen.end()) << word;
    }
    ASSERT_EQ(index.manifest().segments.size(), 3u);
    for (std::size_t s = 0; s < 3; ++s) {
      EXPECT_TRUE(index.manifest().segments[s].word_pairs);
      EXPECT_TRUE(has_pair_key(index, s, "protein", "kinas"));
      EXPECT_FALSE(has_pair_key(index, s, "activ", "cell"));  // "in" (a stop word) sits between
    }
    EXPECT_EQ(index_stats(index)["pair_words"], chosen.size());
    EXPECT_EQ(index_stats(index)["segments_with_word_pairs"], 3);
  }
  // A second run with other text: the words stay; the new segment holds their pairs.
  std::vector<FixtureCitation> other;
  for (int i = 100; i < 120; ++i) other.push_back({std::to_string(i), "protein kinase signalling " + std::to_string(i)});
  Indexer(dir, small_sample_options()).ingest({tmp.write("b.xml", pubmed_xml(other))}, nullptr, nullptr);
  const IndexReader index(dir);
  EXPECT_EQ(index.manifest().pair_words, chosen);
  ASSERT_EQ(index.manifest().segments.size(), 4u);
  EXPECT_TRUE(index.manifest().segments[3].word_pairs);
  EXPECT_TRUE(index.lexical_segments()[3].pairs != nullptr);
  EXPECT_EQ(phrase_hits(index, "\"protein kinase\"").size(), 30u + 20u);
}

TEST(WordPairIndex, ASmallFirstSampleChoosesNoWords) {
  TempDir tmp;
  IngestOptions options = small_sample_options();
  options.pair_words.min_sample_docs = 1000;  // the default: 60 documents are too few
  Indexer(tmp.file("index"), options).ingest(three_files(tmp), nullptr, nullptr);
  const IndexReader index(tmp.file("index"));
  EXPECT_TRUE(index.manifest().pair_words.empty());
  for (const auto& s : index.manifest().segments) EXPECT_FALSE(s.word_pairs);
  for (const auto& view : index.lexical_segments()) EXPECT_EQ(view.pairs, nullptr);
  EXPECT_EQ(phrase_hits(index, "\"protein kinase\"").size(), 30u);
}

TEST(WordPairIndex, AMergedSegmentHoldsPairsOnlyWhenEveryInputDid) {
  TempDir tmp;
  const std::string dir = tmp.file("index");
  Indexer(dir, small_sample_options()).ingest(three_files(tmp), nullptr, nullptr);
  std::vector<store::SegmentInfo> inputs = IndexReader(dir).manifest().segments;
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_TRUE(merge_segments(dir, inputs, "merged-all").word_pairs);
  inputs[1].word_pairs = false;  // as a staged share's segment would be
  const store::SegmentInfo mixed = merge_segments(dir, inputs, "merged-mixed");
  EXPECT_FALSE(mixed.word_pairs);
  EXPECT_EQ(mixed.doc_count, 60u);
}

TEST(WordPairIndex, CompactionAddsPairWordsToAnIndexWithoutAndPhrasesFindTheSame) {
  TempDir tmp;
  const std::string dir = tmp.file("index");
  IngestOptions without = small_sample_options();
  without.pair_words.max_words = 0;
  Indexer(dir, without).ingest(three_files(tmp), nullptr, nullptr);
  std::set<std::string> before;
  {
    const IndexReader index(dir);
    ASSERT_TRUE(index.manifest().pair_words.empty());
    before = phrase_hits(index, "\"protein kinase\"");
    EXPECT_EQ(before.size(), 30u);
  }
  // The automatic compaction's default (no upgrade) leaves the index without.
  Indexer(dir, small_sample_options()).compact();
  EXPECT_TRUE(IndexReader(dir).manifest().pair_words.empty());
  const CompactSummary summary = Indexer(dir, small_sample_options()).compact(true);
  EXPECT_GT(summary.pair_words_added, 0u);
  const IndexReader index(dir);
  EXPECT_EQ(index.manifest().pair_words.size(), summary.pair_words_added);
  ASSERT_FALSE(index.manifest().segments.empty());
  for (std::size_t s = 0; s < index.manifest().segments.size(); ++s) {
    EXPECT_TRUE(index.manifest().segments[s].word_pairs);
    EXPECT_TRUE(has_pair_key(index, s, "protein", "kinas"));
  }
  EXPECT_EQ(phrase_hits(index, "\"protein kinase\""), before);
  EXPECT_EQ(phrase_hits(index, "\"kinase protein\"").size(), 30u);
}

}  // namespace
}  // namespace medsearch::engine
