#include "medsearch/core/byte_codec.hpp"

#include "medsearch/core/error.hpp"

namespace medsearch {

void ByteWriter::put_varint(std::uint64_t v) {
  while (v >= 0x80) {
    bytes_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  bytes_.push_back(static_cast<char>(v));
}

void ByteWriter::put_string(std::string_view s) {
  put_varint(s.size());
  bytes_.append(s);
}

std::uint8_t ByteReader::get_u8() {
  if (pos_ >= data_.size()) fail("unexpected end of data");
  return static_cast<std::uint8_t>(data_[pos_++]);
}

std::uint64_t ByteReader::get_varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const std::uint8_t byte = get_u8();
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  fail("varint longer than 10 bytes");
}

std::size_t ByteReader::get_count() {
  const std::uint64_t n = get_varint();
  if (n > remaining()) fail("element count past end of data");
  return static_cast<std::size_t>(n);
}

std::string_view ByteReader::get_string_view() {
  const std::uint64_t n = get_varint();
  if (n > remaining()) fail("string length past end of data");
  return get_bytes(static_cast<std::size_t>(n));
}

std::string_view ByteReader::get_bytes(std::size_t n) {
  if (n > remaining()) fail("unexpected end of data");
  std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

void ByteReader::fail(const char* reason) const {
  throw Error(ErrorCode::Corrupt,
              what_ + ": " + reason + " at byte " + std::to_string(pos_) + " of " + std::to_string(data_.size()));
}

}  // namespace medsearch
