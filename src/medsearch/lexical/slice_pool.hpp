// Many append-only byte streams in one pool of large blocks, for SegmentIndexWriter's
// posting lists (docs/lexical-index.md "Writer memory").
//
// A stream is a chain of slices carved from 1 MiB blocks. Its first slice is 16 bytes;
// each next one is twice the size of the one before, up to 2 KiB. The last 4 bytes of a
// full slice hold the pool address of the next slice. Appending never moves bytes
// already written and never frees memory, so a stream costs its bytes plus at most one
// partly used slice and one 4-byte link per slice; a block is never given back until the
// pool is destroyed. Blocks are mapped with MAP_POPULATE: one system call maps a
// block's 256 pages instead of a page fault for each on first touch (faults were ~20% of
// ingest's profile, ~10% in this writer's before this). The idea is Lucene's ByteBlockPool (slices that grow in levels,
// linked by forwarding addresses); this is an independent, simpler variant that keeps
// the write position in the Stream instead of end-of-slice marker bytes.
//
// Addresses are 32-bit counts of 16-byte units, so a pool holds up to 64 GiB; a stream
// just under 4 GiB (the S.lex format's u32 in-list offsets allow no more). Exceeding
// either throws Error(InvalidArgument). Not thread-safe: one owner.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "medsearch/lexical/small_bytes.hpp"

namespace medsearch::lexical {

class SlicePool {
 public:
  // The write state of one stream: 16 bytes. A default-constructed Stream is empty and
  // takes no pool memory until its first non-empty append.
  struct Stream {
    std::uint32_t head = 0;    // unit address of the first slice (none while size is 0)
    std::uint32_t slice = 0;   // unit address of the slice being filled
    std::uint32_t size = 0;    // bytes appended in all
    std::uint16_t used = kFirstSliceData;  // bytes used in the current slice (full when empty)
    std::uint8_t level = 0;    // size class of the current slice
  };

  static constexpr std::size_t kUnitBytes = 16;
  static constexpr std::size_t kBlockBytes = 1 << 20;
  static constexpr std::size_t kLinkBytes = 4;
  static constexpr std::uint8_t kMaxLevel = 7;  // 16 << 7 = 2 KiB
  static constexpr std::size_t slice_bytes(std::uint8_t level) { return kUnitBytes << level; }
  static constexpr std::size_t slice_data_bytes(std::uint8_t level) { return slice_bytes(level) - kLinkBytes; }

  SlicePool() = default;
  ~SlicePool();
  SlicePool(const SlicePool&) = delete;
  SlicePool& operator=(const SlicePool&) = delete;

  // Appends n bytes to the stream. The common case (they fit in the current slice) is
  // one compare and one memcpy.
  void append(Stream& stream, const char* bytes, std::size_t n) {
    const std::size_t room = slice_data_bytes(stream.level) - stream.used;
    if (n <= room) {
      if (n == 0) return;
      small_bytes::copy(at(stream.slice) + stream.used, bytes, n);
      stream.used = static_cast<std::uint16_t>(stream.used + n);
      stream.size += static_cast<std::uint32_t>(n);
      return;
    }
    append_slow(stream, bytes, n);
  }

  // Calls visit(std::string_view) for each run of the stream's bytes, in order; the runs
  // concatenated are exactly the bytes appended.
  template <typename Visit>
  void for_each_run(const Stream& stream, Visit&& visit) const {
    std::uint32_t unit = stream.head;
    std::uint8_t level = 0;
    std::size_t remaining = stream.size;
    while (remaining > 0) {
      const char* slice = at(unit);
      const std::size_t data = slice_data_bytes(level);
      if (remaining <= data) {
        visit(std::string_view(slice, remaining));
        return;
      }
      visit(std::string_view(slice, data));
      remaining -= data;
      std::memcpy(&unit, slice + data, kLinkBytes);
      if (level < kMaxLevel) ++level;
    }
  }

  // Bytes of the blocks allocated so far.
  std::size_t allocated_bytes() const { return blocks_.size() * kBlockBytes; }

 private:
  static constexpr std::uint16_t kFirstSliceData = static_cast<std::uint16_t>(kUnitBytes - kLinkBytes);
  static constexpr std::size_t kUnitsPerBlock = kBlockBytes / kUnitBytes;

  char* at(std::uint32_t unit) const { return blocks_[unit / kUnitsPerBlock] + (unit % kUnitsPerBlock) * kUnitBytes; }
  void append_slow(Stream& stream, const char* bytes, std::size_t n);
  // A new slice of the level's size: its unit address.
  std::uint32_t allocate(std::uint8_t level);

  std::vector<char*> blocks_;  // each kBlockBytes, mapped by allocate(), unmapped by ~SlicePool
  std::size_t next_unit_ = 0;  // first free unit (global); the current block's end is a multiple of kUnitsPerBlock
};

}  // namespace medsearch::lexical
