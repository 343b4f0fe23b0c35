// Oracle test of merge_segment_indexes: merging the lexical indexes of consecutive parts
// of a document sequence gives the very bytes SegmentIndexWriter writes for the whole
// sequence, on random documents with long lists (many blocks), keyword-space lists,
// empty fields and uneven part sizes.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "medsearch/lexical/posting_cursor.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_index_writer.hpp"
#include "medsearch/lexical/segment_merge.hpp"
#include "medsearch/lexical/top_k.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::lexical {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string random_words(std::mt19937& rng, std::size_t vocabulary, std::size_t count) {
  static const char* kSyllables[] = {"ba", "de", "fi", "go", "hu", "ja", "ke", "li", "mo", "nu"};
  std::string text;
  std::geometric_distribution<std::size_t> zipfish(0.02);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t w = zipfish(rng) % vocabulary;
    if (!text.empty()) text += ' ';
    text += std::string("z") + kSyllables[w % 10] + kSyllables[(w / 10) % 10] + kSyllables[(w / 100) % 10] + "q";
  }
  return text;
}

Article random_article(std::mt19937& rng, std::size_t n) {
  Article a;
  a.id = std::to_string(n);
  a.title = random_words(rng, 600, 2 + rng() % 12);
  if (rng() % 5 != 0) a.abstract.push_back({"", "", random_words(rng, 600, 10 + rng() % 150)});
  if (rng() % 3 == 0) a.keywords = {random_words(rng, 60, 1 + rng() % 2), random_words(rng, 60, 1)};
  if (rng() % 2 == 0) a.mesh_headings.push_back({"D" + std::to_string(rng() % 40), random_words(rng, 40, 2), rng() % 2 == 0, {}});
  if (rng() % 2 == 0) a.authors.push_back({"Smith" + std::to_string(rng() % 30), "J", "J", "", {}});
  a.journal.title = "Journal " + std::to_string(rng() % 7);
  a.publication_types = {rng() % 4 == 0 ? "Review" : "Journal Article"};
  return a;
}

TEST(SegmentMerge, MergedIndexIsByteIdenticalToWritingAllDocumentsAtOnce) {
  std::mt19937 rng(42);
  medsearch::testing::TempDir tmp;
  for (int round = 0; round < 3; ++round) {
    const std::size_t docs = round == 0 ? 12'000 : 600 + rng() % 2'000;
    std::vector<Article> articles;
    for (std::size_t d = 0; d < docs; ++d) articles.push_back(random_article(rng, d));

    const std::string whole_path = tmp.file("whole" + std::to_string(round) + ".lex");
    SegmentIndexWriter whole;
    for (const Article& a : articles) whole.add(a);
    whole.write(whole_path);

    // Consecutive parts of uneven sizes (some tiny, one possibly a single document).
    std::vector<std::unique_ptr<SegmentIndex>> parts;
    std::size_t start = 0;
    for (int p = 0; start < docs; ++p) {
      const std::size_t size = p == 0 ? 1 : std::min<std::size_t>(docs - start, 1 + rng() % (docs / 2));
      SegmentIndexWriter part;
      for (std::size_t d = start; d < start + size; ++d) part.add(articles[d]);
      const std::string part_path = tmp.file("part" + std::to_string(round) + "-" + std::to_string(p) + ".lex");
      part.write(part_path);
      parts.push_back(std::make_unique<SegmentIndex>(part_path));
      start += size;
    }
    ASSERT_GE(parts.size(), 2u);
    std::vector<const SegmentIndex*> inputs;
    for (const auto& part : parts) inputs.push_back(part.get());
    const std::string merged_path = tmp.file("merged" + std::to_string(round) + ".lex");
    merge_segment_indexes(inputs, merged_path);

    const std::string expected = read_all(whole_path);
    const std::string actual = read_all(merged_path);
    ASSERT_EQ(actual.size(), expected.size()) << "round " << round << ", " << parts.size() << " parts";
    EXPECT_TRUE(actual == expected) << "round " << round << ": merged bytes differ";

    // And the merged index searches like the whole one (a sanity check on the reader side).
    const SegmentIndex merged(merged_path);
    EXPECT_EQ(merged.doc_count(), docs);
    const SegmentIndex reference(whole_path);
    const std::vector<QueryTerm> query{{std::string("zbabababaq")}, {std::string("zdebababaq")}};
    const TopKResult a = top_k_exhaustive({{&merged, 0}}, query, RankingParams{}, 20, DocFilter{});
    const TopKResult b = top_k_exhaustive({{&reference, 0}}, query, RankingParams{}, 20, DocFilter{});
    EXPECT_EQ(a.hits, b.hits);
  }
}

TEST(SegmentMerge, OneInputIsCopiedExactly) {
  medsearch::testing::TempDir tmp;
  std::mt19937 rng(1);
  SegmentIndexWriter writer;
  for (int d = 0; d < 300; ++d) writer.add(random_article(rng, d));
  const std::string path = tmp.file("a.lex");
  writer.write(path);
  const SegmentIndex input(path);
  const std::string out = tmp.file("out.lex");
  merge_segment_indexes({&input}, out);
  EXPECT_TRUE(read_all(out) == read_all(path));
}

// An index written before lexicon version 2 (skip entries without max_reference_tf) still
// opens and searches with the bounds of its skip maxima, and merging (compaction) rewrites
// it in the current format: the same bytes as writing its documents anew.
TEST(SegmentMerge, VersionOneSegmentsAreReadAndMergedIntoTheCurrentFormat) {
  medsearch::testing::TempDir tmp;
  std::mt19937 rng(7);
  std::vector<Article> articles;
  for (int d = 0; d < 3'000; ++d) articles.push_back(random_article(rng, d));
  SegmentIndexWriter first, second, whole;
  for (int d = 0; d < 3'000; ++d) (d < 1'700 ? first : second).add(articles[d]), whole.add(articles[d]);
  first.write(tmp.file("first-v1.lex"), 1);
  second.write(tmp.file("second-v1.lex"), 1);
  second.write(tmp.file("second-v2.lex"));
  whole.write(tmp.file("whole.lex"));
  const SegmentIndex old_first(tmp.file("first-v1.lex")), old_second(tmp.file("second-v1.lex"));
  const SegmentIndex new_second(tmp.file("second-v2.lex"));
  EXPECT_EQ(old_first.format_version(), 1u);
  EXPECT_EQ(new_second.format_version(), kLexiconVersion);

  // The same postings, and skip entries that differ only in the reference maximum.
  std::size_t blocks = 0;
  for (std::uint32_t rank = 0; rank < new_second.key_count(); ++rank) {
    const TermInfo old_info = old_second.info_at(rank), new_info = new_second.info_at(rank);
    ASSERT_EQ(old_second.key_at(rank), new_second.key_at(rank));
    for (std::uint32_t b = 0; b < new_info.block_count(); ++b, ++blocks) {
      const BlockSkip o = old_second.block_skip(old_info, b), n = new_second.block_skip(new_info, b);
      EXPECT_EQ(o.last_doc, n.last_doc);
      EXPECT_EQ(o.max_tf, n.max_tf);
      EXPECT_EQ(o.min_length, n.min_length);
      EXPECT_EQ(o.max_reference_tf, kNoReferenceTf);
      EXPECT_LT(n.max_reference_tf, kNoReferenceTf);
    }
    PostingCursor a(old_second, old_info), c(new_second, new_info);
    for (; a.doc() != kEndDoc; a.next(), c.next()) {
      ASSERT_EQ(a.doc(), c.doc());
      for (std::size_t f = 0; f < kTextFieldCount; ++f) ASSERT_EQ(a.tf(f), c.tf(f));
    }
    EXPECT_EQ(c.doc(), kEndDoc);
  }
  EXPECT_GT(blocks, 1'000u);

  // Pruned search over old and new segments side by side equals the exhaustive one.
  const std::vector<SegmentView> mixed{{&old_first, 0}, {&new_second, 1'700}};
  for (const char* word : {"zbabababaq", "zdebababaq", "zfibababaq"}) {
    const std::vector<QueryTerm> query{{std::string(word)}};
    EXPECT_EQ(top_k(mixed, query, RankingParams{}, 10, DocFilter{}).hits,
              top_k_exhaustive(mixed, query, RankingParams{}, 10, DocFilter{}).hits)
        << word;
  }

  merge_segment_indexes({&old_first, &old_second}, tmp.file("merged.lex"));
  EXPECT_TRUE(read_all(tmp.file("merged.lex")) == read_all(tmp.file("whole.lex")));
}

}  // namespace
}  // namespace medsearch::lexical
