#include "medsearch/vector/vector_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"
#include "medsearch/vector/half.hpp"
#include "support/temp_dir.hpp"
#include "unit/vector/clustered_vectors.hpp"

namespace medsearch::vector {
namespace {

using medsearch::testing::read_file;
using medsearch::testing::TempDir;

constexpr std::uint64_t kMagic = 0x3143455648434d53ULL;  // "SMCHVEC1" (vector_file.hpp)

// Expects Error(code) whose message names `path`.
template <typename F>
void expect_error(F&& f, ErrorCode code, const std::string& path) {
  try {
    f();
    FAIL() << "no error for " << path;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(VectorFile, RoundTripsRowsDimAndModelId) {
  TempDir dir;
  const std::size_t dim = 37;  // odd: rows are not multiples of 8 halves
  testing::ClusteredVectors gen(dim, 10, 1);
  const auto rows = gen.rows(1000);
  VectorFileWriter writer(dir.file("seg.vec"), dim, "BAAI/bge-small-en-v1.5");
  writer.append(rows.data(), 1);
  writer.append(rows.data() + dim, 600);
  writer.append(rows.data() + 601 * dim, 399);
  EXPECT_EQ(writer.count(), 1000u);
  writer.finish();
  EXPECT_FALSE(std::filesystem::exists(dir.file("seg.vec.tmp")));

  const VectorFile file(dir.file("seg.vec"));
  EXPECT_EQ(file.dim(), dim);
  EXPECT_EQ(file.count(), 1000u);
  EXPECT_EQ(file.model_id(), "BAAI/bge-small-en-v1.5");
  std::vector<float> row(dim);
  for (std::size_t i = 0; i < 1000; ++i) {
    file.row(i, row.data());
    for (std::size_t j = 0; j < dim; ++j) {
      ASSERT_EQ(row[j], half_to_float(float_to_half(rows[i * dim + j]))) << i << "," << j;
      ASSERT_EQ(file.row_halves(i)[j], float_to_half(rows[i * dim + j]));
    }
  }
  expect_error([&] { file.row(1000, row.data()); }, ErrorCode::InvalidArgument, dir.file("seg.vec"));
}

TEST(VectorFile, EmptyFileOpens) {
  TempDir dir;
  VectorFileWriter writer(dir.file("empty.vec"), 8, "");
  writer.finish();
  const VectorFile file(dir.file("empty.vec"));
  EXPECT_EQ(file.count(), 0u);
  EXPECT_EQ(file.dim(), 8u);
  EXPECT_EQ(file.model_id(), "");
}

TEST(VectorFile, UnfinishedWriterPublishesNothing) {
  TempDir dir;
  {
    VectorFileWriter writer(dir.file("a.vec"), 4, "m");
    const float row[4] = {1, 2, 3, 4};
    writer.append(row);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.vec")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("a.vec.tmp")));
}

TEST(VectorFile, ZeroDimensionIsInvalid) {
  TempDir dir;
  EXPECT_THROW(VectorFileWriter(dir.file("z.vec"), 0, "m"), Error);
}

TEST(VectorFile, TruncatedOrDamagedFileIsCorruptNamingIt) {
  TempDir dir;
  const std::size_t dim = 16;
  testing::ClusteredVectors gen(dim, 4, 2);
  const auto rows = gen.rows(50);
  VectorFileWriter writer(dir.file("good.vec"), dim, "model");
  writer.append(rows.data(), 50);
  writer.finish();
  const std::string good = read_file(dir.file("good.vec"));

  for (const std::size_t keep : {std::size_t{0}, std::size_t{10}, good.size() / 2, good.size() - 1}) {
    const std::string path = dir.write("cut" + std::to_string(keep) + ".vec", good.substr(0, keep));
    expect_error([&] { VectorFile f(path); }, ErrorCode::Corrupt, path);
  }
  std::string damaged = good;
  damaged[200] ^= 0x10;  // inside the rows
  const std::string path = dir.write("flip.vec", damaged);
  expect_error([&] { VectorFile f(path); }, ErrorCode::Corrupt, path);
  EXPECT_NO_THROW(VectorFile(path, /*verify_checksum=*/false));  // the layout itself is intact
}

TEST(VectorFile, InconsistentLayoutIsCorrupt) {
  TempDir dir;
  // A valid footer around a payload whose tail claims more rows than it holds.
  ByteWriter payload;
  payload.put_u32(4);
  payload.put_u32(0);
  payload.put_string("m");
  while (payload.size() % 64 != 0) payload.put_u8(0);
  for (int i = 0; i < 4 * 3; ++i) payload.put_u8(0), payload.put_u8(0x3c);  // 3 rows of 1.0
  payload.put_u64(4);   // count: one too many
  payload.put_u64(64);  // header size
  const std::string path = dir.file("bad.vec");
  store::write_file(path, kMagic, kVectorFileVersion, payload.bytes());
  expect_error([&] { VectorFile f(path); }, ErrorCode::Corrupt, path);

  const std::string other = dir.file("v2.vec");
  store::write_file(other, kMagic, kVectorFileVersion + 1, payload.bytes());
  expect_error([&] { VectorFile f(other); }, ErrorCode::VersionMismatch, other);
}

}  // namespace
}  // namespace medsearch::vector
