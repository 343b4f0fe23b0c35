// encoder::SafetensorsFile: read-only view of a Hugging Face .safetensors file.
//
// Format (https://huggingface.co/docs/safetensors, "Format"): an 8-byte little-endian
// unsigned header length N, then N bytes of UTF-8 JSON mapping each tensor name to
// {"dtype": "F32"|"F16"|"BF16"|..., "shape": [d0, d1, ...], "data_offsets": [begin, end]},
// then the data buffer; offsets are bytes relative to the start of the data buffer, data
// is little-endian and row-major (C order). The optional "__metadata__" entry (string to
// string) is ignored.
//
// The file is memory-mapped on open and every entry is validated then: a known dtype, a
// non-negative shape, begin <= end <= data size, end - begin == element count * dtype size.
// Any violation throws Error(Corrupt) naming the file and the tensor. Tensors of dtypes
// other than F32/F16/BF16 are listed but cannot be read as float.
//
// Thread-safety: immutable after construction; all const members may be called
// concurrently. Not copyable; movable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace medsearch::encoder {

enum class SafetensorsDtype { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool, Other };

struct SafetensorsTensor {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::Other;
  std::string dtype_name;             // as written in the header, e.g. "BF16"
  std::vector<std::int64_t> shape;    // empty for a scalar
  std::size_t data_begin = 0;         // byte offsets into the data buffer
  std::size_t data_end = 0;
  std::size_t element_count() const;  // product of shape (1 for a scalar)
};

class SafetensorsFile {
 public:
  // Maps and validates `path`. Throws Error(NotFound) when it does not exist, Error(Io)
  // when it cannot be read, Error(Corrupt) naming file and tensor on a malformed header.
  explicit SafetensorsFile(const std::filesystem::path& path);
  ~SafetensorsFile();
  SafetensorsFile(SafetensorsFile&& other) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&& other) noexcept;
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // nullptr when the file holds no tensor of that name.
  const SafetensorsTensor* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  // All tensor names, sorted.
  std::vector<std::string> names() const;

  // The tensor's elements as float32, row-major, converting F16 and BF16 exactly.
  // Throws Error(NotFound) naming file and tensor when absent, Error(InvalidArgument)
  // when its dtype is not F32/F16/BF16.
  std::vector<float> read_f32(std::string_view name) const;
  // Same, into `out` which must hold element_count() floats.
  void read_f32(const SafetensorsTensor& tensor, float* out) const;

 private:
  void parse_header();
  void unmap() noexcept;

  std::filesystem::path path_;
  const std::byte* map_ = nullptr;  // whole file
  std::size_t map_size_ = 0;
  std::size_t data_start_ = 0;      // 8 + header length
  std::unordered_map<std::string, SafetensorsTensor> tensors_;
};

// Bit conversions used by read_f32 (IEEE 754 binary16 and bfloat16 to binary32; exact).
float half_to_float(std::uint16_t bits);
float bfloat16_to_float(std::uint16_t bits);

}  // namespace medsearch::encoder
