// vector::VectorFile: the dense vectors of one index segment on disk, one row per local
// document (row i = local doc i), stored as IEEE fp16 (vector/half.hpp) to halve the size.
// Format, inside the store's footer convention (store/file_footer.hpp,
// magic "SMCHVEC1", version kVectorFileVersion):
//   header: u32 dim | u32 0 (reserved) | varint-length model id | zero padding to 64 bytes
//   rows:   count * dim u16 (fp16, little-endian), row-major
//   tail:   u64 count | u64 header size
// The padding puts every row at a 2-byte-aligned offset (64 from the mapped start).
// The model id names the encoder that produced the vectors, so an index opened with a
// different model can refuse its vectors instead of comparing incomparable spaces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "medsearch/store/file_footer.hpp"

namespace medsearch::vector {

inline constexpr std::uint32_t kVectorFileVersion = 1;

// Streams rows to "<path>.tmp"; finish() publishes the file at `path` atomically (see
// store::FileWriter). Not thread-safe. Destroyed unfinished: nothing is published.
class VectorFileWriter {
 public:
  // Throws Error(InvalidArgument) for dim 0, Error(Io) when the file cannot be created.
  VectorFileWriter(std::string path, std::size_t dim, std::string_view model_id);

  // Appends `count` rows of dim() floats each (row-major), converted to fp16.
  void append(const float* rows, std::size_t count = 1);
  std::size_t dim() const { return dim_; }
  std::size_t count() const { return count_; }
  void finish();

 private:
  store::FileWriter file_;
  std::size_t dim_;
  std::size_t count_ = 0;
  std::size_t header_size_ = 0;
};

// A read-only memory map of a vector file. Immutable after construction; thread-safe.
// Opening checks the footer (magic, version, checksum unless verify_checksum is false:
// the checksum reads the whole file) and the layout; a truncated or inconsistent file is
// Error(Corrupt), another format version Error(VersionMismatch), each naming the file.
class VectorFile {
 public:
  explicit VectorFile(const std::string& path, bool verify_checksum = true);

  std::size_t dim() const { return dim_; }
  std::size_t count() const { return count_; }
  const std::string& model_id() const { return model_id_; }
  const std::string& path() const { return file_.path(); }

  // Dequantises row `index` (< count()) into out[0..dim()).
  void row(std::size_t index, float* out) const;
  // The fp16 bits of row `index` (< count()): dim() values, valid while this file lives.
  const std::uint16_t* row_halves(std::size_t index) const { return rows_ + index * dim_; }

 private:
  store::MappedFile file_;
  std::size_t dim_ = 0;
  std::size_t count_ = 0;
  std::string model_id_;
  const std::uint16_t* rows_ = nullptr;
};

}  // namespace medsearch::vector
