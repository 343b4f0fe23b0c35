#include "medsearch/ingest/gzip_input.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ingest_test_util.hpp"

namespace medsearch::ingest {
namespace {

using testing::expect_error;
using testing::gzip;

// Reads the whole stream with reads of at most `step` bytes.
std::string read_everything(GzipInput& input, std::size_t step = 4096) {
  std::string out;
  std::string buffer(step, '\0');
  for (;;) {
    const std::size_t got = input.read(buffer.data(), buffer.size());
    if (got == 0) break;
    EXPECT_LE(got, step);
    out.append(buffer.data(), got);
  }
  EXPECT_EQ(input.read(buffer.data(), buffer.size()), 0u) << "end of stream must stay the end";
  return out;
}

// Text that compresses but not trivially: 200 KB of numbered lines.
std::string sample_text(std::size_t lines = 10000) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) text += "line " + std::to_string(i * 7919 % 100003) + " of sample text\n";
  return text;
}

class GzipInputTest : public testing::TempDirTest {};

TEST_F(GzipInputTest, PassesPlainFilesThrough) {
  const std::string text = sample_text();
  GzipInput input(write("plain.xml", text), 1000);
  EXPECT_FALSE(input.is_gzip());
  EXPECT_EQ(read_everything(input, 777), text);
  EXPECT_EQ(input.uncompressed_bytes(), text.size());
  EXPECT_EQ(input.compressed_bytes(), text.size());
  EXPECT_EQ(input.file_bytes(), text.size());
}

TEST_F(GzipInputTest, LargeReadsOfPlainFilesBypassTheChunk) {
  const std::string text = sample_text();
  GzipInput input(write("plain.xml", text), 1024);
  EXPECT_EQ(read_everything(input, 1 << 20), text);
}

TEST_F(GzipInputTest, InflatesGzipWithSmallAndLargeChunks) {
  const std::string text = sample_text();
  const std::string compressed = gzip(text);
  const std::string p = write("a.xml.gz", compressed);
  for (std::size_t chunk : {std::size_t{64}, std::size_t{1000}, GzipInput::kDefaultChunkBytes}) {
    for (std::size_t step : {std::size_t{1}, std::size_t{100}, std::size_t{1} << 20}) {
      if (step == 1 && chunk != 1000) continue;  // byte-at-a-time once is enough
      GzipInput input(p, chunk);
      EXPECT_TRUE(input.is_gzip());
      EXPECT_EQ(read_everything(input, step), text) << "chunk " << chunk << " step " << step;
      EXPECT_EQ(input.compressed_bytes(), compressed.size());
      EXPECT_EQ(input.uncompressed_bytes(), text.size());
      EXPECT_EQ(input.file_bytes(), compressed.size());
    }
  }
}

TEST_F(GzipInputTest, ReadsEveryMemberOfAMultiMemberFile) {
  const std::string first = "<first member>\n" + sample_text(3000);
  const std::string second = "<second member>\n" + sample_text(2000);
  const std::string third = "third";
  const std::string p = write("multi.gz", gzip(first) + gzip(second, 1) + gzip(third));
  for (std::size_t chunk : {std::size_t{64}, GzipInput::kDefaultChunkBytes}) {
    GzipInput input(p, chunk);
    EXPECT_EQ(read_everything(input, 500), first + second + third) << "chunk " << chunk;
  }
}

TEST_F(GzipInputTest, EmptyMembersAndEmptyFilesGiveNoBytes) {
  GzipInput empty_member(write("empty.gz", gzip("")));
  EXPECT_TRUE(empty_member.is_gzip());
  EXPECT_EQ(read_everything(empty_member), "");
  GzipInput empty_file(write("empty.xml", ""));
  EXPECT_FALSE(empty_file.is_gzip());
  EXPECT_EQ(read_everything(empty_file), "");
  EXPECT_EQ(empty_file.file_bytes(), 0u);
}

TEST_F(GzipInputTest, IgnoresZeroPaddingAfterTheLastMember) {
  const std::string p = write("padded.gz", gzip("hello") + std::string(3000, '\0'));
  GzipInput input(p, 1024);
  EXPECT_EQ(read_everything(input), "hello");
}

TEST_F(GzipInputTest, TrailingGarbageIsCorrupt) {
  const std::string p = write("garbage.gz", gzip("hello") + "not gzip");
  GzipInput input(p);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p, "trailing"});
}

TEST_F(GzipInputTest, TruncatedGzipIsCorruptNamingFileAndOffset) {
  const std::string text = sample_text();
  const std::string compressed = gzip(text);
  for (std::size_t cut : {compressed.size() / 2, compressed.size() - 4, std::size_t{12}, std::size_t{2}}) {
    const std::string p = write("cut" + std::to_string(cut) + ".gz", compressed.substr(0, cut));
    GzipInput input(p, 4096);
    const std::string message = expect_error([&] { read_everything(input); }, ErrorCode::Corrupt,
                                             {p, "truncated", "compressed byte " + std::to_string(cut)});
  }
}

TEST_F(GzipInputTest, CorruptDataIsCorruptNamingTheFile) {
  std::string compressed = gzip(sample_text());
  for (std::size_t i = 40; i < 240; ++i) compressed[i] = static_cast<char>(compressed[i] ^ 0x5a);
  const std::string p = write("corrupt.gz", compressed);
  GzipInput input(p);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p, "corrupt gzip data", "compressed byte"});
}

TEST_F(GzipInputTest, BadCrcIsCorrupt) {
  std::string compressed = gzip(sample_text(100));
  compressed[compressed.size() - 6] = static_cast<char>(compressed[compressed.size() - 6] ^ 1);  // CRC32
  const std::string p = write("crc.gz", compressed);
  GzipInput input(p);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p});
}

TEST_F(GzipInputTest, MissingFileIsNotFound) {
  const std::string p = path("does-not-exist.xml.gz");
  expect_error([&] { GzipInput input(p); }, ErrorCode::NotFound, {p});
}

TEST_F(GzipInputTest, DirectoryIsAnIoError) {
  expect_error([&] { GzipInput input(dir_.string()); }, ErrorCode::Io, {dir_.string()});
}

TEST_F(GzipInputTest, ProgressCountsCompressedBytesAsTheyAreConsumed) {
  const std::string text = sample_text(40000);  // ~1 MB, several 64 KiB chunks
  const std::string compressed = gzip(text);
  GzipInput input(write("p.gz", compressed), 65536);
  std::string buffer(100000, '\0');
  ASSERT_EQ(input.read(buffer.data(), buffer.size()), buffer.size());
  EXPECT_EQ(input.uncompressed_bytes(), buffer.size());
  EXPECT_GT(input.compressed_bytes(), 0u);
  EXPECT_LT(input.compressed_bytes(), compressed.size());
  EXPECT_EQ(input.file_bytes(), compressed.size());
}

}  // namespace
}  // namespace medsearch::ingest
