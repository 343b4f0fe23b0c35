#include <gtest/gtest.h>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/record_pipeline.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine {
namespace {

using medsearch::testing::FixtureCitation;
using medsearch::testing::pubmed_xml;
using medsearch::testing::TempDir;

// Files of different sizes so workers finish out of order; ids encode (file, record).
std::vector<std::string> write_files(const TempDir& tmp, int count) {
  std::vector<std::string> files;
  for (int f = 0; f < count; ++f) {
    std::vector<FixtureCitation> citations;
    const int n = (f % 3 == 0) ? 700 : 3;  // bigger than one batch for some files
    for (int i = 0; i < n; ++i) citations.push_back({std::to_string(f * 1000 + i), "t"});
    files.push_back(tmp.write("f" + std::to_string(f) + ".xml", pubmed_xml(citations)));
  }
  return files;
}

TEST(RecordPipeline, DeliversRecordsInFileOrderForAnyThreadCount) {
  TempDir tmp;
  const auto files = write_files(tmp, 9);
  for (unsigned threads : {1u, 2u, 4u, 16u}) {
    RecordPipeline pipeline(files, ingest::InputFormat::Pubmed, threads);
    RecordBatch batch;
    std::vector<std::string> ids;
    std::size_t ends = 0;
    while (pipeline.next(batch)) {
      for (const auto& r : batch.records) ids.push_back(r.article.id);
      EXPECT_LE(batch.records.size(), RecordPipeline::kBatchRecords);
      if (batch.end_of_file) {
        EXPECT_EQ(batch.file_index, ends);
        ++ends;
      }
    }
    EXPECT_EQ(ends, files.size());
    std::vector<std::string> expected;
    for (int f = 0; f < 9; ++f) {
      for (int i = 0; i < ((f % 3 == 0) ? 700 : 3); ++i) expected.push_back(std::to_string(f * 1000 + i));
    }
    EXPECT_EQ(ids, expected) << threads << " threads";
  }
}

TEST(RecordPipeline, ErrorComesAfterEveryEarlierRecord) {
  TempDir tmp;
  auto files = write_files(tmp, 4);
  files.insert(files.begin() + 2, tmp.file("missing.xml"));
  RecordPipeline pipeline(files, ingest::InputFormat::Pubmed, 3);
  RecordBatch batch;
  std::size_t records = 0;
  try {
    while (pipeline.next(batch)) records += batch.records.size();
    FAIL() << "the missing file must be reported";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.xml"), std::string::npos);
  }
  EXPECT_EQ(records, 703u);  // files 0 and 1 in full
}

TEST(RecordPipeline, ConsumerMayStopEarly) {
  TempDir tmp;
  const auto files = write_files(tmp, 7);
  RecordPipeline pipeline(files, ingest::InputFormat::Pubmed, 2);
  RecordBatch batch;
  ASSERT_TRUE(pipeline.next(batch));
  // The destructor must stop workers blocked on full queues without hanging.
}

}  // namespace
}  // namespace medsearch::engine
