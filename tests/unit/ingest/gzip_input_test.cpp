#include "medsearch/ingest/gzip_input.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

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

// gzip of `data` with every optional header field (RFC 1952 §2.3.1): FEXTRA, FNAME,
// FCOMMENT and FHCRC, the header about `field_bytes` * 3 long.
std::string gzip_with_full_header(std::string_view data, std::size_t field_bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string extra(field_bytes, 'x');
  std::string name(field_bytes, 'n');
  std::string comment(field_bytes, 'c');
  gz_header header{};
  header.extra = reinterpret_cast<Bytef*>(extra.data());
  header.extra_len = static_cast<uInt>(extra.size());
  header.name = reinterpret_cast<Bytef*>(name.data());  // NUL-terminated by std::string
  header.comment = reinterpret_cast<Bytef*>(comment.data());
  header.hcrc = 1;
  header.os = 3;
  if (deflateSetHeader(&zs, &header) != Z_OK) throw std::runtime_error("deflateSetHeader failed");
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 4 * field_bytes + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
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

TEST_F(GzipInputTest, BadIsizeIsCorrupt) {
  std::string compressed = gzip(sample_text(100));
  compressed[compressed.size() - 4] = static_cast<char>(compressed[compressed.size() - 4] ^ 1);  // ISIZE
  const std::string p = write("isize.gz", compressed);
  GzipInput input(p);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p, "corrupt gzip data"});
}

TEST_F(GzipInputTest, BadCrcInALaterMemberIsCorrupt) {
  std::string second = gzip(sample_text(100));
  second[second.size() - 8] = static_cast<char>(second[second.size() - 8] ^ 0x80);  // CRC32
  const std::string p = write("crc2.gz", gzip("first") + second);
  for (std::size_t chunk : {std::size_t{64}, GzipInput::kDefaultChunkBytes}) {
    GzipInput input(p, chunk);
    expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p, "corrupt gzip data"});
  }
}

TEST_F(GzipInputTest, ReadsHeadersWithEveryOptionalFieldSplitAcrossChunks) {
  // Headers of ~90 and ~600 bytes against 64-byte chunks: each field, and the header CRC,
  // straddles chunk boundaries somewhere.
  const std::string first = sample_text(500);
  const std::string second = "second";
  const std::string p =
      write("header.gz", gzip_with_full_header(first, 30) + gzip_with_full_header(second, 200));
  for (std::size_t chunk = 64; chunk < 64 + 70; ++chunk) {
    GzipInput input(p, chunk);
    ASSERT_EQ(read_everything(input, 1000), first + second) << "chunk " << chunk;
  }
}

TEST_F(GzipInputTest, BadHeaderCrcIsCorrupt) {
  std::string compressed = gzip_with_full_header("hello", 20);
  const std::size_t hcrc_at = 10 + 2 + 20 + 21 + 21;  // fixed part, XLEN, extra, name, comment
  compressed[hcrc_at] = static_cast<char>(compressed[hcrc_at] ^ 1);
  const std::string p = write("hcrc.gz", compressed);
  GzipInput input(p);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {p, "corrupt gzip data"});
}

TEST_F(GzipInputTest, MemberBoundariesAtEveryChunkOffset) {
  // Small members of every compression level (0: stored blocks, 1: fast, 9: best) so that
  // over the chunk sizes below each member boundary, header and trailer lands at every
  // offset within a chunk, including exactly on a chunk boundary.
  std::string compressed;
  std::string expected;
  constexpr int kLevels[] = {0, 1, 9};
  for (std::size_t i = 0; i < 12; ++i) {
    const std::string text = "<member " + std::to_string(i) + ">" + sample_text(i * 3);
    compressed += gzip(text, kLevels[i % 3]);
    expected += text;
  }
  compressed += gzip("");  // an empty last member
  const std::string p = write("boundaries.gz", compressed);
  for (std::size_t chunk = 64; chunk <= 320; ++chunk) {
    for (std::size_t step : {std::size_t{7}, std::size_t{1} << 16}) {
      GzipInput input(p, chunk);
      ASSERT_EQ(read_everything(input, step), expected) << "chunk " << chunk << " step " << step;
      ASSERT_EQ(input.compressed_bytes(), compressed.size()) << "chunk " << chunk;
    }
  }
}

TEST_F(GzipInputTest, NeverWritesPastTheRequestedCapacity) {
  // The inflater partly runs assembly that the sanitizers do not see; guard bytes after the
  // requested capacity catch a write past it.
  const std::string text = sample_text(20000);
  const std::string p = write("guard.gz", gzip(text));
  constexpr std::size_t kGuard = 64;
  for (std::size_t step : {1, 3, 31, 4096, 300000}) {
    GzipInput input(p, 4096);
    std::string buffer(step + kGuard, '\xa5');
    std::string out;
    for (;;) {
      const std::size_t got = input.read(buffer.data(), step);
      ASSERT_EQ(buffer.substr(step), std::string(kGuard, '\xa5')) << "step " << step;
      if (got == 0) break;
      out.append(buffer.data(), got);
    }
    EXPECT_EQ(out, text) << "step " << step;
  }
}

TEST_F(GzipInputTest, TrailingBytesThatLookLikeAnotherMemberAreCorrupt) {
  const std::string bad_magic = write("magic.gz", gzip("hello") + "\x1f" "Z not gzip, 10+ bytes");
  GzipInput input(bad_magic);
  expect_error([&] { read_everything(input); }, ErrorCode::Corrupt, {bad_magic, "corrupt gzip data"});
  const std::string lone = write("lone.gz", gzip("hello") + "\x1f\x8b\x08");
  GzipInput lone_input(lone);
  expect_error([&] { read_everything(lone_input); }, ErrorCode::Corrupt, {lone, "truncated"});
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
