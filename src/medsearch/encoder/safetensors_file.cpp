#include "medsearch/encoder/safetensors_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

struct DtypeInfo {
  std::string_view name;
  SafetensorsDtype dtype;
  std::size_t bytes;
};

// The dtype names of the safetensors specification; others are rejected as corrupt
// because their element size is unknown, so offsets could not be checked.
constexpr DtypeInfo kDtypes[] = {
    {"F32", SafetensorsDtype::F32, 4},   {"F16", SafetensorsDtype::F16, 2},
    {"BF16", SafetensorsDtype::BF16, 2}, {"F64", SafetensorsDtype::F64, 8},
    {"I64", SafetensorsDtype::I64, 8},   {"I32", SafetensorsDtype::I32, 4},
    {"I16", SafetensorsDtype::I16, 2},   {"I8", SafetensorsDtype::I8, 1},
    {"U8", SafetensorsDtype::U8, 1},     {"BOOL", SafetensorsDtype::Bool, 1},
    {"U16", SafetensorsDtype::Other, 2}, {"U32", SafetensorsDtype::Other, 4},
    {"U64", SafetensorsDtype::Other, 8}, {"F8_E4M3", SafetensorsDtype::Other, 1},
    {"F8_E5M2", SafetensorsDtype::Other, 1},
};

// The header is bounded (the reference implementation refuses headers over 100 MB).
constexpr std::uint64_t kMaxHeaderBytes = 100u << 20;

[[noreturn]] void corrupt(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::Corrupt, "safetensors file '" + path.string() + "': " + what);
}

std::uint64_t read_u64_le(const std::byte* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | std::to_integer<std::uint64_t>(p[i]);
  return v;
}

std::uint16_t read_u16_le(const std::byte* p) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(p[0]) |
                                    (std::to_integer<unsigned>(p[1]) << 8));
}

}  // namespace

std::size_t SafetensorsTensor::element_count() const {
  std::size_t n = 1;
  for (std::int64_t d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = std::uint32_t(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  std::uint32_t mantissa = bits & 0x3ffu;
  std::uint32_t out = 0;
  if (exponent == 0x1f) {  // inf / nan
    out = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {  // normal: rebias 15 -> 127
    out = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {  // signed zero
    out = sign;
  } else {  // subnormal half: normalise into a float32 normal
    int e = -1;
    do {
      ++e;
      mantissa <<= 1;
    } while ((mantissa & 0x400u) == 0);
    out = sign | (std::uint32_t(112 - e) << 23) | ((mantissa & 0x3ffu) << 13);
  }
  return std::bit_cast<float>(out);
}

float bfloat16_to_float(std::uint16_t bits) {
  return std::bit_cast<float>(std::uint32_t(bits) << 16);
}

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error("cannot open safetensors file", path.string());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw_io_error("cannot stat safetensors file", path.string());
  }
  map_size_ = static_cast<std::size_t>(st.st_size);
  if (map_size_ < 8) {
    ::close(fd);
    corrupt(path_, "shorter than its 8-byte header length (" + std::to_string(map_size_) + " bytes)");
  }
  void* p = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) throw_io_error("cannot map safetensors file", path.string());
  map_ = static_cast<const std::byte*>(p);
  try {
    parse_header();
  } catch (...) {
    unmap();
    throw;
  }
}

SafetensorsFile::~SafetensorsFile() { unmap(); }

SafetensorsFile::SafetensorsFile(SafetensorsFile&& other) noexcept
    : path_(std::move(other.path_)),
      map_(std::exchange(other.map_, nullptr)),
      map_size_(std::exchange(other.map_size_, 0)),
      data_start_(other.data_start_),
      tensors_(std::move(other.tensors_)) {}

SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&& other) noexcept {
  if (this != &other) {
    unmap();
    path_ = std::move(other.path_);
    map_ = std::exchange(other.map_, nullptr);
    map_size_ = std::exchange(other.map_size_, 0);
    data_start_ = other.data_start_;
    tensors_ = std::move(other.tensors_);
  }
  return *this;
}

void SafetensorsFile::unmap() noexcept {
  if (map_ != nullptr) ::munmap(const_cast<std::byte*>(map_), map_size_);
  map_ = nullptr;
  map_size_ = 0;
}

void SafetensorsFile::parse_header() {
  const std::uint64_t header_len = read_u64_le(map_);
  if (header_len > kMaxHeaderBytes || header_len > map_size_ - 8) {
    corrupt(path_, "header length " + std::to_string(header_len) + " (bytes 0-7) exceeds the file size " +
                       std::to_string(map_size_) + " or the maximum of " + std::to_string(kMaxHeaderBytes));
  }
  data_start_ = 8 + static_cast<std::size_t>(header_len);
  const std::size_t data_size = map_size_ - data_start_;
  const auto* text = reinterpret_cast<const char*>(map_ + 8);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text, text + header_len);
  } catch (const nlohmann::json::exception& e) {
    corrupt(path_, std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) corrupt(path_, "header is not a JSON object");

  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string where = "tensor '" + name + "': ";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets")) {
      corrupt(path_, where + "entry lacks dtype, shape or data_offsets");
    }
    SafetensorsTensor t;
    t.name = name;
    const auto& dtype = entry["dtype"];
    if (!dtype.is_string()) corrupt(path_, where + "dtype is not a string");
    t.dtype_name = dtype.get<std::string>();
    const auto info = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                   [&](const DtypeInfo& d) { return d.name == t.dtype_name; });
    if (info == std::end(kDtypes)) corrupt(path_, where + "unknown dtype '" + t.dtype_name + "'");
    t.dtype = info->dtype;

    const auto& shape = entry["shape"];
    if (!shape.is_array()) corrupt(path_, where + "shape is not an array");
    // Element count with overflow checks: count * bytes must fit in the data buffer.
    std::uint64_t count = 1;
    for (const auto& d : shape) {
      if (!d.is_number_unsigned()) corrupt(path_, where + "shape holds a non-natural number");
      const auto dim = d.get<std::uint64_t>();
      if (dim != 0 && count > std::numeric_limits<std::uint64_t>::max() / dim / info->bytes) {
        corrupt(path_, where + "shape overflows");
      }
      count *= dim;
      t.shape.push_back(static_cast<std::int64_t>(dim));
    }

    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned()) {
      corrupt(path_, where + "data_offsets is not a pair of natural numbers");
    }
    const auto begin = offsets[0].get<std::uint64_t>();
    const auto end = offsets[1].get<std::uint64_t>();
    if (begin > end || end > data_size) {
      corrupt(path_, where + "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                         "] outside the data buffer of " + std::to_string(data_size) + " bytes");
    }
    if (end - begin != count * info->bytes) {
      corrupt(path_, where + "data_offsets span " + std::to_string(end - begin) + " bytes, shape and " +
                         t.dtype_name + " need " + std::to_string(count * info->bytes));
    }
    t.data_begin = static_cast<std::size_t>(begin);
    t.data_end = static_cast<std::size_t>(end);
    tensors_.emplace(name, std::move(t));
  }
}

const SafetensorsTensor* SafetensorsFile::find(std::string_view name) const {
  const auto it = tensors_.find(std::string(name));
  return it == tensors_.end() ? nullptr : &it->second;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(tensors_.size());
  for (const auto& [name, tensor] : tensors_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<float> SafetensorsFile::read_f32(std::string_view name) const {
  const SafetensorsTensor* t = find(name);
  if (t == nullptr) {
    throw Error(ErrorCode::NotFound, "safetensors file '" + path_.string() + "' has no tensor '" +
                                         std::string(name) + "'");
  }
  std::vector<float> out(t->element_count());
  read_f32(*t, out.data());
  return out;
}

void SafetensorsFile::read_f32(const SafetensorsTensor& t, float* out) const {
  const std::byte* src = map_ + data_start_ + t.data_begin;
  const std::size_t n = t.element_count();
  switch (t.dtype) {
    case SafetensorsDtype::F32:
      // Little-endian host (x86-64, aarch64): the bytes are the floats. memcpy because the
      // data buffer need not be 4-byte aligned.
      static_assert(std::endian::native == std::endian::little);
      // A tensor with a zero dimension has no floats and `out` may then be null (an empty
      // vector's data()), which memcpy must not be given even for 0 bytes (C11 7.24.1p2).
      if (n != 0) std::memcpy(out, src, n * sizeof(float));
      return;
    case SafetensorsDtype::F16:
      for (std::size_t i = 0; i < n; ++i) out[i] = half_to_float(read_u16_le(src + 2 * i));
      return;
    case SafetensorsDtype::BF16:
      for (std::size_t i = 0; i < n; ++i) out[i] = bfloat16_to_float(read_u16_le(src + 2 * i));
      return;
    default:
      throw Error(ErrorCode::InvalidArgument, "safetensors file '" + path_.string() + "': tensor '" +
                                                  t.name + "' has dtype " + t.dtype_name +
                                                  ", expected F32, F16 or BF16");
  }
}

}  // namespace medsearch::encoder
