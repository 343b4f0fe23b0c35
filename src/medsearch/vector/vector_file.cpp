#include "medsearch/vector/vector_file.hpp"

#include <algorithm>
#include <vector>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/vector/half.hpp"

namespace medsearch::vector {
namespace {

constexpr std::uint64_t kVectorFileMagic = 0x3143455648434d53ULL;  // "SMCHVEC1"
constexpr std::size_t kHeaderAlign = 64;
constexpr std::size_t kTailSize = 16;

}  // namespace

VectorFileWriter::VectorFileWriter(std::string path, std::size_t dim, std::string_view model_id)
    : file_(std::move(path), kVectorFileMagic, kVectorFileVersion), dim_(dim) {
  if (dim == 0 || dim > 0xffffffffu) {
    throw Error(ErrorCode::InvalidArgument, "vector file: dimension must be 1..2^32-1, got " + std::to_string(dim));
  }
  ByteWriter header;
  header.put_u32(static_cast<std::uint32_t>(dim));
  header.put_u32(0);
  header.put_string(model_id);
  while (header.size() % kHeaderAlign != 0) header.put_u8(0);
  header_size_ = header.size();
  file_.append(header.bytes());
}

void VectorFileWriter::append(const float* rows, std::size_t count) {
  // Converted in chunks of whole rows, about 64 KiB of halves at a time.
  const std::size_t chunk_rows = std::max<std::size_t>(1, 32768 / dim_);
  std::vector<std::uint16_t> halves(std::min(count, chunk_rows) * dim_);
  for (std::size_t done = 0; done < count;) {
    const std::size_t n = std::min(count - done, chunk_rows);
    floats_to_halves(rows + done * dim_, halves.data(), n * dim_);
    file_.append(std::string_view(reinterpret_cast<const char*>(halves.data()), n * dim_ * sizeof(std::uint16_t)));
    done += n;
  }
  count_ += count;
}

void VectorFileWriter::finish() {
  ByteWriter tail;
  tail.put_u64(count_);
  tail.put_u64(header_size_);
  file_.append(tail.bytes());
  file_.finish();
}

VectorFile::VectorFile(const std::string& path, bool verify_checksum)
    : file_(path, kVectorFileMagic, kVectorFileVersion, verify_checksum) {
  const std::string_view payload = file_.payload();
  if (payload.size() < kTailSize) throw Error(ErrorCode::Corrupt, path + ": vector file too short for its tail");
  ByteReader tail(payload.substr(payload.size() - kTailSize), path);
  const std::uint64_t count = tail.get_u64();
  const std::uint64_t header_size = tail.get_u64();
  if (header_size > payload.size() - kTailSize || header_size % kHeaderAlign != 0) {
    throw Error(ErrorCode::Corrupt, path + ": vector file header size " + std::to_string(header_size) + " is invalid");
  }
  ByteReader header(payload.substr(0, header_size), path);
  dim_ = header.get_u32();
  header.get_u32();  // reserved
  model_id_ = header.get_string();
  if (dim_ == 0) throw Error(ErrorCode::Corrupt, path + ": vector file has dimension 0");
  // Checked without overflow: the rows must fill exactly the space between header and tail.
  const std::uint64_t row_space = payload.size() - kTailSize - header_size;
  const std::uint64_t row_bytes = static_cast<std::uint64_t>(dim_) * sizeof(std::uint16_t);
  if (row_space % row_bytes != 0 || row_space / row_bytes != count) {
    throw Error(ErrorCode::Corrupt, path + ": vector file holds " + std::to_string(row_space) +
                                        " bytes of rows, expected " + std::to_string(count) + " rows of dimension " +
                                        std::to_string(dim_) + " (truncated?)");
  }
  count_ = static_cast<std::size_t>(count);
  // The map starts page-aligned and the header is padded to 64 bytes: rows are aligned.
  rows_ = reinterpret_cast<const std::uint16_t*>(payload.data() + header_size);
}

void VectorFile::row(std::size_t index, float* out) const {
  if (index >= count_) {
    throw Error(ErrorCode::InvalidArgument,
                path() + ": row " + std::to_string(index) + " out of range (" + std::to_string(count_) + " rows)");
  }
  halves_to_floats(row_halves(index), out, dim_);
}

}  // namespace medsearch::vector
