#include "medsearch/lexical/posting_cursor.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/lexicon_format.hpp"

namespace medsearch::lexical {
namespace {

[[noreturn, gnu::noinline]] void throw_overlong(const std::string& path) {
  throw Error(ErrorCode::Corrupt, path + ": overlong number in posting data");
}

// Varint over [p, end) with a check per byte; throws Corrupt past the end.
[[gnu::noinline]] std::uint32_t read_varint_near_end(const char*& p, const char* end, const std::string& path) {
  std::uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (p >= end) throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a number");
    const auto byte = static_cast<std::uint8_t>(*p++);
    value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  throw_overlong(path);
}

// Varint over [p, end); throws Corrupt past the end or when longer than 5 bytes. Where
// 5 bytes are left (the longest valid number) no byte needs an end check: the hot path
// of load_block and positions(), kept small enough to inline.
inline std::uint32_t read_varint(const char*& p, const char* end, const std::string& path) {
  if (end - p < 5) [[unlikely]] return read_varint_near_end(p, end, path);
  std::uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(*p++);
    value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  throw_overlong(path);
}

// Varint at p where at least 5 bytes are left (no end check); throws Corrupt when longer
// than 5 bytes. Takes and returns the pointer by value so that a caller's pointer can stay
// in a register (read_varint's reference escapes into its out-of-line slow path).
struct Varint {
  std::uint32_t value;
  const char* next;
};
inline Varint read_varint_unchecked(const char* p, const std::string& path) {
  std::uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    const auto byte = static_cast<std::uint8_t>(*p++);
    value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return {value, p};
  }
  throw_overlong(path);
}

// Moves p past `count` varints without decoding them: a varint ends at each byte whose high
// bit is clear, so the ends among eight bytes are counted at once. Throws Corrupt when
// the data ends first. Equivalent to calling read_varint `count` times, minus the overlong
// check (a later read_varint still applies it to what it decodes).
inline void skip_varints(const char*& p, const char* end, std::uint64_t count, const std::string& path) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  while (count > 0 && end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    std::uint64_t last_bytes = ~word & kHighBits;  // little-endian: byte i of p is bits 8i..8i+7
    // One bit per byte at most: the multiply sums the bytes' low bits into the top byte
    // (std::popcount would be a libgcc call on Debian's baseline x86-64, which lacks POPCNT).
    const std::uint64_t ends = ((last_bytes >> 7) * 0x0101010101010101ULL) >> 56;
    if (ends < count) {
      count -= ends;
      p += 8;
      continue;
    }
    for (std::uint64_t i = 1; i < count; ++i) last_bytes &= last_bytes - 1;  // drop the first count-1 ends
    p += std::countr_zero(last_bytes) / 8 + 1;
    return;
  }
  for (; count > 0; --count) {
    while (true) {
      if (p >= end) throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a number");
      if ((static_cast<std::uint8_t>(*p++) & 0x80) == 0) break;
    }
  }
}

// The longest posting: a 5-byte gap, the mask, a 5-byte tf per field. Where that much is
// left, no byte needs an end check.
constexpr std::ptrdiff_t kLongestPosting = 1 + 5 * (1 + kTextFieldCount);
constexpr unsigned kFieldBits = (1u << kTextFieldCount) - 1;
// The fields of each mask (mask & kFieldBits): how many tfs a posting stores. A table,
// since std::popcount is a libgcc call on Debian's baseline x86-64 (no POPCNT).
constexpr auto kFieldCountOfMask = [] {
  std::array<std::uint8_t, kFieldBits + 1> counts{};
  for (unsigned m = 0; m <= kFieldBits; ++m) counts[m] = static_cast<std::uint8_t>(std::popcount(m));
  return counts;
}();

// Decodes the documents and masks of `count` postings (a block's) starting at `data`, the
// document before them being `previous`: docs[i], masks[i], and tf_offsets[i], where
// posting i's tfs start, from `data`. The tfs are passed over, each checked to be a number
// of at most 5 bytes. Returns the last document. Throws Corrupt where the data ends early.
std::int64_t decode_postings(const char* const data, const char* const end, std::uint32_t count, std::int64_t previous,
                             std::uint32_t* docs, std::uint8_t* masks, std::uint16_t* tf_offsets,
                             const std::string& path) {
  std::uint32_t i = 0;
  const char* p = data;
  // While a whole posting is surely readable: no end checks, and a local pointer that stays
  // in a register (the slow path below takes p's address).
  for (const char* q = p; i < count && end - q >= kLongestPosting; ++i) {
    const Varint gap = read_varint_unchecked(q, path);
    q = gap.next;
    previous += 1 + std::int64_t{gap.value};
    const auto mask = static_cast<std::uint8_t>(*q++);
    tf_offsets[i] = static_cast<std::uint16_t>(q - data);
    for (unsigned rest = mask & kFieldBits; rest != 0; rest &= rest - 1) {
      int length = 1;
      while ((static_cast<std::uint8_t>(*q++) & 0x80) != 0) {
        if (++length > 5) throw_overlong(path);
      }
    }
    docs[i] = static_cast<std::uint32_t>(previous);
    masks[i] = mask;
    p = q;
  }
  // The list's last postings, each byte checked.
  for (; i < count; ++i) {
    previous += 1 + read_varint_near_end(p, end, path);
    if (p >= end) throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a posting");
    const auto mask = static_cast<std::uint8_t>(*p++);
    tf_offsets[i] = static_cast<std::uint16_t>(p - data);
    for (unsigned rest = mask & kFieldBits; rest != 0; rest &= rest - 1) read_varint(p, end, path);
    docs[i] = static_cast<std::uint32_t>(previous);
    masks[i] = mask;
  }
  return previous;
}

// The doc gaps of a split block (posting_blocks.hpp) and where its masks and tfs start.
struct SplitBlock {
  std::int64_t last_doc;
  const char* masks;
  const char* tfs;
};

// Decodes the `count` bit-packed doc gaps of a split block starting at `data` into docs (the
// document before them being `previous`); checks that the masks follow within `end`.
// Each gap is one unaligned 8-byte read, a shift and a mask, with no branch on the data,
// where 8 bytes are readable past the packed gaps (always, but at the very end of a
// stream; there the bytes are gathered one by one). Throws Corrupt where the data ends
// early or the width is past 32 bits.
SplitBlock decode_split_docs(const char* const data, const char* const end, std::uint32_t count, std::int64_t previous,
                             std::uint32_t* docs, const std::string& path) {
  if (end - data < 1) throw Error(ErrorCode::Corrupt, path + ": posting data ends before a block");
  const unsigned width = static_cast<std::uint8_t>(data[0]);
  if (width > 32) throw Error(ErrorCode::Corrupt, path + ": a block's gaps are wider than 32 bits");
  const char* const packed = data + 1;
  const std::ptrdiff_t packed_bytes = (std::ptrdiff_t{count} * width + 7) / 8;
  if (end - packed < packed_bytes + std::ptrdiff_t{count})
    throw Error(ErrorCode::Corrupt, path + ": posting data ends inside a block");
  const std::uint64_t value_mask = (std::uint64_t{1} << width) - 1;
  if (std::endian::native == std::endian::little && end - packed >= packed_bytes + 8) {
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint64_t bit = std::uint64_t{i} * width;
      std::uint64_t word;
      std::memcpy(&word, packed + bit / 8, 8);
      previous += 1 + static_cast<std::int64_t>((word >> (bit % 8)) & value_mask);
      docs[i] = static_cast<std::uint32_t>(previous);
    }
  } else {
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint64_t bit = std::uint64_t{i} * width;
      std::uint64_t word = 0;  // the bytes holding the gap, at most 5
      for (std::uint64_t b = bit / 8; b <= (bit + width) / 8 && b < static_cast<std::uint64_t>(packed_bytes); ++b)
        word |= std::uint64_t{static_cast<std::uint8_t>(packed[b])} << (8 * (b - bit / 8));
      previous += 1 + static_cast<std::int64_t>((word >> (bit % 8)) & value_mask);
      docs[i] = static_cast<std::uint32_t>(previous);
    }
  }
  const char* masks = packed + packed_bytes;
  return {previous, masks, masks + count};
}

}  // namespace

PostingCursor::PostingCursor(const SegmentIndex& index, const TermInfo& info)
    : index_ref_(index), info_(info), split_(has_split_blocks(index.format_version())) {
  load_block(0);
}

BlockSkip PostingCursor::skip(std::uint32_t block) const { return index_ref_.block_skip(info_, block); }

std::uint32_t PostingCursor::skip_last_doc(std::uint32_t block) const {
  return index_ref_.block_last_doc(info_, block);
}

void PostingCursor::load_block(std::uint32_t block) {
  // The document before the block: the previous block's last, known when stepping on.
  const bool next_block = block == block_ + 1 && count_ > 0;
  const std::int64_t before_block = block == 0 ? -1 : (next_block ? docs_[count_ - 1] : skip_last_doc(block - 1));
  block_ = block;
  index_ = 0;
  if (block >= info_.block_count()) {
    count_ = 0;
    doc_ = kEndDoc;
    return;
  }
  const BlockSkip s = skip(block);
  count_ = std::min<std::uint32_t>(kBlockDocs, info_.doc_freq - block * kBlockDocs);
  const std::uint64_t stream_bytes = info_.position_offset - info_.doc_offset;
  if (s.doc_offset >= stream_bytes) throw Error(ErrorCode::Corrupt, index_ref_.path() + ": bad block offset");
  // tf_offsets_ hold 16 bits: no block of kBlockDocs well-formed postings is longer.
  static_assert(kBlockDocs * (1 + 5 * (1 + kTextFieldCount)) < 65536);
  const char* p = index_ref_.bytes(info_.doc_offset + s.doc_offset, stream_bytes - s.doc_offset);
  const char* end = p + (stream_bytes - s.doc_offset);
  const std::string& path = index_ref_.path();
  block_data_ = p;
  block_end_ = end;
  tf_index_ = kEndDoc;
  if (split_) {
    const SplitBlock decoded = decode_split_docs(p, end, count_, before_block, docs_.data(), path);
    // A fixed-size copy where the bytes are there (it compiles to a few vector moves).
    if (end - decoded.masks >= std::ptrdiff_t{kBlockDocs}) {
      std::memcpy(masks_.data(), decoded.masks, kBlockDocs);
    } else {
      std::memcpy(masks_.data(), decoded.masks, count_);
    }
    tf_walk_index_ = 0;
    tf_walk_ptr_ = decoded.tfs;
    position_tfs_ = decoded.tfs;
  } else {
    decode_postings(p, end, count_, before_block, docs_.data(), masks_.data(), tf_offsets_.data(), path);
  }
  if (docs_[count_ - 1] != s.last_doc) throw Error(ErrorCode::Corrupt, index_ref_.path() + ": block skip disagrees with its postings");
  const std::uint64_t position_bytes = info_.end_offset - info_.position_offset;
  position_index_ = 0;
  position_ptr_ = nullptr;
  position_end_ = nullptr;
  if (position_bytes > 0 && s.position_offset <= position_bytes) {
    position_ptr_ = index_ref_.bytes(info_.position_offset + s.position_offset, position_bytes - s.position_offset);
    position_end_ = position_ptr_ + (position_bytes - s.position_offset);
  }
  doc_ = docs_[0];
}

const char* PostingCursor::tfs_of(std::uint32_t i) const {
  if (!split_) return block_data_ + tf_offsets_[i];
  std::uint64_t numbers = 0;  // the tfs of postings [tf_walk_index_, i)
  for (std::uint32_t j = tf_walk_index_; j < i; ++j) numbers += kFieldCountOfMask[masks_[j] & kFieldBits];
  skip_varints(tf_walk_ptr_, block_end_, numbers, index_ref_.path());
  tf_walk_index_ = i;
  return tf_walk_ptr_;
}

void PostingCursor::decode_tfs() const {
  tfs_.fill(0);
  const char* p = tfs_of(index_);
  for (unsigned rest = masks_[index_] & kFieldBits; rest != 0; rest &= rest - 1) {
    tfs_[static_cast<std::size_t>(std::countr_zero(rest))] = read_varint(p, block_end_, index_ref_.path());
  }
  tf_index_ = index_;
  if (split_) {
    tf_walk_index_ = index_ + 1;  // the next posting's tfs start here: a scan scoring every
    tf_walk_ptr_ = p;             // posting never passes over tfs
  }
}

std::uint64_t PostingCursor::positions_stored(std::uint32_t first, std::uint32_t last) {
  if (first >= last) return 0;
  std::uint64_t sum = 0;
  if (split_) {
    // The tfs of postings first..last-1 follow one another from position_tfs_ (first is
    // position_index_); each read checks the end.
    const char* p = position_tfs_;
    for (std::uint32_t i = first; i < last; ++i) {
      for (unsigned rest = masks_[i] & kFieldBits; rest != 0; rest &= rest - 1) {
        sum += read_varint(p, block_end_, index_ref_.path());
      }
    }
    position_tfs_ = p;  // posting last's, which positions() makes position_index_
    return sum;
  }
  for (std::uint32_t i = first; i < last; ++i) {
    const char* p = block_data_ + tf_offsets_[i];
    for (unsigned rest = masks_[i] & kFieldBits; rest != 0; rest &= rest - 1) {
      const auto byte = static_cast<std::uint8_t>(*p);
      if (byte < 0x80) [[likely]] {  // a tf below 128: one byte (load_block checked it lies before the end)
        sum += byte;
        ++p;
      } else {
        sum += read_varint(p, block_end_, index_ref_.path());
      }
    }
  }
  return sum;
}

void PostingCursor::next() {
  if (doc_ == kEndDoc) return;
  if (++index_ < count_) {
    doc_ = docs_[index_];
  } else {
    load_block(block_ + 1);
  }
}

std::uint32_t PostingCursor::shallow_advance(std::uint32_t target) {
  // Linear: top_k moves the pointer a block or two per call, and over a whole list each
  // skip entry is read about once.
  shallow_ = std::max(shallow_, block_);
  while (shallow_ < info_.block_count() && skip_last_doc(shallow_) < target) ++shallow_;
  return shallow_;
}

void PostingCursor::advance(std::uint32_t target) {
  if (doc_ >= target) return;
  if (docs_[count_ - 1] < target) {
    // Skip whole blocks by their last document (skips are sorted): binary search ahead.
    std::uint32_t lo = block_ + 1, hi = info_.block_count();
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (skip_last_doc(mid) < target) lo = mid + 1; else hi = mid;
    }
    load_block(lo);
    if (doc_ == kEndDoc) return;
  }
  // A local index: the member would be stored on every step.
  std::uint32_t i = index_;
  while (docs_[i] < target) ++i;
  index_ = i;
  doc_ = docs_[i];
}

void PostingCursor::positions(std::size_t field, std::vector<std::uint32_t>& out) {
  out.clear();
  if (position_ptr_ == nullptr || doc_ == kEndDoc) return;
  const std::string& path = index_ref_.path();
  // Skip the positions of earlier postings of this block: their tfs say how many.
  skip_varints(position_ptr_, position_end_, positions_stored(position_index_, index_), path);
  position_index_ = index_;
  // Within this posting, the fields before `field` come first.
  const char* p = position_ptr_;
  std::uint64_t before = 0;
  for (std::size_t f = 0; f < field; ++f) before += tf(f);
  skip_varints(p, position_end_, before, path);
  std::uint32_t position = 0;
  const std::uint32_t count = tf(field);
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::uint32_t gap = read_varint(p, position_end_, path);
    position = k == 0 ? gap - 1 : position + gap;
    out.push_back(position);
  }
}

void add_posting_docs(const SegmentIndex& index, const TermInfo& info, std::uint32_t begin, std::uint32_t end,
                      std::uint8_t scope, std::uint32_t doc_base, DocSet& out, DeadlineCheck& check) {
  const std::uint32_t blocks = info.block_count();
  if (blocks == 0 || begin >= end) return;
  const auto last_doc_of = [&](std::uint32_t block) { return index.block_last_doc(info, block); };
  // The first block whose last document is at or past `begin` (skips are sorted).
  std::uint32_t block = 0;
  for (std::uint32_t hi = blocks; block < hi;) {
    const std::uint32_t mid = block + (hi - block) / 2;
    if (last_doc_of(mid) < begin)
      block = mid + 1;
    else
      hi = mid;
  }
  const std::string& path = index.path();
  const std::uint64_t stream_bytes = info.position_offset - info.doc_offset;
  const char* const stream = index.bytes(info.doc_offset, stream_bytes);
  const char* const stream_end = stream + stream_bytes;
  std::int64_t previous = block == 0 ? -1 : std::int64_t{last_doc_of(block - 1)};
  std::array<std::uint32_t, kBlockDocs> docs;
  std::array<std::uint8_t, kBlockDocs> masks;
  std::array<std::uint16_t, kBlockDocs> tf_offsets;
  const bool split = has_split_blocks(index.format_version());
  for (; block < blocks && previous + 1 < std::int64_t{end}; ++block) {
    const BlockSkip skip = index.block_skip(info, block);
    if (skip.doc_offset >= stream_bytes) throw Error(ErrorCode::Corrupt, path + ": bad block offset");
    const std::uint32_t count = std::min<std::uint32_t>(kBlockDocs, info.doc_freq - block * kBlockDocs);
    check.tick(count);
    if (split) {
      // The documents alone; the masks only where the scope needs them.
      const SplitBlock decoded =
          decode_split_docs(stream + skip.doc_offset, stream_end, count, previous, docs.data(), path);
      previous = decoded.last_doc;
      if (scope != kAnyMask) std::memcpy(masks.data(), decoded.masks, count);
    } else {
      previous = decode_postings(stream + skip.doc_offset, stream_end, count, previous, docs.data(), masks.data(),
                                 tf_offsets.data(), path);
    }
    // Before any insert: a block that agrees with its skip entry has ascending documents
    // below 2^32, so the range test of its first and last covers all.
    if (previous != std::int64_t{skip.last_doc})
      throw Error(ErrorCode::Corrupt, path + ": block skip disagrees with its postings");
    if (docs[0] >= begin && docs[count - 1] < end && scope == kAnyMask) {
      for (std::uint32_t i = 0; i < count; ++i) out.insert(DocId(doc_base + docs[i]));  // the common case
    } else {
      for (std::uint32_t i = 0; i < count; ++i) {
        if (docs[i] >= begin && docs[i] < end && (scope == kAnyMask || (masks[i] & scope) != 0))
          out.insert(DocId(doc_base + docs[i]));
      }
    }
  }
}

}  // namespace medsearch::lexical
