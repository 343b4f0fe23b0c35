#include "medsearch/lexical/posting_blocks.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/lexical/posting_format.hpp"

namespace medsearch::lexical {
namespace {

constexpr unsigned kFieldBits = (1u << kTextFieldCount) - 1;

// A doc gap, checked to be below 2^32 (ByteReader takes longer varints).
std::uint32_t get_gap(ByteReader& in, const std::string& path) {
  const std::uint64_t gap = in.get_varint();
  if (gap > 0xffffffffULL) throw Error(ErrorCode::Corrupt, path + ": doc gap past 2^32 in posting data");
  return static_cast<std::uint32_t>(gap);
}

// The raw bytes of the tfs of a posting with `mask` (one varint per field in the mask).
std::string_view get_tfs(ByteReader& in, std::string_view stream, std::uint8_t mask) {
  const std::size_t start = in.position();
  for (unsigned rest = mask & kFieldBits; rest != 0; rest &= rest - 1) in.get_varint();
  return stream.substr(start, in.position() - start);
}

void check_consumed(const ByteReader& in, const std::string& path) {
  if (!in.at_end()) throw Error(ErrorCode::Corrupt, path + ": posting data longer than its postings");
}

}  // namespace

void split_blocks(std::string_view interleaved, std::uint32_t doc_freq, const std::string& path, std::string& out,
                  std::vector<std::uint32_t>& block_starts) {
  out.clear();
  block_starts.clear();
  std::uint32_t gaps[kBlockDocs];
  char masks[kBlockDocs];
  ByteReader in(interleaved, path);
  for (std::uint32_t first = 0; first < doc_freq; first += kBlockDocs) {
    const std::uint32_t count = std::min<std::uint32_t>(kBlockDocs, doc_freq - first);
    std::uint32_t gap_bits = 0;             // the OR of the gaps: as wide as the widest
    const std::size_t tfs_at = out.size();  // the tfs go here first, then move behind the rest
    for (std::uint32_t i = 0; i < count; ++i) {
      gaps[i] = get_gap(in, path);
      gap_bits |= gaps[i];
      const std::uint8_t mask = in.get_u8();
      masks[i] = static_cast<char>(mask);
      out.append(get_tfs(in, interleaved, mask));
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
  check_consumed(in, path);
}

std::string interleave_blocks(std::string_view split, std::uint32_t doc_freq, const std::string& path) {
  ByteWriter out;
  ByteReader in(split, path);
  for (std::uint32_t first = 0; first < doc_freq; first += kBlockDocs) {
    const std::uint32_t count = std::min<std::uint32_t>(kBlockDocs, doc_freq - first);
    const std::uint8_t width = in.get_u8();
    if (width > 32) throw Error(ErrorCode::Corrupt, path + ": a block's gaps are wider than 32 bits");
    const std::string_view packed = in.get_bytes((std::size_t{count} * width + 7) / 8);
    const std::string_view masks = in.get_bytes(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t gap = 0;
      const std::uint64_t bit = std::uint64_t{i} * width;
      for (unsigned b = 0; b < width; ++b) {
        const auto byte = static_cast<std::uint8_t>(packed[(bit + b) / 8]);
        gap |= static_cast<std::uint32_t>(byte >> ((bit + b) % 8) & 1u) << b;
      }
      out.put_varint(gap);
      const auto mask = static_cast<std::uint8_t>(masks[i]);
      out.put_u8(mask);
      out.put_bytes(get_tfs(in, split, mask));
    }
  }
  check_consumed(in, path);
  return out.take();
}

}  // namespace medsearch::lexical
