// Iterates one posting list of a segment in document order, decoding a block of up to
// kBlockDocs postings at a time and using the block skips to jump ahead.
// Not thread-safe (one cursor per query and term); the SegmentIndex must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/lexical/segment_index.hpp"

namespace medsearch::lexical {

inline constexpr std::uint32_t kEndDoc = std::numeric_limits<std::uint32_t>::max();

class PostingCursor {
 public:
  // Positioned on the list's first document.
  PostingCursor(const SegmentIndex& index, const TermInfo& info);

  std::uint32_t doc() const { return doc_; }  // kEndDoc when exhausted
  std::uint32_t doc_freq() const { return info_.doc_freq; }
  void next();
  // Moves to the first document >= target (never backwards).
  void advance(std::uint32_t target);

  std::uint8_t mask() const { return masks_[index_]; }
  std::uint32_t tf(std::size_t field) const { return tfs_[index_][field]; }
  // Positions of the current document in `field`, ascending (prose lists only).
  void positions(std::size_t field, std::vector<std::uint32_t>& out);

  std::uint32_t block_count() const { return info_.block_count(); }
  BlockSkip skip(std::uint32_t block) const;
  // Skip entry of the block that would hold `target` (kEndDoc past the last block):
  // a bound for every document in it, without decoding. Returns the block number.
  std::uint32_t shallow_block(std::uint32_t target) const;

 private:
  void load_block(std::uint32_t block);

  const SegmentIndex& index_ref_;
  TermInfo info_;
  std::uint32_t block_ = 0;     // block currently decoded
  std::uint32_t count_ = 0;     // postings in it
  std::uint32_t index_ = 0;     // current posting within it
  std::uint32_t doc_ = kEndDoc;
  std::array<std::uint32_t, kBlockDocs> docs_{};
  std::array<std::uint8_t, kBlockDocs> masks_{};
  std::array<std::array<std::uint32_t, kTextFieldCount>, kBlockDocs> tfs_{};
  // Lazy position decoding: the posting whose positions start at position_ptr_.
  std::uint32_t position_index_ = 0;
  const char* position_ptr_ = nullptr;
  const char* position_end_ = nullptr;
};

}  // namespace medsearch::lexical
