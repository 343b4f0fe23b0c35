// Oracle tests for lexical::SegmentIndexWriter (slice pool + open-addressing term table):
// its S.lex bytes equal those of the straightforward writer it replaced
// (reference_segment_writer.hpp), on randomised documents large enough to chain every
// slice size, to cut lists into many blocks and to grow the term table many times; and
// unit checks of SlicePool and TermTable against std containers.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/slice_pool.hpp"
#include "medsearch/lexical/term_table.hpp"
#include "support/temp_dir.hpp"
#include "unit/lexical/reference_segment_writer.hpp"

namespace medsearch::lexical {
namespace {

using medsearch::testing::read_file;
using medsearch::testing::TempDir;

// Random analysed documents: a Zipf-like prose vocabulary (df from 1 to nearly all
// documents), one key in every document, keyword-space keys without positions, and odd
// keys (NUL and 0xff bytes, a 100 KB key) that test byte order and the key arena.
class DocumentGenerator {
 public:
  explicit DocumentGenerator(std::uint32_t seed) : rng_(seed) {}

  AnalyzedDocument next() {
    AnalyzedDocument doc;
    std::vector<std::string> keys = {"pevery"};
    const std::size_t prose = rng_() % 60;
    for (std::size_t i = 0; i < prose; ++i) keys.push_back("p" + word(zipf(60000)));
    for (std::size_t i = 0, n = rng_() % 6; i < n; ++i) keys.push_back(std::string("ajmy").substr(rng_() % 4, 1) + word(zipf(3000)));
    if (rng_() % 500 == 0) keys.push_back(std::string("z\0\xff", 3) + word(rng_() % 20));
    if (rng_() % 2000 == 0) keys.push_back("zz" + std::string(100000 + rng_() % 3, 'k'));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::shuffle(keys.begin(), keys.end(), rng_);
    for (std::size_t f = 0; f < kTextFieldCount; ++f) doc.lengths[f] = rng_() % 50 == 0 ? 60000 + rng_() % 20000 : rng_() % 400;
    for (const std::string& key : keys) {
      AnalyzedPosting posting;
      posting.key_offset = static_cast<std::uint32_t>(doc.bytes.size());
      posting.key_size = static_cast<std::uint32_t>(key.size());
      doc.bytes += key;
      posting.mask = static_cast<std::uint8_t>(1 + rng_() % 15);
      std::size_t tf_sum = 0;
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        if ((posting.mask >> f & 1) == 0) continue;
        const std::uint32_t r = rng_() % 1000;
        posting.tf[f] = r < 900 ? 1 + r % 3 : (r < 995 ? 1 + r : 65000 + rng_() % 200000);
        tf_sum += std::min<std::uint32_t>(posting.tf[f], 20);
      }
      posting.positions_offset = static_cast<std::uint32_t>(doc.bytes.size());
      if (key[0] == 'p') {  // prose keys have positions; some long enough to span many slices
        const std::size_t n = rng_() % 300 == 0 ? 2000 + rng_() % 9000 : tf_sum + rng_() % 3;
        for (std::size_t i = 0; i < n; ++i) doc.bytes.push_back(static_cast<char>(rng_()));
      }
      posting.positions_size = static_cast<std::uint32_t>(doc.bytes.size() - posting.positions_offset);
      doc.postings.push_back(posting);
    }
    return doc;
  }

 private:
  static std::string word(std::size_t i) { return std::to_string(i * 2654435761u % 1000003); }
  // Rank with probability about 1 / (rank + 1).
  std::size_t zipf(std::size_t vocabulary) {
    const double u = std::uniform_real_distribution<double>(0, std::log(static_cast<double>(vocabulary) + 1))(rng_);
    return static_cast<std::size_t>(std::exp(u)) - 1;
  }
  std::mt19937 rng_;
};

// The first byte where the two files differ, for a useful failure message.
std::string describe_difference(const std::string& got, const std::string& want) {
  const auto [a, b] = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
  return "sizes " + std::to_string(got.size()) + " vs " + std::to_string(want.size()) + ", first difference at byte " +
         std::to_string(a - got.begin());
}

// Both writers' S.lex bytes: {new writer's, reference's}, written as new.lex and old.lex,
// at version 2, the reference's layout (the current version's split blocks hold the same
// postings: PostingCursor.SplitAndInterleavedBlocksReadAlike).
std::pair<std::string, std::string> write_both(const SegmentIndexWriter& writer,
                                               const reference::ReferenceSegmentWriter& oracle, const TempDir& dir) {
  writer.write(dir.file("new.lex"), 2);
  oracle.write(dir.file("old.lex"));
  return {read_file(dir.file("new.lex")), read_file(dir.file("old.lex"))};
}

TEST(SegmentWriterOracle, RandomDocumentsMatchReferenceBytes) {
  TempDir dir;
  DocumentGenerator generator(20240611);
  SegmentIndexWriter writer;
  reference::ReferenceSegmentWriter oracle;
  constexpr std::uint32_t kDocs = 20000;
  for (std::uint32_t d = 0; d < kDocs; ++d) {
    const AnalyzedDocument doc = generator.next();
    writer.add(doc);
    oracle.add(doc);
  }
  const auto [got, want] = write_both(writer, oracle, dir);
  ASSERT_TRUE(got == want) << describe_difference(got, want);

  // The data exercised what it was meant to: a list in every document (157 blocks),
  // single-document lists, long position streams and many keys.
  SegmentIndex index(dir.file("new.lex"));
  EXPECT_EQ(index.doc_count(), kDocs);
  EXPECT_EQ(index.find("pevery")->doc_freq, kDocs);
  std::uint32_t singles = 0, long_positions = 0;
  for (std::uint32_t r = 0; r < index.key_count(); ++r) {
    const TermInfo info = index.info_at(r);
    singles += info.doc_freq == 1;
    long_positions += info.end_offset - info.position_offset > 100000;
  }
  EXPECT_GT(index.key_count(), 30000u);
  EXPECT_GT(singles, 5000u);
  EXPECT_GT(long_positions, 10u);
  EXPECT_GT(writer.memory_bytes(), got.size() / 2);

  // write() is const and repeatable.
  writer.write(dir.file("again.lex"), 2);
  EXPECT_TRUE(read_file(dir.file("again.lex")) == got);
}

TEST(SegmentWriterOracle, EmptyAndTinySegmentsMatchReferenceBytes) {
  TempDir dir;
  DocumentGenerator generator(7);
  for (std::uint32_t docs : {0u, 1u, 2u, 127u, 128u, 129u}) {
    SegmentIndexWriter writer;
    reference::ReferenceSegmentWriter oracle;
    for (std::uint32_t d = 0; d < docs; ++d) {
      // Every third document has no postings at all.
      const AnalyzedDocument doc = d % 3 == 1 ? AnalyzedDocument{} : generator.next();
      writer.add(doc);
      oracle.add(doc);
    }
    const auto [got, want] = write_both(writer, oracle, dir);
    EXPECT_TRUE(got == want) << docs << " docs: " << describe_difference(got, want);
  }
}

// Through the analyzer, as ingest calls it (add(const Article&) on the new writer).
TEST(SegmentWriterOracle, ArticlesMatchReferenceBytes) {
  TempDir dir;
  std::mt19937 rng(3);
  static const char* kWords[] = {"tumour", "cells", "growth", "factor", "receptor", "kinase",
                                 "patients", "trial", "dose", "response", "mice", "gene"};
  DocumentAnalyzer analyzer;
  SegmentIndexWriter writer;
  reference::ReferenceSegmentWriter oracle;
  AnalyzedDocument analyzed;
  for (int d = 0; d < 600; ++d) {
    Article a;
    for (std::size_t i = 0, n = 3 + rng() % 8; i < n; ++i) a.title += std::string(kWords[rng() % 12]) + " ";
    std::string text;
    for (std::size_t i = 0, n = rng() % 120; i < n; ++i) text += std::string(kWords[rng() % 12]) + (i % 9 == 8 ? ". " : " ");
    if (!text.empty()) a.abstract.push_back({"", "", text});
    a.journal.iso_abbreviation = d % 2 ? "J Biol Chem" : "Nature";
    a.pub_year = static_cast<std::uint16_t>(1990 + d % 30);
    a.keywords = {kWords[d % 12], std::string(kWords[(d + 5) % 12]) + " " + kWords[d % 7]};
    writer.add(a);
    analyzer.analyze(a, analyzed);
    oracle.add(analyzed);
  }
  const auto [got, want] = write_both(writer, oracle, dir);
  EXPECT_TRUE(got == want) << describe_difference(got, want);
}

TEST(SlicePool, InterleavedStreamsReadBackWhatWasAppended) {
  std::mt19937 rng(5);
  SlicePool pool;
  std::vector<SlicePool::Stream> streams(500);
  std::vector<std::string> model(streams.size());
  for (int step = 0; step < 40000; ++step) {
    const std::size_t s = rng() % 50 == 0 ? rng() % streams.size() : rng() % 20;  // some streams grow long
    const std::size_t n = rng() % 100 == 0 ? rng() % 6000 : rng() % 9;
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    pool.append(streams[s], bytes.data(), bytes.size());
    model[s] += bytes;
  }
  for (std::size_t s = 0; s < streams.size(); ++s) {
    std::string got;
    pool.for_each_run(streams[s], [&](std::string_view run) { got.append(run); });
    ASSERT_EQ(streams[s].size, model[s].size()) << s;
    ASSERT_TRUE(got == model[s]) << "stream " << s;
  }
  EXPECT_GE(pool.allocated_bytes(), SlicePool::kBlockBytes * 2);
}

TEST(TermTable, MatchesUnorderedMap) {
  std::mt19937 rng(9);
  TermTable<std::uint64_t> table;
  std::unordered_map<std::string, std::uint64_t> model;
  for (int i = 0; i < 200000; ++i) {
    std::string key = std::to_string(rng() % 50000);
    if (i % 7 == 0) key += std::string(1, '\0') + "x";  // embedded NUL: same prefix, different key
    auto& entry = table.find_or_insert(key);
    ++entry.value;
    ++model[key];
  }
  ASSERT_EQ(table.size(), model.size());
  for (std::size_t id = 0; id < table.size(); ++id) {
    const auto& entry = table[id];
    const auto it = model.find(std::string(table.key(entry)));
    ASSERT_NE(it, model.end());
    EXPECT_EQ(entry.value, it->second);
  }
}

}  // namespace
}  // namespace medsearch::lexical
