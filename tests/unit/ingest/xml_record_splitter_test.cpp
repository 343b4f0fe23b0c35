#include "medsearch/ingest/xml_record_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest_test_util.hpp"
#include "medsearch/ingest/gzip_input.hpp"

namespace medsearch::ingest {
namespace {

using testing::expect_error;

struct Chunk {
  std::string name;
  std::string text;
  std::uint64_t byte_offset;
  std::uint64_t line;
  bool operator==(const Chunk&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Chunk& c) {
  return os << "<" << c.name << "> line " << c.line << " byte " << c.byte_offset << ": " << c.text;
}

class SplitterTest : public testing::TempDirTest {
 protected:
  // Every record of `xml`, read with `read_bytes`-sized reads.
  std::vector<Chunk> split(const std::string& xml, std::size_t read_bytes = 1 << 20,
                           std::size_t chunk_bytes = 1 << 20) {
    GzipInput input(write("in.xml", xml), chunk_bytes);
    XmlRecordSplitter splitter(input, read_bytes);
    std::vector<Chunk> chunks;
    RecordChunk chunk;
    while (splitter.next(chunk)) {
      chunks.push_back({std::string(chunk.name), std::string(chunk.data, chunk.size), chunk.byte_offset, chunk.line});
      // The caller may overwrite the chunk (pugixml parses in place): nothing may depend on it.
      std::fill(chunk.data, chunk.data + chunk.size, '\n');
    }
    EXPECT_FALSE(splitter.next(chunk)) << "end must stay the end";
    return chunks;
  }
};

TEST_F(SplitterTest, SkipsPrologAndCutsRecordsWithOffsetsAndLines) {
  const std::string a = "<PubmedArticle>\n<PMID>1</PMID>\n</PubmedArticle>";
  const std::string b = "<PubmedArticle a=\"x > y\"><PMID>2</PMID></PubmedArticle >";
  const std::string d = "<DeleteCitation><PMID>3</PMID><PMID>4</PMID></DeleteCitation>";
  const std::string xml =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
      "<!-- a comment with <PubmedArticle> inside -->\n"
      "<!DOCTYPE PubmedArticleSet SYSTEM \"x.dtd\" [\n"
      "  <!ENTITY % e \"]>\">\n"
      "  <!-- ] > in a comment -->\n"
      "  <!ELEMENT PubmedArticleSet ANY>\n"
      "]>\n"
      "<?pi with > inside?>\n"
      "<PubmedArticleSet>\n" +
      a + "\n  <!-- between <PubmedArticle> records -->\n" + b + d + "\n</PubmedArticleSet>\n";
  const std::vector<Chunk> expected = {
      {"PubmedArticle", a, xml.find(a), 10},
      {"PubmedArticle", b, xml.find(b), 14},
      {"DeleteCitation", d, xml.find(d), 14},
  };
  EXPECT_EQ(split(xml), expected);
  // Every refill boundary: the result must not depend on how the stream is cut.
  for (std::size_t read_bytes : {64, 65, 67, 100, 128, 333}) {
    EXPECT_EQ(split(xml, read_bytes, 64), expected) << "read_bytes " << read_bytes;
  }
}

TEST_F(SplitterTest, EndTagSearchDoesNotStopAtLongerNames) {
  // "</PubmedArticleSet" starts with "</PubmedArticle"; a record must not end there.
  const std::string xml =
      "<PubmedArticleSet><PubmedArticle><Note>&lt;/PubmedArticleX</Note></PubmedArticleX-no>"
      "</PubmedArticle></PubmedArticleSet>";
  const auto chunks = split(xml);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].text,
            "<PubmedArticle><Note>&lt;/PubmedArticleX</Note></PubmedArticleX-no></PubmedArticle>");
}

TEST_F(SplitterTest, AcceptsMedlineCitationSetAndEveryChildElement) {
  const std::string xml =
      "<MedlineCitationSet>\n<MedlineCitation Owner=\"NLM\"><PMID>1</PMID></MedlineCitation>\n"
      "<DeleteCitation/>\n<Other><x/></Other>\n<PubmedBookArticle/>\n</MedlineCitationSet>";
  const auto chunks = split(xml);
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_EQ(chunks[0].name, "MedlineCitation");
  EXPECT_EQ(chunks[1].name, "DeleteCitation");
  EXPECT_EQ(chunks[1].text, "<DeleteCitation/>");
  EXPECT_EQ(chunks[2].name, "Other");
  EXPECT_EQ(chunks[3].name, "PubmedBookArticle");
  EXPECT_EQ(chunks[3].line, 5u);
}

TEST_F(SplitterTest, EmptyRootGivesNoRecords) {
  EXPECT_TRUE(split("<?xml version=\"1.0\"?><PubmedArticleSet/>").empty());
  EXPECT_TRUE(split("<PubmedArticleSet>\n  \n</PubmedArticleSet>").empty());
}

TEST_F(SplitterTest, StopsAtTheRootEndTag) {
  const auto chunks = split("<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>\ntrailing junk <");
  EXPECT_EQ(chunks.size(), 1u);
}

TEST_F(SplitterTest, OtherRootIsNotPubmedXml) {
  const std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n\n<html><body/></html>";
  const std::string p = write("page.html", xml);
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  RecordChunk chunk;
  expect_error([&] { splitter.next(chunk); }, ErrorCode::InvalidArgument,
               {p, "not PubMed XML", "root element is <html>", "line 4"});
}

TEST_F(SplitterTest, ABareRecordAsRootIsTheFilesOneRecord) {
  const std::string record = "<MedlineCitation Owner=\"NLM\">\n<PMID Version=\"1\">15030341</PMID>\n</MedlineCitation>";
  const auto chunks = split("<?xml version=\"1.0\"?>\n" + record + "\n");
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0], (Chunk{"MedlineCitation", record, 22, 2}));
  const std::string article = "<PubmedArticle><MedlineCitation><PMID>7</PMID></MedlineCitation></PubmedArticle>";
  EXPECT_EQ(split(article).size(), 1u);
}

TEST_F(SplitterTest, ABareRecordCutOffIsCorrupt) {
  const std::string p = write("cut.xml", "<PubmedArticle><MedlineCitation><PMID>7</PMID>");
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  RecordChunk chunk;
  expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt, {p, "<PubmedArticle>", "line 1"});
}

TEST_F(SplitterTest, TextBeforeTheRootIsNotPubmedXml) {
  const std::string p = write("t.json", "{\"_id\": 1}\n");
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  expect_error([&] { splitter.start(); }, ErrorCode::InvalidArgument, {p, "not PubMed XML"});
}

TEST_F(SplitterTest, EmptyFileIsCorrupt) {
  const std::string p = write("empty.xml", "");
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  expect_error([&] { splitter.start(); }, ErrorCode::Corrupt, {p, "empty"});
}

TEST_F(SplitterTest, EofInsideARecordNamesFileLineAndByte) {
  const std::string head = "<PubmedArticleSet>\n<PubmedArticle><PMID>1</PMID></PubmedArticle>\n\n";
  const std::string xml = head + "<PubmedArticle>\n<PMID>2</PMID>\n<Article>";
  const std::string p = write("cut.xml", xml);
  for (std::size_t read_bytes : {64, 1 << 20}) {
    GzipInput input(p, 64);
    XmlRecordSplitter splitter(input, read_bytes);
    RecordChunk chunk;
    ASSERT_TRUE(splitter.next(chunk));
    expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt,
                 {p, "XML ends inside <PubmedArticle> that starts at line 4 (byte " + std::to_string(head.size()) + ")"});
  }
}

TEST_F(SplitterTest, EofInsideAStartTagOrEndTagIsCorrupt) {
  for (const std::string tail : {"<PubmedArticle a=\"1", "<PubmedArticle></PubmedArticle", "<PubmedArt"}) {
    const std::string p = write("cut.xml", "<PubmedArticleSet>\n" + tail);
    GzipInput input(p);
    XmlRecordSplitter splitter(input);
    RecordChunk chunk;
    expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt, {p, "XML ends inside", "line 2"});
  }
}

TEST_F(SplitterTest, EofBeforeTheRootEndTagIsCorrupt) {
  const std::string p = write("cut.xml", "<PubmedArticleSet>\n<PubmedArticle/>\n\n");
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  RecordChunk chunk;
  ASSERT_TRUE(splitter.next(chunk));
  expect_error([&] { splitter.next(chunk); }, ErrorCode::Corrupt, {p, "XML ends before </PubmedArticleSet>", "line 4"});
}

TEST_F(SplitterTest, EofInsideTheDoctypeIsCorrupt) {
  const std::string p = write("cut.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [ <!ELEMENT");
  GzipInput input(p);
  XmlRecordSplitter splitter(input);
  expect_error([&] { splitter.start(); }, ErrorCode::Corrupt, {p, "<!DOCTYPE>", "line 2"});
}

TEST_F(SplitterTest, BufferGrowsOnlyToTheLargestRecord) {
  std::string body;
  const std::string big = "<PubmedArticle>" + std::string(300000, 'x') + "</PubmedArticle>\n";
  for (int i = 0; i < 2000; ++i) body += "<PubmedArticle><PMID>" + std::to_string(i) + "</PMID></PubmedArticle>\n";
  body += big;
  for (int i = 0; i < 2000; ++i) body += "<PubmedArticle><PMID>" + std::to_string(i) + "</PMID></PubmedArticle>\n";
  GzipInput input(write("big.xml", "<PubmedArticleSet>\n" + body + "</PubmedArticleSet>"), 4096);
  XmlRecordSplitter splitter(input, 4096);
  RecordChunk chunk;
  std::size_t count = 0;
  std::size_t largest_capacity = 0;
  while (splitter.next(chunk)) {
    ++count;
    if (count == 1500) {
      EXPECT_LE(splitter.buffer_capacity(), 8192u) << "small records need no growth";
    }
    largest_capacity = std::max(largest_capacity, splitter.buffer_capacity());
    if (count == 2001) {
      EXPECT_EQ(chunk.size, big.size() - 1);
    }
  }
  EXPECT_EQ(count, 4001u);
  EXPECT_GE(largest_capacity, big.size());
  EXPECT_LE(largest_capacity, 2 * big.size() + 8192);
}


// Regression test for a finding of fuzz/pubmed_reader_fuzz.cpp: when the end-tag search
// found "</PubmedArticle" at the very end of the data read so far, followed (after more
// data was read and the buffer compacted) by a byte that does not end the tag, the search
// went on from a stale absolute position: memmem with a negative size. Every alignment of
// that text against the read size is tried.
TEST_F(SplitterTest, AnEndTagPrefixAtTheEndOfTheBufferIsSearchedPast) {
  const std::string record = "<PubmedArticle><x>a</PubmedArticleX></x>b</PubmedArticle>";
  for (std::size_t pad = 0; pad < 80; ++pad) {
    const std::string xml = "<PubmedArticleSet>" + std::string(pad, ' ') + "<PubmedArticle/>" + record +
                            "<PubmedArticle/></PubmedArticleSet>";
    const auto chunks = split(xml, 64, 64);
    ASSERT_EQ(chunks.size(), 3u) << "pad " << pad;
    EXPECT_EQ(chunks[1].text, record) << "pad " << pad;
  }
}

}  // namespace
}  // namespace medsearch::ingest
