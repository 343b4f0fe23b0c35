// The caps on ingest input (docs/reliability.md, "Input limits"): the XML record size,
// the line length, and text nesting depth. Each is checked just over (a named error) and
// at the cap (passes); memory stays bounded while a cap is being reached.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "ingest_test_util.hpp"
#include "medsearch/ingest/beir_reader.hpp"
#include "medsearch/ingest/gzip_input.hpp"
#include "medsearch/ingest/line_reader.hpp"
#include "medsearch/ingest/pubmed_reader.hpp"
#include "medsearch/ingest/xml_record_splitter.hpp"

namespace medsearch::ingest {
namespace {

using testing::expect_error;

class InputLimitsTest : public testing::TempDirTest {
 protected:
  // Writes `head` and then `mib` MiB of 'a' (no newline, no '<') to `name`; returns the path.
  std::string write_long(const std::string& name, const std::string& head, int mib) const {
    const std::string p = path(name);
    std::ofstream out(p, std::ios::binary);
    out << head;
    const std::string block(1 << 20, 'a');
    for (int i = 0; i < mib; ++i) out << block;
    return p;
  }
};

const std::string kHead = "<PubmedArticleSet>\n";

// A record of exactly `size` bytes: <PubmedArticle>xxx…</PubmedArticle>.
std::string record_of_size(std::size_t size) {
  const std::string open = "<PubmedArticle>", close = "</PubmedArticle>";
  return open + std::string(size - open.size() - close.size(), 'x') + close;
}

std::size_t split_all(const std::string& path, std::size_t read_bytes, std::size_t cap) {
  GzipInput input(path, 256);
  XmlRecordSplitter splitter(input, read_bytes, cap);
  RecordChunk chunk;
  std::size_t n = 0;
  while (splitter.next(chunk)) ++n;
  return n;
}

TEST_F(InputLimitsTest, RecordAtTheCapPassesOneByteOverIsCorrupt) {
  constexpr std::size_t kCap = 4096;
  const std::string at_cap = write("at.xml", kHead + record_of_size(kCap) + "</PubmedArticleSet>");
  const std::string over = write("over.xml", kHead + record_of_size(kCap) + "\n" + record_of_size(kCap + 1) +
                                                 "</PubmedArticleSet>");
  for (std::size_t read_bytes : {64, 1 << 20}) {
    EXPECT_EQ(split_all(at_cap, read_bytes, kCap), 1u);
    // The second record starts on line 3, after the first record and its newline.
    const std::size_t second = kHead.size() + kCap + 1;
    expect_error([&] { split_all(over, read_bytes, kCap); }, ErrorCode::Corrupt,
                 {over, "<PubmedArticle> that starts at line 3 (byte " + std::to_string(second) + ")",
                  "maximum record size of 4096 bytes"});
  }
}

TEST_F(InputLimitsTest, ANeverClosingRecordStopsAtTheCapInBoundedMemory) {
  constexpr std::size_t kCap = 64 * 1024;
  const std::string p = write("open.xml", kHead + "<PubmedArticle>" + std::string(1 << 20, 'x'));
  GzipInput input(p, 4096);
  XmlRecordSplitter splitter(input, 4096, kCap);
  RecordChunk chunk;
  expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt,
               {p, "<PubmedArticle> that starts at line 2 (byte 19)", "no end by byte"});
  EXPECT_LE(splitter.buffer_capacity(), 2 * kCap + 2 * 4096);
}

TEST_F(InputLimitsTest, AStartTagThatNeverEndsStopsAtTheCap) {
  constexpr std::size_t kCap = 8192;
  for (const std::string& xml : {kHead + "<PubmedArticle a=\"" + std::string(100000, 'x'),
                                 "<PubmedArticleSet " + std::string(100000, 'x')}) {
    const std::string p = write("tag.xml", xml);
    GzipInput input(p, 1024);
    XmlRecordSplitter splitter(input, 1024, kCap);
    RecordChunk chunk;
    expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt, {p, "maximum record size of 8192 bytes"});
    EXPECT_LE(splitter.buffer_capacity(), 2 * kCap + 2 * 1024);
  }
}

// The case: a 64 MB record that never closes used to grow the buffer until the
// allocator failed (std::bad_alloc under a 1 GiB limit, naming neither file nor offset).
// With the default cap it stops with the file and offsets, having read about 16 MiB.
TEST_F(InputLimitsTest, A64MbNeverClosingRecordErrorsWithFileAndOffset) {
  const std::string p = write_long(
      "huge.xml", kHead + testing::minimal_article("1") + "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>",
      64);
  PubmedReader reader(p);
  Record record;
  ASSERT_TRUE(reader.next(record));
  const std::string record_start = std::to_string(kHead.size() + testing::minimal_article("1").size());
  expect_error([&] { reader.next(record); }, ErrorCode::Corrupt,
               {p, "<PubmedArticle> that starts at line 3 (byte " + record_start + ")",
                "maximum record size of " + std::to_string(kDefaultMaxRecordBytes) + " bytes"});
  // The reader stopped near the cap (its buffer doubles, so at most about twice the cap is
  // read and held), not at the end of the 64 MB.
  EXPECT_LE(reader.progress().uncompressed_bytes, 2 * kDefaultMaxRecordBytes + (std::size_t{2} << 20));
}

TEST_F(InputLimitsTest, LineAtTheCapPassesOneByteOverIsCorrupt) {
  constexpr std::size_t kCap = 1000;
  const std::string ok = std::string(kCap, 'a');
  const std::string p = write("lines.txt", "short\n" + ok + "\n" + ok + "b\nlast");
  for (std::size_t read_bytes : {64, 1 << 20}) {
    GzipInput input(p, 128);
    LineReader lines(input, read_bytes, kCap);
    std::string_view line;
    ASSERT_TRUE(lines.next(line));
    ASSERT_TRUE(lines.next(line));
    EXPECT_EQ(line.size(), kCap);
    expect_error([&] { lines.next(line); }, ErrorCode::Corrupt,
                 {p, "line 3 (starting at byte " + std::to_string(6 + kCap + 1) + ")",
                  "maximum line length of 1000 bytes"});
  }
}

TEST_F(InputLimitsTest, AFileWithoutNewlinesStopsAtTheLineCapInBoundedMemory) {
  constexpr std::size_t kCap = 4096;
  for (const bool gz : {false, true}) {
    const std::string text = std::string(1 << 20, 'x');
    const std::string p = write(gz ? "one.txt.gz" : "one.txt", gz ? testing::gzip(text) : text);
    GzipInput input(p, 1024);
    LineReader lines(input, 1024, kCap);
    std::string_view line;
    expect_error([&] { lines.next(line); }, ErrorCode::Corrupt, {p, "line 1 (starting at byte 0)"});
    // Fewer bytes read than the file: the reader stopped at the cap.
    EXPECT_LT(input.uncompressed_bytes(), 4 * kCap);
  }
  // The last line (no '\n') is held to the same cap.
  const std::string p = write("last.txt", "a\n" + std::string(kCap + 1, 'y'));
  GzipInput input(p, 1 << 20);
  LineReader lines(input, 1 << 20, kCap);
  std::string_view line;
  ASSERT_TRUE(lines.next(line));
  expect_error([&] { lines.next(line); }, ErrorCode::Corrupt, {p, "line 2 (starting at byte 2)"});
}

TEST_F(InputLimitsTest, BeirReaderUsesTheDefaultLineCap) {
  const std::string p = write_long("corpus.jsonl", "{\"_id\": \"1\", \"text\": \"x\"}\n{\"_id\": \"2\", \"text\": \"", 17);
  BeirReader reader(p);
  Record record;
  ASSERT_TRUE(reader.next(record));
  expect_error([&] { reader.next(record); }, ErrorCode::Corrupt, {p, "line 2 (starting at byte 26)"});
}

// Text flattening walked the tree recursively, one stack frame per nested element: a
// record nested a million elements deep (a few MB, under the record cap) overflowed the
// stack. Now it is read like any other.
TEST_F(InputLimitsTest, DeeplyNestedTextIsFlattenedWithoutRecursion) {
  constexpr int kDepth = 1'000'000;
  std::string title;
  title.reserve(kDepth * 7 + 16);
  for (int i = 0; i < kDepth; ++i) title += "<i>";
  title += "deep";
  for (int i = 0; i < kDepth; ++i) title += "</i>";
  const std::string p = write("deep.xml", testing::pubmed_set(testing::minimal_article("77", "A " + title + " title")));
  const auto records = testing::read_all(p);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].kind, RecordKind::Article) << records[0].skipped.detail;
  EXPECT_EQ(records[0].article.title, "A deep title");
}

}  // namespace
}  // namespace medsearch::ingest
