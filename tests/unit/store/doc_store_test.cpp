#include <gtest/gtest.h>

#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "medsearch/core/byte_codec.hpp"
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

// Text-like records: words drawn from a skewed vocabulary, as abstracts are, so that a
// dictionary has something to learn (random letters would defeat any compressor).
std::vector<std::string> text_records(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocabulary;
  for (int w = 0; w < 2000; ++w) {
    std::string word(3 + rng() % 9, '\0');
    for (char& c : word) c = static_cast<char>('a' + rng() % 26);
    vocabulary.push_back(word);
  }
  std::vector<std::string> records;
  for (std::size_t i = 0; i < n; ++i) {
    std::string r = "PMID " + std::to_string(1000000 + i) + " Title: ";
    const std::size_t words = 50 + rng() % 400;
    for (std::size_t k = 0; k < words; ++k) {
      const std::size_t a = rng() % vocabulary.size(), b = rng() % vocabulary.size();
      r += vocabulary[std::min(a, b) * std::min(a, b) / vocabulary.size()];  // skewed towards small ranks
      r += ' ';
    }
    records.push_back(r);
  }
  return records;
}

void expect_every_record(const std::string& path, const std::vector<std::string>& records) {
  DocStoreReader reader(path);
  ASSERT_EQ(reader.size(), records.size());
  for (std::uint32_t i = records.size(); i-- > 0;) ASSERT_EQ(reader.get(i), records[i]) << path << " record " << i;
  std::string buffer;  // read() into one buffer, in an order that moves between blocks
  for (std::uint32_t i = 0; i < records.size(); i += 1 + i % 3) {
    reader.prefetch(i);  // a hint: ignored past the end, no effect on what is read
    reader.prefetch(i + static_cast<std::uint32_t>(records.size()));
    ASSERT_EQ(reader.read(i, buffer), records[i]) << path << " record " << i;
  }
  std::size_t seen = 0;
  reader.for_each([&](std::string_view r) {
    ASSERT_LT(seen, records.size());
    EXPECT_EQ(r, records[seen]) << seen;
    ++seen;
  });
  EXPECT_EQ(seen, records.size());
}

TEST(DocStore, RandomAccessReturnsEveryRecordAcrossBlocks) {
  TempDir dir;
  const auto records = random_records(16 * 3 + 5, 1);
  for (std::uint32_t block_docs : {1u, 3u, 16u}) {  // 3 and 16: a partial last block
    const std::string path = dir.file("s" + std::to_string(block_docs) + ".docs");
    DocStoreOptions options;
    options.block_docs = block_docs;
    DocStoreWriter writer(path, options);
    for (const auto& r : records) writer.add(r);
    writer.finish();
    expect_every_record(path, records);
    EXPECT_EQ(DocStoreReader(path).block_docs(), block_docs);
  }
}

// Past dictionary_sample_bytes the writer trains a dictionary, compresses the buffered
// records with it, and later records in batches (the last one partial): all must read back.
TEST(DocStore, DictionaryStoreReadsBackRecordsBeforeAndAfterTraining) {
  TempDir dir;
  const auto records = text_records(1500, 3);  // ~3 MB: half a MiB of samples, the rest after
  DocStoreOptions options;
  options.dictionary_sample_bytes = 512 * 1024;
  DocStoreWriter writer(dir.file("d.docs"), options);
  for (const auto& r : records) writer.add(r);
  writer.finish();
  EXPECT_GT(writer.dictionary_bytes(), 0u);
  EXPECT_LE(writer.dictionary_bytes(), options.dictionary_max_bytes);
  EXPECT_EQ(DocStoreReader(dir.file("d.docs")).dictionary_bytes(), writer.dictionary_bytes());
  expect_every_record(dir.file("d.docs"), records);
}

// The point of the dictionary: one record a frame with it is smaller than without it.
TEST(DocStore, DictionaryShrinksSingleRecordFrames) {
  TempDir dir;
  const auto records = text_records(1200, 4);
  DocStoreOptions with;
  with.dictionary_sample_bytes = 256 * 1024;
  DocStoreOptions without = with;
  without.dictionary_max_bytes = 0;
  for (const auto& [name, options] : {std::pair{"with", with}, std::pair{"without", without}}) {
    DocStoreWriter writer(dir.file(std::string(name) + ".docs"), options);
    for (const auto& r : records) writer.add(r);
    writer.finish();
  }
  EXPECT_EQ(DocStoreReader(dir.file("without.docs")).dictionary_bytes(), 0u);
  const auto size_with = std::filesystem::file_size(dir.file("with.docs"));
  const auto size_without = std::filesystem::file_size(dir.file("without.docs"));
  EXPECT_LT(size_with * 10, size_without * 9) << size_with << " vs " << size_without;
  expect_every_record(dir.file("with.docs"), records);
}

TEST(DocStore, SmallStoreHasNoDictionary) {
  TempDir dir;
  const auto records = text_records(5, 5);  // a few KB: under dictionary_min_sample_bytes
  DocStoreWriter writer(dir.file("s.docs"));
  for (const auto& r : records) writer.add(r);
  writer.finish();
  EXPECT_EQ(writer.dictionary_bytes(), 0u);
  expect_every_record(dir.file("s.docs"), records);
}

// Version 1 (the layout before dictionaries) written here by hand as docs/formats.md
// describes it: 16 records a zstd frame, u64 offsets, u32 doc count, footer version 1.
TEST(DocStore, ReadsVersionOneStores) {
  TempDir dir;
  const std::string path = dir.file("v1.docs");
  const auto records = random_records(16 * 2 + 7, 6);
  {
    FileWriter file(path, 0x31534f4448434d53ULL, 1);
    std::vector<std::uint64_t> offsets;
    for (std::size_t first = 0; first < records.size(); first += 16) {
      ByteWriter block;
      for (std::size_t i = first; i < records.size() && i < first + 16; ++i) {
        block.put_varint(records[i].size());
        block.put_bytes(records[i]);
      }
      std::string frame(ZSTD_compressBound(block.bytes().size()), '\0');
      frame.resize(ZSTD_compress(frame.data(), frame.size(), block.bytes().data(), block.bytes().size(), 3));
      offsets.push_back(file.size());
      file.append(frame);
    }
    offsets.push_back(file.size());
    ByteWriter tail;
    for (std::uint64_t o : offsets) tail.put_u64(o);
    tail.put_u32(static_cast<std::uint32_t>(records.size()));
    file.append(tail.bytes());
    file.finish();
  }
  EXPECT_EQ(DocStoreReader(path).block_docs(), 16u);
  expect_every_record(path, records);
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
  DocStoreOptions with_dictionary;
  with_dictionary.dictionary_sample_bytes = 128 * 1024;
  DocStoreOptions without_dictionary;
  without_dictionary.dictionary_max_bytes = 0;
  for (const DocStoreOptions& options : {with_dictionary, without_dictionary}) {
    const std::string path = dir.file("s" + std::to_string(options.dictionary_max_bytes) + ".docs");
    DocStoreWriter writer(path, options);
    for (const auto& r : text_records(200, 2)) writer.add(r);
    writer.finish();
    EXPECT_EQ(writer.dictionary_bytes() > 0, options.dictionary_max_bytes > 0);
    std::string bytes = read_file(path);
    bytes[writer.dictionary_bytes() + 10] ^= 0x55;  // inside the first zstd frame, after the dictionary
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

TEST(FileFooter, VersionRangeAcceptsItsEndsAndNamesThemWhenRejecting) {
  TempDir dir;
  for (std::uint32_t version : {1u, 2u, 3u}) write_file(dir.file("v" + std::to_string(version)), 42, version, "x");
  EXPECT_EQ(MappedFile(dir.file("v1"), 42, FormatVersions{1, 2}, true).format_version(), 1u);
  EXPECT_EQ(MappedFile(dir.file("v2"), 42, FormatVersions{1, 2}, true).format_version(), 2u);
  try {
    MappedFile(dir.file("v3"), 42, FormatVersions{1, 2}, true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::VersionMismatch);
    EXPECT_NE(std::string(e.what()).find("versions 1 to 2"), std::string::npos) << e.what();
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
