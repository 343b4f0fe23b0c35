// PubmedReader as a stream: skipped records, deletions, file-level errors, progress.
#include "medsearch/ingest/pubmed_reader.hpp"

#include <gtest/gtest.h>

#include "ingest_test_util.hpp"

namespace medsearch::ingest {
namespace {

using testing::expect_error;
using testing::minimal_article;
using testing::pubmed_set;
using testing::read_all;

class PubmedReaderTest : public testing::TempDirTest {};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(PubmedReaderTest, MalformedRecordIsSkippedAndTheNextOneRead) {
  const std::string bad =
      "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>Bad <i>markup</b>"
      "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n";
  const std::string xml = pubmed_set(minimal_article("1") + bad + minimal_article("3"));
  const std::string p = write("bad.xml", xml);
  const auto records = read_all(p);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].kind, RecordKind::Article);
  EXPECT_EQ(records[0].article.id, "1");
  ASSERT_EQ(records[1].kind, RecordKind::Skipped);
  EXPECT_EQ(records[1].skipped.reason, "xml-error");
  const std::string& detail = records[1].skipped.detail;
  EXPECT_TRUE(contains(detail, p)) << detail;
  EXPECT_TRUE(contains(detail, "<PubmedArticle> at line 5 (byte " + std::to_string(xml.find(bad)) + ")")) << detail;
  EXPECT_TRUE(contains(detail, "mismatch")) << detail;  // pugixml's description
  EXPECT_EQ(records[2].kind, RecordKind::Article);
  EXPECT_EQ(records[2].article.id, "3");
}

TEST_F(PubmedReaderTest, MissingAndNonNumericPmidsAreSkipped) {
  const std::string no_pmid =
      "<PubmedArticle><MedlineCitation><Article><ArticleTitle>T</ArticleTitle></Article>"
      "</MedlineCitation></PubmedArticle>\n";
  const std::string empty_pmid = minimal_article("  ");
  const std::string no_citation = "<PubmedArticle><PubmedData/></PubmedArticle>\n";
  const std::string xml =
      pubmed_set(no_pmid + empty_pmid + no_citation + minimal_article("12a34") + minimal_article("-5") + minimal_article("9"));
  const std::string p = write("pmid.xml", xml);
  const auto records = read_all(p);
  ASSERT_EQ(records.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(records[i].kind, RecordKind::Skipped) << i;
    EXPECT_EQ(records[i].skipped.reason, "missing-pmid") << i;
    EXPECT_TRUE(contains(records[i].skipped.detail, p + ": <PubmedArticle> at line " + std::to_string(4 + i)))
        << records[i].skipped.detail;
  }
  EXPECT_EQ(records[3].skipped.reason, "bad-pmid");
  EXPECT_TRUE(contains(records[3].skipped.detail, "'12a34'")) << records[3].skipped.detail;
  EXPECT_TRUE(contains(records[3].skipped.detail, "line 7")) << records[3].skipped.detail;
  EXPECT_EQ(records[4].skipped.reason, "bad-pmid");
  ASSERT_EQ(records[5].kind, RecordKind::Article);
  EXPECT_EQ(records[5].article.id, "9");
}

TEST_F(PubmedReaderTest, BookArticlesAreSkipped) {
  const std::string book =
      "<PubmedBookArticle><BookDocument><PMID Version=\"1\">20301295</PMID><ArticleIdList>"
      "<ArticleId IdType=\"bookaccession\">NBK1116</ArticleId></ArticleIdList><Book><BookTitle>"
      "GeneReviews</BookTitle></Book></BookDocument></PubmedBookArticle>\n";
  const auto records = read_all(write("book.xml", pubmed_set(book + minimal_article("1"))));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, RecordKind::Skipped);
  EXPECT_EQ(records[0].skipped.reason, "book-article");
  EXPECT_TRUE(contains(records[0].skipped.detail, "<PubmedBookArticle> at line 4")) << records[0].skipped.detail;
  EXPECT_EQ(records[1].kind, RecordKind::Article);
}

TEST_F(PubmedReaderTest, UnknownSetChildrenAreSkipped) {
  const auto records = read_all(write("u.xml", pubmed_set("<Surprise><PMID>1</PMID></Surprise>\n" + minimal_article("2"))));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].skipped.reason, "unknown-element");
  EXPECT_EQ(records[1].article.id, "2");
}

TEST_F(PubmedReaderTest, DeleteCitationGivesOneDeletionPerPmidInOrder) {
  const std::string deletes =
      "<DeleteCitation>\n<PMID Version=\"1\">101</PMID>\n<PMID Version=\"2\"> 102 </PMID>\n"
      "<PMID>x</PMID>\n<PMID>103</PMID>\n</DeleteCitation>\n";
  const std::string empty = "<DeleteCitation></DeleteCitation>\n<DeleteCitation/>\n";
  const auto records =
      read_all(write("d.xml", pubmed_set(minimal_article("1") + deletes + empty + minimal_article("2") + deletes)));
  std::vector<std::string> seen;
  for (const Record& r : records) {
    switch (r.kind) {
      case RecordKind::Article: seen.push_back("A" + r.article.id); break;
      case RecordKind::Deletion: seen.push_back("D" + r.deletion.id); break;
      case RecordKind::Skipped: seen.push_back("S" + r.skipped.reason); break;
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"A1", "D101", "D102", "Sbad-pmid", "D103", "A2", "D101", "D102",
                                            "Sbad-pmid", "D103"}));
}

TEST_F(PubmedReaderTest, BomDoctypeInternalSubsetAndComments) {
  const std::string xml =
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- generated by a test -->\n"
      "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle//EN\" \"pubmed.dtd\" [\n"
      "  <!ENTITY nbsp \"&#160;\">\n"
      "  <!-- ]> -->\n"
      "]>\n"
      "<?xml-stylesheet href=\"s.xsl\"?>\n"
      "<PubmedArticleSet>\n<!-- first -->\n" +
      minimal_article("1", "Caf\xC3\xA9 &#x3B2;-blockers &lt;5&gt; &amp; more") + "<!-- last -->\n</PubmedArticleSet>\n";
  const auto records = read_all(write("bom.xml", xml));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].article.title, "Caf\xC3\xA9 \xCE\xB2-blockers <5> & more");
}

TEST_F(PubmedReaderTest, NotPubmedXmlFailsAtOpenNamingTheFile) {
  const std::string p = write("page.xml", "<?xml version=\"1.0\"?>\n<html><body>hi</body></html>\n");
  expect_error([&] { PubmedReader reader(p); }, ErrorCode::InvalidArgument,
               {p, "not PubMed XML: root element is <html> (line 2)"});
}

TEST_F(PubmedReaderTest, XmlCutOffMidRecordNamesFileAndLine) {
  const std::string xml = pubmed_set(minimal_article("1") + minimal_article("2"));
  const std::string cut = xml.substr(0, xml.find("<PMID Version=\"1\">2<"));
  for (const std::string& name : {std::string("cut.xml"), std::string("cut.xml.gz")}) {
    const std::string p = write(name, name.ends_with(".gz") ? testing::gzip(cut) : cut);
    PubmedReader reader(p);
    Record r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.article.id, "1");
    expect_error([&] { reader.next(r); }, ErrorCode::Corrupt,
                 {p, "XML ends inside <PubmedArticle> that starts at line 5"});
  }
}

TEST_F(PubmedReaderTest, TruncatedGzipNamesTheFile) {
  std::string body;
  for (int i = 1; i <= 300; ++i) body += minimal_article(std::to_string(i), "Title number " + std::to_string(i * 7));
  const std::string compressed = testing::gzip(pubmed_set(body));
  const std::string p = write("trunc.xml.gz", compressed.substr(0, compressed.size() / 2));
  expect_error([&] { read_all(p); }, ErrorCode::Corrupt, {p, "truncated gzip"});
}

TEST_F(PubmedReaderTest, CorruptGzipNamesTheFile) {
  std::string compressed = testing::gzip(pubmed_set(minimal_article("1") + minimal_article("2")));
  for (std::size_t i = 20; i < compressed.size() - 8; ++i) compressed[i] = static_cast<char>(~compressed[i]);
  const std::string p = write("corrupt.xml.gz", compressed);
  expect_error([&] { read_all(p); }, ErrorCode::Corrupt, {p, "gzip"});
}

TEST_F(PubmedReaderTest, MultiMemberGzipReadsAllMembers) {
  const std::string xml = pubmed_set(minimal_article("1") + minimal_article("2") + minimal_article("3"));
  const std::size_t half = xml.find("<PubmedArticle>", xml.find("<PMID Version=\"1\">1<"));  // mid-file cut
  const std::string p = write("multi.xml.gz", testing::gzip(xml.substr(0, half)) + testing::gzip(xml.substr(half)));
  const auto records = read_all(p);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].article.id, "3");
}

TEST_F(PubmedReaderTest, ManyRecordsAcrossBufferRefills) {
  // About 3 MB of XML: records straddle the reader's 1 MiB reads.
  std::string body;
  const int count = 8000;
  for (int i = 1; i <= count; ++i) {
    body += minimal_article(std::to_string(i), "Title" + std::string(static_cast<std::size_t>(i % 97), 'x'));
  }
  const std::string xml = pubmed_set(body);
  ASSERT_GT(xml.size(), 2u << 20);
  PubmedReader reader(write("many.xml.gz", testing::gzip(xml)));
  Record r;
  int seen = 0;
  while (reader.next(r)) {
    ++seen;
    ASSERT_EQ(r.kind, RecordKind::Article) << r.skipped.detail;
    ASSERT_EQ(r.article.id, std::to_string(seen));
    ASSERT_EQ(r.article.title, "Title" + std::string(static_cast<std::size_t>(seen % 97), 'x'));
  }
  EXPECT_EQ(seen, count);
  EXPECT_EQ(reader.progress().uncompressed_bytes, xml.size());
}

TEST_F(PubmedReaderTest, SkippedDetailsCountLinesAcrossRefills) {
  std::string body;
  for (int i = 1; i <= 20000; ++i) body += minimal_article(std::to_string(i));  // one line each
  body += minimal_article("bad");
  const auto records = read_all(write("lines.xml", pubmed_set(body)));
  ASSERT_EQ(records.size(), 20001u);
  EXPECT_EQ(records.back().skipped.reason, "bad-pmid");
  // Line 1 declaration, 2 DOCTYPE, 3 root, then one record per line.
  EXPECT_TRUE(contains(records.back().skipped.detail, "at line 20004 ")) << records.back().skipped.detail;
}

TEST_F(PubmedReaderTest, EmptyFileIsCorrupt) {
  const std::string p = write("empty.xml", "");
  expect_error([&] { PubmedReader reader(p); }, ErrorCode::Corrupt, {p, "empty"});
  const std::string gz = write("empty.xml.gz", testing::gzip(""));
  expect_error([&] { PubmedReader reader(gz); }, ErrorCode::Corrupt, {gz});
}

TEST_F(PubmedReaderTest, EmptySetHasNoRecords) {
  EXPECT_TRUE(read_all(write("e.xml", pubmed_set(""))).empty());
}

TEST_F(PubmedReaderTest, MissingFileIsNotFound) {
  const std::string p = path("nope.xml.gz");
  expect_error([&] { PubmedReader reader(p); }, ErrorCode::NotFound, {p});
}

TEST_F(PubmedReaderTest, ProgressReportsFileAndStreamBytes) {
  std::string body;
  for (int i = 1; i <= 50; ++i) body += minimal_article(std::to_string(i));
  const std::string xml = pubmed_set(body);
  const std::string compressed = testing::gzip(xml);
  PubmedReader reader(write("p.xml.gz", compressed));
  EXPECT_EQ(reader.progress().file_bytes, compressed.size());
  Record r;
  std::size_t count = 0;
  while (reader.next(r)) ++count;
  EXPECT_EQ(count, 50u);
  const ReadProgress done = reader.progress();
  EXPECT_EQ(done.compressed_bytes, compressed.size());
  EXPECT_EQ(done.uncompressed_bytes, xml.size());
  EXPECT_EQ(done.file_bytes, compressed.size());
  EXPECT_TRUE(reader.path().ends_with("p.xml.gz"));
}

}  // namespace
}  // namespace medsearch::ingest
