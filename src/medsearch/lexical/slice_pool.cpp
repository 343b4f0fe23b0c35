#include "medsearch/lexical/slice_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <limits>
#include <new>

#include "medsearch/core/error.hpp"

namespace medsearch::lexical {

SlicePool::~SlicePool() {
  for (char* block : blocks_) ::munmap(block, kBlockBytes);
}

void SlicePool::append_slow(Stream& stream, const char* bytes, std::size_t n) {
  // Checked here, where every slice is allocated, with a slice's worth of margin, so the
  // fast path (which fills at most the current slice) can never overflow `size`.
  if (n + slice_data_bytes(kMaxLevel) > std::numeric_limits<std::uint32_t>::max() - stream.size) {
    throw Error(ErrorCode::InvalidArgument, "lexical index: a posting list stream would exceed 4 GiB");
  }
  if (n == 0) return;
  if (stream.size == 0) {  // first bytes: the stream gets its first slice
    stream.level = 0;
    stream.head = stream.slice = allocate(0);
    stream.used = 0;
  }
  for (;;) {
    const std::size_t data = slice_data_bytes(stream.level);
    const std::size_t take = std::min(n, data - stream.used);
    std::memcpy(at(stream.slice) + stream.used, bytes, take);
    stream.used = static_cast<std::uint16_t>(stream.used + take);
    stream.size += static_cast<std::uint32_t>(take);
    bytes += take;
    n -= take;
    if (n == 0) return;
    // The slice is full: chain a larger one through the link in its last 4 bytes.
    const std::uint8_t level = static_cast<std::uint8_t>(std::min<int>(stream.level + 1, kMaxLevel));
    const std::uint32_t next = allocate(level);
    std::memcpy(at(stream.slice) + data, &next, kLinkBytes);
    stream.slice = next;
    stream.level = level;
    stream.used = 0;
  }
}

std::uint32_t SlicePool::allocate(std::uint8_t level) {
  const std::size_t units = slice_bytes(level) / kUnitBytes;
  // A slice never spans two blocks; the rest of a block too short for it stays unused
  // (under 2 KiB of 1 MiB, since slices are at most 2 KiB).
  if (next_unit_ + units > blocks_.size() * kUnitsPerBlock) {
    if ((blocks_.size() + 1) * kUnitsPerBlock > std::size_t{std::numeric_limits<std::uint32_t>::max()} + 1) {
      throw Error(ErrorCode::InvalidArgument, "lexical index: a segment's postings would exceed 64 GiB of memory");
    }
    blocks_.reserve(blocks_.size() + 1);  // so push_back cannot throw and leak the mapping
    void* block = ::mmap(nullptr, kBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (block == MAP_FAILED) throw std::bad_alloc();
    next_unit_ = blocks_.size() * kUnitsPerBlock;
    blocks_.push_back(static_cast<char*>(block));
  }
  const auto unit = static_cast<std::uint32_t>(next_unit_);
  next_unit_ += units;
  return unit;
}

}  // namespace medsearch::lexical
