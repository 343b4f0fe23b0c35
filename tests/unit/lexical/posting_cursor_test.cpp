#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

// Documents whose titles contain "qzzx" at known positions; others contain filler only.
TEST(PostingCursor, NextAdvanceTfAndPositionsMatchTheDocuments) {
  medsearch::testing::TempDir dir;
  std::mt19937 rng(7);
  SegmentIndexWriter writer;
  std::map<std::uint32_t, std::vector<std::uint32_t>> expected;  // doc -> title positions of qzzx
  for (std::uint32_t d = 0; d < 1000; ++d) {
    Article a;
    std::string title;
    const std::size_t len = 1 + rng() % 12;
    for (std::size_t i = 0; i < len; ++i) {
      const bool hit = rng() % 4 == 0;
      title += hit ? "qzzx " : "qfillx ";
      if (hit) expected[d].push_back(static_cast<std::uint32_t>(i));
    }
    a.title = title;
    writer.add(a);
  }
  writer.write(dir.file("s.lex"));
  SegmentIndex index(dir.file("s.lex"));
  const auto info = index.find(make_key(KeySpace::Prose, "qzzx"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->doc_freq, expected.size());
  PostingCursor cursor(index, *info);
  std::vector<std::uint32_t> positions;
  for (const auto& [doc, want] : expected) {
    ASSERT_EQ(cursor.doc(), doc);
    EXPECT_EQ(cursor.tf(0), want.size());
    EXPECT_EQ(cursor.mask(), 1);
    cursor.positions(0, positions);
    EXPECT_EQ(positions, want) << doc;
    cursor.next();
  }
  EXPECT_EQ(cursor.doc(), kEndDoc);
  // advance() lands on the first listed doc >= target, across blocks.
  for (std::uint32_t target : {0u, 1u, 130u, 500u, 777u, 998u, 999u, 5000u}) {
    PostingCursor c(index, *info);
    c.advance(target);
    const auto it = expected.lower_bound(target);
    EXPECT_EQ(c.doc(), it == expected.end() ? kEndDoc : it->first) << target;
  }
  EXPECT_EQ(index.field_length(0, 0) > 0, true);
}

// The lexicon versions whose block layouts differ: interleaved (2) and split (3).
constexpr std::uint32_t kBothLayouts[] = {2, kLexiconVersion};
static_assert(has_split_blocks(kLexiconVersion) && !has_split_blocks(2));

// The segment written to dir/s-vN.lex and opened, with its "qzzx" list (nullopt: none).
struct QzzxList {
  std::unique_ptr<SegmentIndex> index;
  std::optional<TermInfo> info;
};
// `version`: the lexicon version written (2: interleaved blocks, 3: split blocks;
// posting_blocks.hpp).
QzzxList write_qzzx_list(SegmentIndexWriter& writer, const medsearch::testing::TempDir& dir,
                         std::uint32_t version = kLexiconVersion) {
  const std::string path = dir.file("s-v" + std::to_string(version) + ".lex");
  writer.write(path, version);
  QzzxList list{std::make_unique<SegmentIndex>(path), std::nullopt};
  list.info = list.index->find(make_key(KeySpace::Prose, "qzzx"));
  return list;
}

// Where "qzzx" is in a document's title and abstract.
struct QzzxPositions {
  std::vector<std::uint32_t> title, abstract;
};
using QzzxDocuments = std::map<std::uint32_t, QzzxPositions>;

// Adds a document of `title_words` and `abstract_words` words, each "qzzx" where the
// predicate says so and filler otherwise, and records its positions in `expected` when it
// has any.
template <typename TitleHit, typename AbstractHit>
void add_qzzx_document(SegmentIndexWriter& writer, QzzxDocuments& expected, std::uint32_t doc,
                       std::uint32_t title_words, TitleHit title_hit, std::uint32_t abstract_words,
                       AbstractHit abstract_hit) {
  Article a;
  QzzxPositions want;
  for (std::uint32_t i = 0; i < title_words; ++i) {
    const bool hit = title_hit();
    a.title += hit ? "qzzx " : "qfillx ";
    if (hit) want.title.push_back(i);
  }
  std::string abstract;
  for (std::uint32_t i = 0; i < abstract_words; ++i) {
    const bool hit = abstract_hit();
    abstract += hit ? "qzzx " : "qotherx ";
    if (hit) want.abstract.push_back(i);
  }
  if (!abstract.empty()) a.abstract.push_back({"", "", abstract});
  if (!want.title.empty() || !want.abstract.empty()) expected[doc] = want;
  writer.add(a);
}

// Random walks mixing next() and advance() (short hops within a block and long ones
// across blocks, or none), reading tfs and
// positions at every stop: the same as the documents say, over a list of 30+ blocks with
// titles and abstracts (several fields per posting, so positions follow other fields').
TEST(PostingCursor, RandomWalksOfNextAndAdvanceMatchTheDocuments) {
  medsearch::testing::TempDir dir;
  std::mt19937 rng(17);
  SegmentIndexWriter writer;
  QzzxDocuments expected;
  for (std::uint32_t d = 0; d < 12000; ++d) {
    const bool has = rng() % 2 == 0;
    const std::uint32_t title_words = 1 + rng() % 6, abstract_words = rng() % 9;
    add_qzzx_document(
        writer, expected, d, title_words, [&] { return has && rng() % 3 == 0; }, abstract_words,
        [&] { return has && rng() % 4 == 0; });
  }
  for (const std::uint32_t version : kBothLayouts) {
    SCOPED_TRACE("lexicon version " + std::to_string(version));
    const QzzxList list = write_qzzx_list(writer, dir, version);
    ASSERT_TRUE(list.info && list.info->block_count() > 30u);
    std::vector<std::uint32_t> positions;
    for (int walk = 0; walk < 200; ++walk) {
      PostingCursor cursor(*list.index, *list.info);
      auto it = expected.begin();
      std::uint32_t target = 0;
      while (it != expected.end()) {
        ASSERT_EQ(cursor.doc(), it->first) << "walk " << walk;
        if (rng() % 2 == 0) {
          EXPECT_EQ(cursor.tf(0), it->second.title.size());
          EXPECT_EQ(cursor.tf(1), it->second.abstract.size());
          cursor.positions(1, positions);  // the abstract's first: the title's are skipped
          EXPECT_EQ(positions, it->second.abstract) << it->first;
          cursor.positions(0, positions);
          EXPECT_EQ(positions, it->second.title) << it->first;
        }
        switch (rng() % 3) {
          case 0:
            cursor.next();
            ++it;
            break;
          case 1:
            target = it->first + 1 + rng() % 40;  // within the block, mostly
            cursor.advance(target);
            it = expected.lower_bound(target);
            break;
          default:
            target = it->first + rng() % 3000;  // across blocks, or not moving at all
            cursor.advance(target);
            it = expected.lower_bound(std::max(target, it->first));
        }
      }
      EXPECT_EQ(cursor.doc(), kEndDoc);
    }
  }
}

// The tfs are decoded when first asked for (load_block only passes over them): at random
// stops, in random order, tfs and positions of either field agree with the documents,
// also for tfs past 127 (two-byte numbers), postings with the abstract only, stops that
// read nothing, and gaps past 127 documents.
TEST(PostingCursor, LazyTfsMatchTheDocumentsInAnyReadingOrder) {
  medsearch::testing::TempDir dir;
  std::mt19937 rng(23);
  SegmentIndexWriter writer;
  QzzxDocuments expected;
  for (std::uint32_t d = 0; d < 6000; ++d) {
    const bool has = rng() % 3 == 0 && d % 700 > 150;  // runs of 150 documents without it
    const std::uint32_t title_words = has && rng() % 10 == 0 ? 130 + rng() % 80 : 1 + rng() % 5;
    const std::uint32_t abstract_words = rng() % 12;
    add_qzzx_document(
        writer, expected, d, title_words, [&] { return has && (title_words > 100 || rng() % 4 == 0); }, abstract_words,
        [&] { return has && rng() % 3 == 0; });
  }
  for (const std::uint32_t version : kBothLayouts) {
    SCOPED_TRACE("lexicon version " + std::to_string(version));
    const QzzxList list = write_qzzx_list(writer, dir, version);
    ASSERT_TRUE(list.info && list.info->block_count() > 5u);
    std::size_t long_tfs = 0;
    std::vector<std::uint32_t> positions;
    for (int walk = 0; walk < 100; ++walk) {
      PostingCursor cursor(*list.index, *list.info);
      for (auto it = expected.begin(); it != expected.end();) {
        ASSERT_EQ(cursor.doc(), it->first) << "walk " << walk;
        const QzzxPositions& want = it->second;
        switch (rng() % 4) {
          case 0:
            break;  // nothing read here
          case 1:
            EXPECT_EQ(cursor.tf(1), want.abstract.size()) << it->first;
            EXPECT_EQ(cursor.tf(0), want.title.size()) << it->first;
            break;
          case 2:
            cursor.positions(0, positions);
            EXPECT_EQ(positions, want.title) << it->first;
            EXPECT_EQ(cursor.tf(1), want.abstract.size()) << it->first;
            break;
          default:
            cursor.positions(1, positions);
            EXPECT_EQ(positions, want.abstract) << it->first;
            EXPECT_EQ(cursor.tf(0), want.title.size()) << it->first;
        }
        long_tfs += want.title.size() > 127;
        if (rng() % 2 == 0) {
          cursor.next();
          ++it;
        } else {
          const std::uint32_t target = it->first + 1 + rng() % 400;
          cursor.advance(target);
          it = expected.lower_bound(target);
        }
      }
      EXPECT_EQ(cursor.doc(), kEndDoc);
    }
    EXPECT_GT(long_tfs, 0u);
  }
}

// add_posting_docs (the doc-only decoder of OR matching) against a PostingCursor walk of the
// same list: every range, scope and base. The list spans 30+ blocks; its postings are in the
// title, the abstract or both (masks 1, 2, 3), some with a tf past 127 and some after a gap
// past 127 documents (multi-byte varints in both places).
TEST(AddPostingDocs, EqualsACursorWalkForAnyRangeScopeAndBase) {
  medsearch::testing::TempDir dir;
  std::mt19937 rng(41);
  SegmentIndexWriter writer;
  constexpr std::uint32_t kDocs = 12000;
  for (std::uint32_t d = 0; d < kDocs; ++d) {
    Article a;
    const bool quiet = d >= 5000 && d < 5400;      // a gap of 400 documents without the term
    const unsigned where = quiet ? 0 : rng() % 5;  // 0, 4: none; 1: title; 2: abstract; 3: both
    const std::size_t repeat = rng() % 40 == 0 ? 150 : 1 + rng() % 3;
    std::string hits;
    for (std::size_t i = 0; i < repeat; ++i) hits += " qzzx";
    a.title = "qfillx" + std::string(where == 1 || where == 3 ? hits : "");
    if (where == 2 || where == 3) a.abstract.push_back({"", "", "qother" + hits});
    writer.add(a);
  }
  for (const std::uint32_t version : kBothLayouts) {
    SCOPED_TRACE("lexicon version " + std::to_string(version));
    const QzzxList list = write_qzzx_list(writer, dir, version);
    const SegmentIndex& index = *list.index;
    const std::optional<TermInfo>& info = list.info;
    ASSERT_TRUE(info);
    ASSERT_GT(info->block_count(), 30u);
    const Deadline unlimited;
    std::size_t non_empty = 0;
    for (int trial = 0; trial < 300; ++trial) {
      std::uint32_t begin = rng() % (kDocs + 10), end = rng() % (kDocs + 10);
      if (trial % 10 == 0) begin = 0, end = kDocs;
      if (begin > end) std::swap(begin, end);
      const std::uint8_t scopes[] = {kAnyMask, 1, 2, 3};
      const std::uint8_t scope = scopes[trial % 4];
      const std::uint32_t base = trial % 3 == 0 ? 0 : rng() % 1000;
      DocSet expected(base + kDocs), got(base + kDocs);
      PostingCursor c(index, *info);
      c.advance(begin);
      for (; c.doc() < end; c.next()) {
        if (scope == kAnyMask || (c.mask() & scope) != 0) expected.insert(DocId(base + c.doc()));
      }
      DeadlineCheck check(unlimited);
      add_posting_docs(index, *info, begin, end, scope, base, got, check);
      ASSERT_EQ(got.words(), expected.words()) << "begin " << begin << " end " << end << " scope " << int(scope);
      if (expected.count() > 0) ++non_empty;
    }
    EXPECT_GT(non_empty, 200u);
  }
}

// shallow_advance() finds the block that would hold a target from the skip entries alone:
// the first block whose last doc is >= target, without moving doc().
TEST(PostingCursor, ShallowAdvanceFindsTheBlockWithoutDecoding) {
  medsearch::testing::TempDir dir;
  SegmentIndexWriter writer;
  std::vector<std::uint32_t> docs;  // of "qzzx", ascending
  for (std::uint32_t d = 0; d < 3000; ++d) {
    Article a;
    a.title = d % 3 == 1 ? "qzzx" : "qfillx";
    if (d % 3 == 1) docs.push_back(d);
    writer.add(a);
  }
  writer.write(dir.file("s.lex"));
  SegmentIndex index(dir.file("s.lex"));
  PostingCursor cursor(index, *index.find(make_key(KeySpace::Prose, "qzzx")));
  ASSERT_EQ(cursor.block_count(), (docs.size() + kBlockDocs - 1) / kBlockDocs);
  for (std::uint32_t target : {0u, 1u, 2u, 383u, 384u, 385u, 1000u, 2998u, 2999u, 5000u}) {
    const std::uint32_t block = cursor.shallow_advance(target);
    const auto first = std::lower_bound(docs.begin(), docs.end(), target);
    const auto want =
        first == docs.end() ? cursor.block_count() : static_cast<std::uint32_t>((first - docs.begin()) / kBlockDocs);
    EXPECT_EQ(block, want) << target;
    if (block < cursor.block_count()) {
      EXPECT_GE(cursor.skip(block).last_doc, target);
    }
    EXPECT_EQ(cursor.doc(), docs.front());  // nothing decoded, nothing moved
  }
  // After the decoded block moves ahead, the shallow pointer never lags behind it.
  PostingCursor moved(index, *index.find(make_key(KeySpace::Prose, "qzzx")));
  moved.advance(docs[5 * kBlockDocs]);
  EXPECT_EQ(moved.shallow_advance(0), 5u);
}

TEST(SegmentIndex, KeywordSpacesAndPrefixLookup) {
  medsearch::testing::TempDir dir;
  SegmentIndexWriter writer;
  Article a;
  a.title = "Immunology and immunity";
  a.authors = {{"Smith", "John A", "JA", "", {}}};
  a.journal = {"The Lancet", "Lancet", "", "", "", ""};
  a.mesh_headings = {{"D1", "Breast Neoplasms", true, {}}, {"D2", "Humans", false, {}}};
  a.publication_types = {"Review"};
  a.languages = {"eng"};
  a.pub_year = 2015;
  writer.add(a);
  writer.write(dir.file("s.lex"));
  SegmentIndex index(dir.file("s.lex"));
  for (const char* key : {"asmith", "asmith j", "asmith ja", "jlancet", "jthe lancet", "mbreast neoplasms",
                          "Mbreast neoplasms", "mhumans", "treview", "leng", "y2015"}) {
    EXPECT_TRUE(index.find(key).has_value()) << key;
  }
  EXPECT_FALSE(index.find("Mhumans").has_value());
  const auto expansions = index.with_prefix("pimmun", 10);
  EXPECT_GE(expansions.size(), 1u);
  for (const auto& [key, info] : expansions) EXPECT_TRUE(key.starts_with("pimmun"));
}

TEST(SegmentIndex, DamagedFileIsCorrupt) {
  medsearch::testing::TempDir dir;
  SegmentIndexWriter writer;
  Article a;
  a.title = "something";
  writer.add(a);
  writer.write(dir.file("s.lex"));
  std::string bytes = medsearch::testing::read_file(dir.file("s.lex"));
  bytes[bytes.size() / 3] ^= 0x20;
  std::ofstream(dir.file("s.lex"), std::ios::binary) << bytes;
  EXPECT_THROW(SegmentIndex index(dir.file("s.lex")), Error);
}

}  // namespace
}  // namespace medsearch::lexical
