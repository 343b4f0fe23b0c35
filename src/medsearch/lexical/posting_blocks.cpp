#include "medsearch/lexical/posting_blocks.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/posting_format.hpp"

namespace medsearch::lexical {
namespace {

constexpr unsigned kFieldBits = (1u << kTextFieldCount) - 1;

// The length in bytes of the varint at `at` in `stream` (1 to 5); throws Corrupt where the
// stream ends inside it or it is longer than 5 bytes.
std::size_t varint_length(std::string_view stream, std::size_t at, const std::string& path) {
  for (std::size_t n = 1; n <= 5; ++n) {
    if (at + n > stream.size()) throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a number");
    if ((static_cast<std::uint8_t>(stream[at + n - 1]) & 0x80) == 0) return n;
  }
  throw Error(ErrorCode::Corrupt, path + ": overlong number in posting data");
}

// The varint at `at`, which moves past it; throws Corrupt as varint_length does, or where
// it is 2^32 or more.
std::uint32_t read_number(std::string_view stream, std::size_t& at, const std::string& path) {
  const std::size_t n = varint_length(stream, at, path);
  std::uint64_t value = 0;
  for (std::size_t k = 0; k < n; ++k)
    value |= std::uint64_t{static_cast<std::uint8_t>(stream[at + k]) & 0x7fu} << (7 * k);
  if (value > 0xffffffffULL) throw Error(ErrorCode::Corrupt, path + ": number past 2^32 in posting data");
  at += n;
  return static_cast<std::uint32_t>(value);
}

void put_varint(std::string& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint8_t mask_at(std::string_view stream, std::size_t at, const std::string& path) {
  if (at >= stream.size()) throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a posting");
  return static_cast<std::uint8_t>(stream[at]);
}

// The bytes of the tfs of a posting with `mask` starting at `at`.
std::size_t tfs_length(std::string_view stream, std::size_t at, std::uint8_t mask, const std::string& path) {
  std::size_t n = 0;
  for (unsigned rest = mask & kFieldBits; rest != 0; rest &= rest - 1) n += varint_length(stream, at + n, path);
  return n;
}

void check_consumed(std::string_view stream, std::size_t at, const std::string& path) {
  if (at != stream.size()) throw Error(ErrorCode::Corrupt, path + ": posting data longer than its postings");
}

}  // namespace

void split_blocks(std::string_view interleaved, std::uint32_t doc_freq, const std::string& path, std::string& out,
                  std::vector<std::uint32_t>& block_starts) {
  out.clear();
  block_starts.clear();
  std::uint32_t gaps[kBlockDocs];
  char masks[kBlockDocs];
  std::size_t at = 0;
  for (std::uint32_t first = 0; first < doc_freq; first += kBlockDocs) {
    const std::uint32_t count = std::min<std::uint32_t>(kBlockDocs, doc_freq - first);
    std::uint32_t gap_bits = 0;             // the OR of the gaps: as wide as the widest
    const std::size_t tfs_at = out.size();  // the tfs go here first, then move behind the rest
    for (std::uint32_t i = 0; i < count; ++i) {
      gaps[i] = read_number(interleaved, at, path);
      gap_bits |= gaps[i];
      const std::uint8_t mask = mask_at(interleaved, at, path);
      masks[i] = static_cast<char>(mask);
      at += 1;
      const std::size_t tf = tfs_length(interleaved, at, mask, path);
      out.append(interleaved.substr(at, tf));
      at += tf;
    }
    const std::size_t tf_bytes = out.size() - tfs_at;
    const auto width = static_cast<unsigned>(std::bit_width(gap_bits));
    const std::size_t packed_bytes = (std::size_t{count} * width + 7) / 8;
    // Room for the width, the gaps and the masks before the tfs.
    const std::size_t head = 1 + packed_bytes + count;
    out.resize(out.size() + head);
    std::memmove(out.data() + tfs_at + head, out.data() + tfs_at, tf_bytes);
    if (tfs_at > 0xffffffffULL)
      throw Error(ErrorCode::InvalidArgument, path + ": a posting list's doc stream exceeds 4 GiB");
    block_starts.push_back(static_cast<std::uint32_t>(tfs_at));
    char* p = out.data() + tfs_at;
    *p++ = static_cast<char>(width);
    // Gaps packed least significant bit first through a 64-bit accumulator.
    std::uint64_t bits = 0;
    unsigned held = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      bits |= std::uint64_t{gaps[i]} << held;
      held += width;
      while (held >= 8) {
        *p++ = static_cast<char>(bits & 0xff);
        bits >>= 8;
        held -= 8;
      }
    }
    if (held > 0) *p++ = static_cast<char>(bits & 0xff);
    std::memcpy(p, masks, count);
  }
  check_consumed(interleaved, at, path);
}

std::string interleave_blocks(std::string_view split, std::uint32_t doc_freq, const std::string& path) {
  std::string out;
  out.reserve(split.size());
  std::size_t at = 0;
  for (std::uint32_t first = 0; first < doc_freq; first += kBlockDocs) {
    const std::uint32_t count = std::min<std::uint32_t>(kBlockDocs, doc_freq - first);
    if (at >= split.size()) throw Error(ErrorCode::Corrupt, path + ": posting data ends before a block");
    const auto width = static_cast<std::uint8_t>(split[at++]);
    if (width > 32) throw Error(ErrorCode::Corrupt, path + ": a block's gaps are wider than 32 bits");
    const std::size_t packed_at = at;
    const std::size_t packed_bytes = (std::size_t{count} * width + 7) / 8;
    if (split.size() - at < packed_bytes + count)
      throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a block");
    const std::size_t masks_at = packed_at + packed_bytes;
    at = masks_at + count;
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t gap = 0;
      const std::uint64_t bit = std::uint64_t{i} * width;
      for (unsigned b = 0; b < width; ++b) {
        const auto byte = static_cast<std::uint8_t>(split[packed_at + (bit + b) / 8]);
        gap |= static_cast<std::uint32_t>(byte >> ((bit + b) % 8) & 1u) << b;
      }
      put_varint(out, gap);
      const auto mask = static_cast<std::uint8_t>(split[masks_at + i]);
      out.push_back(static_cast<char>(mask));
      const std::size_t tf = tfs_length(split, at, mask, path);
      out.append(split.substr(at, tf));
      at += tf;
    }
  }
  check_consumed(split, at, path);
  return out;
}

}  // namespace medsearch::lexical
