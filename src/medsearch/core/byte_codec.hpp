// Little-endian binary encoding helpers for the on-disk formats (docs/formats.md).
// ByteWriter appends to a growing buffer; ByteReader reads from a borrowed span and
// throws Error(Corrupt) on any read past the end, so damaged files never read garbage.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch {

// A little-endian value at `p` (any alignment), for reading memory-mapped files.
template <typename T>
T load_le(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));  // all supported targets are little-endian
  return v;
}

class ByteWriter {
 public:
  void put_u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void put_u32(std::uint32_t v) { put_fixed(v); }
  void put_u64(std::uint64_t v) { put_fixed(v); }
  // LEB128 unsigned varint: 7 bits a byte, high bit = more follows.
  void put_varint(std::uint64_t v);
  // Varint length, then the bytes.
  void put_string(std::string_view s);
  void put_bytes(std::string_view s) { bytes_.append(s); }

  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }
  std::size_t size() const { return bytes_.size(); }
  void clear() { bytes_.clear(); }

 private:
  template <typename T>
  void put_fixed(T v) {
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));  // all supported targets are little-endian
    bytes_.append(raw, sizeof(T));
  }
  std::string bytes_;
};

class ByteReader {
 public:
  // `what` names the data (a file path, "doc 123") in error messages.
  ByteReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

  std::uint8_t get_u8();
  std::uint32_t get_u32() { return get_fixed<std::uint32_t>(); }
  std::uint64_t get_u64() { return get_fixed<std::uint64_t>(); }
  std::uint64_t get_varint();
  // A varint element count, checked against the bytes left (each element takes at least
  // one byte), so a damaged count is reported as Corrupt instead of allocating gigabytes.
  std::size_t get_count();
  std::string_view get_string_view();
  std::string get_string() { return std::string(get_string_view()); }
  std::string_view get_bytes(std::size_t n);

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  template <typename T>
  T get_fixed() {
    T v;
    std::memcpy(&v, get_bytes(sizeof(T)).data(), sizeof(T));
    return v;
  }
  [[noreturn]] void fail(const char* reason) const;

  std::string_view data_;
  std::size_t pos_ = 0;
  std::string what_;
};

}  // namespace medsearch
