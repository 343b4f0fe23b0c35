#include "medsearch/ingest/record_source.hpp"

#include <gtest/gtest.h>

#include "ingest_test_util.hpp"
#include "medsearch/ingest/beir_reader.hpp"
#include "medsearch/ingest/pubmed_reader.hpp"

namespace medsearch::ingest {
namespace {

TEST(RecordSource, ParsesInputFormatNames) {
  EXPECT_EQ(parse_input_format("auto"), InputFormat::Auto);
  EXPECT_EQ(parse_input_format("pubmed"), InputFormat::Pubmed);
  EXPECT_EQ(parse_input_format("beir"), InputFormat::Beir);
  testing::expect_error([] { parse_input_format("xml"); }, ErrorCode::InvalidArgument, {"'xml'"});
}

class OpenRecordSourceTest : public testing::TempDirTest {};

TEST_F(OpenRecordSourceTest, AutoPicksTheReaderByFileName) {
  const std::string jsonl = "{\"_id\": \"1\", \"title\": \"t\"}\n";
  const std::string xml = testing::pubmed_set(testing::minimal_article("7"));
  const struct {
    std::string name;
    std::string bytes;
    bool beir;
  } cases[] = {
      {"corpus.jsonl", jsonl, true},
      {"corpus.jsonl.gz", testing::gzip(jsonl), true},
      {"pubmed.xml", xml, false},
      {"pubmed24n0001.xml.gz", testing::gzip(xml), false},
      {"noextension", xml, false},
  };
  for (const auto& c : cases) {
    const std::string p = write(c.name, c.bytes);
    auto source = open_record_source(p, InputFormat::Auto);
    EXPECT_EQ(dynamic_cast<BeirReader*>(source.get()) != nullptr, c.beir) << c.name;
    EXPECT_EQ(dynamic_cast<PubmedReader*>(source.get()) != nullptr, !c.beir) << c.name;
    EXPECT_EQ(source->path(), p);
    Record r;
    ASSERT_TRUE(source->next(r)) << c.name;
    EXPECT_EQ(r.kind, RecordKind::Article);
    EXPECT_EQ(r.article.id, c.beir ? "1" : "7");
  }
}

TEST_F(OpenRecordSourceTest, ExplicitFormatOverridesTheName) {
  const std::string p = write("data.txt", "{\"_id\": \"x\"}\n");
  auto source = open_record_source(p, InputFormat::Beir);
  Record r;
  ASSERT_TRUE(source->next(r));
  EXPECT_EQ(r.article.id, "x");
  testing::expect_error([&] { open_record_source(p, InputFormat::Pubmed); }, ErrorCode::InvalidArgument,
                        {p, "not PubMed XML"});
}

}  // namespace
}  // namespace medsearch::ingest
