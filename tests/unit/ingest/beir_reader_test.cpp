#include "medsearch/ingest/beir_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "ingest_test_util.hpp"

namespace medsearch::ingest {
namespace {

using testing::read_all;

class BeirReaderTest : public testing::TempDirTest {};

// Lines: 1 good, 2-3 blank, 4 numeric id (CRLF), 5 broken JSON, 6 not an object,
// 7 no _id, 8 empty _id, 9 null _id, 10 good without a final newline.
const std::string kCorpus =
    "{\"_id\": \"MED-1\", \"title\": \"First title\", \"text\": \"First text.\", \"metadata\": {\"url\": \"x\"}}\n"
    "\n"
    "   \n"
    "{\"_id\": 4242, \"title\": \"Numeric id\", \"text\": \"\"}\r\n"
    "{\"_id\": \"MED-3\", \"title\": \"\n"
    "[1, 2, 3]\n"
    "{\"title\": \"no id\", \"text\": \"t\"}\n"
    "{\"_id\": \"\", \"text\": \"empty id\"}\n"
    "{\"_id\": null}\n"
    "{\"_id\": \"MED-9\", \"text\": \"Only text \\u00e9.\", \"title\": null}";

TEST_F(BeirReaderTest, ReadsGoodLinesAndSkipsBadOnesWithLineNumbers) {
  const std::string& text = kCorpus;
  for (const std::string name : {"corpus.jsonl", "corpus.jsonl.gz"}) {
    const std::string p = write(name, name.ends_with(".gz") ? testing::gzip(text) : text);
    const auto records = read_all(p);
    ASSERT_EQ(records.size(), 8u) << name;
    EXPECT_EQ(records[0].kind, RecordKind::Article);
    EXPECT_EQ(records[0].article.id, "MED-1");
    EXPECT_EQ(records[0].article.title, "First title");
    EXPECT_EQ(records[0].article.abstract, (std::vector<AbstractSection>{{"", "", "First text."}}));
    EXPECT_EQ(records[0].article.pub_year, 0);
    EXPECT_EQ(records[1].kind, RecordKind::Article);
    EXPECT_EQ(records[1].article.id, "4242");
    EXPECT_EQ(records[1].article.title, "Numeric id");
    EXPECT_TRUE(records[1].article.abstract.empty());
    const char* reasons[] = {"bad-json", "bad-json", "missing-id", "missing-id", "missing-id"};
    const int lines[] = {5, 6, 7, 8, 9};
    for (int i = 0; i < 5; ++i) {
      const Record& r = records[2 + i];
      EXPECT_EQ(r.kind, RecordKind::Skipped) << i;
      EXPECT_EQ(r.skipped.reason, reasons[i]) << i;
      EXPECT_NE(r.skipped.detail.find(p + ": line " + std::to_string(lines[i]) + ":"), std::string::npos)
          << r.skipped.detail;
    }
    EXPECT_EQ(records[7].kind, RecordKind::Article);
    EXPECT_EQ(records[7].article.id, "MED-9");
    EXPECT_EQ(records[7].article.title, "");
    EXPECT_EQ(records[7].article.abstract_text(), "Only text \xC3\xA9.");
  }
}

TEST_F(BeirReaderTest, EmptyFileHasNoRecords) {
  EXPECT_TRUE(read_all(write("empty.jsonl", "")).empty());
}

TEST_F(BeirReaderTest, LongLinesAcrossReadChunks) {
  const std::string long_text(3 << 20, 'w');  // longer than one 1 MiB read
  const std::string p = write("long.jsonl", "{\"_id\": \"a\", \"text\": \"" + long_text + "\"}\n{\"_id\": \"b\"}\n");
  const auto records = read_all(p);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].article.abstract.at(0).text.size(), long_text.size());
  EXPECT_EQ(records[1].article.id, "b");
}

TEST_F(BeirReaderTest, MissingFileIsNotFound) {
  const std::string p = path("none.jsonl");
  testing::expect_error([&] { BeirReader reader(p); }, ErrorCode::NotFound, {p});
}

TEST_F(BeirReaderTest, ProgressCoversTheWholeFile) {
  const std::string& text = kCorpus;
  BeirReader reader(write("c.jsonl", text));
  read_all(reader);
  EXPECT_EQ(reader.progress().uncompressed_bytes, text.size());
  EXPECT_EQ(reader.progress().compressed_bytes, text.size());
  EXPECT_EQ(reader.progress().file_bytes, text.size());
}

TEST(BeirReaderRealData, ReadsTheNfcorpusDevCorpus) {
  const std::string p = std::string(MEDSEARCH_SHARED_DIR) + "/data/nfcorpus-dev/corpus.jsonl";
  if (!std::filesystem::exists(p)) GTEST_SKIP() << "shared data absent: " << p;
  BeirReader reader(p);
  Record r;
  std::size_t articles = 0;
  std::string first_id;
  while (reader.next(r)) {
    ASSERT_EQ(r.kind, RecordKind::Article) << r.skipped.detail;
    ASSERT_FALSE(r.article.id.empty());
    if (articles++ == 0) first_id = r.article.id;
  }
  EXPECT_EQ(articles, 3193u);
  EXPECT_EQ(first_id, "MED-118");
}

}  // namespace
}  // namespace medsearch::ingest
