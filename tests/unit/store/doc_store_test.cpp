#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "medsearch/core/error.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/file_footer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::store {
namespace {

using medsearch::testing::read_file;
using medsearch::testing::TempDir;

std::vector<std::string> random_records(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> records;
  for (std::size_t i = 0; i < n; ++i) {
    std::string r(rng() % 3000, '\0');
    for (char& c : r) c = static_cast<char>('a' + rng() % 26);
    records.push_back(r);
  }
  return records;
}

TEST(DocStore, RandomAccessReturnsEveryRecordAcrossBlocks) {
  TempDir dir;
  const auto records = random_records(kDocStoreBlockDocs * 3 + 5, 1);  // partial last block
  DocStoreWriter writer(dir.file("s.docs"));
  for (const auto& r : records) writer.add(r);
  writer.finish();
  DocStoreReader reader(dir.file("s.docs"));
  ASSERT_EQ(reader.size(), records.size());
  for (std::uint32_t i = records.size(); i-- > 0;) EXPECT_EQ(reader.get(i), records[i]) << i;
}

TEST(DocStore, EmptyStoreOpens) {
  TempDir dir;
  DocStoreWriter writer(dir.file("e.docs"));
  writer.finish();
  EXPECT_EQ(DocStoreReader(dir.file("e.docs")).size(), 0u);
}

TEST(DocStore, OutOfRangeIsInvalidArgument) {
  TempDir dir;
  DocStoreWriter writer(dir.file("s.docs"));
  writer.add("x");
  writer.finish();
  DocStoreReader reader(dir.file("s.docs"));
  try {
    reader.get(1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
}

TEST(DocStore, UnfinishedWriterLeavesNoFile) {
  TempDir dir;
  {
    DocStoreWriter writer(dir.file("s.docs"));
    writer.add("abandoned");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.docs")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("s.docs.tmp")));
}

TEST(DocStore, DamagedBlockIsCorruptNamingTheFile) {
  TempDir dir;
  const std::string path = dir.file("s.docs");
  DocStoreWriter writer(path);
  for (const auto& r : random_records(20, 2)) writer.add(r);
  writer.finish();
  std::string bytes = read_file(path);
  bytes[10] ^= 0x55;  // inside the first zstd frame
  std::ofstream(path, std::ios::binary) << bytes;
  DocStoreReader reader(path);
  try {
    reader.get(0);
    FAIL() << "a damaged block must not decode";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(FileFooter, TruncatedFileIsCorrupt) {
  TempDir dir;
  const std::string path = dir.file("f");
  write_file(path, 42, 1, "payload bytes");
  const std::string bytes = read_file(path);
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  try {
    MappedFile(path, 42, 1, true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
  }
}

TEST(FileFooter, WrongVersionIsVersionMismatch) {
  TempDir dir;
  write_file(dir.file("f"), 42, 2, "payload");
  try {
    MappedFile(dir.file("f"), 42, 1, true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::VersionMismatch);
    EXPECT_NE(std::string(e.what()).find("version 2"), std::string::npos) << e.what();
  }
}

TEST(FileFooter, FlippedPayloadBitFailsChecksum) {
  TempDir dir;
  const std::string path = dir.file("f");
  write_file(path, 42, 1, "payload bytes");
  std::string bytes = read_file(path);
  bytes[0] ^= 1;
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_THROW(MappedFile(path, 42, 1, true), Error);
  EXPECT_NO_THROW(MappedFile(path, 42, 1, false));
}

TEST(FileFooter, WrongMagicIsCorrupt) {
  TempDir dir;
  write_file(dir.file("f"), 42, 1, "payload");
  EXPECT_THROW(MappedFile(dir.file("f"), 43, 1, true), Error);
}

}  // namespace
}  // namespace medsearch::store
