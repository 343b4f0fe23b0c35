// Iterates one posting list of a segment in document order, decoding a block of up to
// kBlockDocs postings at a time and using the block skips to jump ahead.
// Not thread-safe (one cursor per query and term); the SegmentIndex must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "medsearch/core/deadline.hpp"
#include "medsearch/core/doc_set.hpp"
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
  // The current document's term frequency in `field` (0 where the mask has no bit). A
  // block is loaded with its documents and masks only; a posting's tfs are decoded when
  // first asked for (most postings a query passes are never scored).
  std::uint32_t tf(std::size_t field) const {
    if (tf_index_ != index_) decode_tfs();
    return tfs_[field];
  }
  // Positions of the current document in `field`, ascending (prose lists only).
  void positions(std::size_t field, std::vector<std::uint32_t>& out);

  std::uint32_t block_count() const { return info_.block_count(); }
  // The document `ahead` postings after the current one when it is in the decoded block,
  // else kEndDoc (nothing is decoded).
  std::uint32_t peek_ahead(std::uint32_t ahead) const {
    return index_ + ahead < count_ ? docs_[index_ + ahead] : kEndDoc;
  }
  BlockSkip skip(std::uint32_t block) const;
  // Block-max support (Ding & Suel, SIGIR 2011): moves a second, skip-only pointer to the
  // block that would hold `target` (the first whose last_doc >= target; block_count() past
  // the last block) and returns it, reading skip entries only: nothing is decoded and
  // doc() does not move. Its skip entry bounds every posting of the list in
  // [target, that block's last_doc]. The pointer never moves backwards and never falls
  // behind the decoded block, so targets must not decrease between calls (a smaller one
  // gets the pointer's block, which may start after it).
  std::uint32_t shallow_advance(std::uint32_t target);

 private:
  void load_block(std::uint32_t block);
  // Fills tfs_ with the current posting's tfs (tf_index_ = index_).
  void decode_tfs() const;
  // Where posting i's tfs start (i < count_). Interleaved blocks: tf_offsets_[i]. Split
  // blocks: found by passing over the tfs of postings tf_walk_index_..i-1; i is never
  // below tf_walk_index_ (decode_tfs, the caller, asks for the current posting once, and
  // a cursor only moves forwards).
  const char* tfs_of(std::uint32_t i) const;
  // The positions stored by postings [first, last) of the block: the sum of their tfs.
  // `first` is position_index_ (split blocks read the tfs from position_tfs_ on).
  std::uint64_t positions_stored(std::uint32_t first, std::uint32_t last);
  // The last document of `block`, read from its skip entry alone.
  std::uint32_t skip_last_doc(std::uint32_t block) const;

  const SegmentIndex& index_ref_;
  TermInfo info_;
  std::uint32_t block_ = 0;     // block currently decoded
  std::uint32_t shallow_ = 0;   // block of the last shallow_advance() (skip entries only)
  std::uint32_t count_ = 0;     // postings in it
  std::uint32_t index_ = 0;     // current posting within it
  std::uint32_t doc_ = kEndDoc;
  std::array<std::uint32_t, kBlockDocs> docs_{};
  std::array<std::uint8_t, kBlockDocs> masks_{};
  // Whether the segment's blocks are split (posting_blocks.hpp; lexicon version 3).
  bool split_ = false;
  // Interleaved blocks: tf_offsets_[i]: where posting i's tfs start, from block_data_ (a
  // block of kBlockDocs postings takes at most kBlockDocs × 26 bytes, below 2^16).
  // load_block checked that each is a well-formed number inside [block_data_, block_end_).
  std::array<std::uint16_t, kBlockDocs> tf_offsets_{};
  const char* block_data_ = nullptr;
  const char* block_end_ = nullptr;
  // Split blocks: a posting at or after the last one whose tfs were read, and where its
  // tfs start (the block's tfs when none was). Unchecked until read: every read of a tf
  // checks the bounds.
  mutable std::uint32_t tf_walk_index_ = 0;
  mutable const char* tf_walk_ptr_ = nullptr;
  // The tfs of posting tf_index_ (kEndDoc: none decoded in this block).
  mutable std::uint32_t tf_index_ = kEndDoc;
  mutable std::array<std::uint32_t, kTextFieldCount> tfs_{};
  // Lazy position decoding: the posting whose positions start at position_ptr_.
  std::uint32_t position_index_ = 0;
  // Split blocks: where posting position_index_'s tfs start. positions() sums the tfs from
  // there to the current posting, apart from tf_walk_*, which tf() moves past the current
  // posting.
  const char* position_tfs_ = nullptr;
  const char* position_ptr_ = nullptr;
  const char* position_end_ = nullptr;
};

// Inserts doc_base + doc into `out` for every posting of the list with begin <= doc < end
// whose field mask has a bit of `scope` (kAnyMask: any mask, none checked). The same documents as walking a
// PostingCursor from advance(begin), but it decodes only document gaps and masks: the tfs
// are skipped, nothing is stored per posting and positions are never touched, which makes
// it several times cheaper per posting (OR matching over long lists: the facet counts of
// free text, boolean_match.cpp add_keys). Blocks wholly before `begin` are passed over by
// their skip entries. Ticks `check` once per posting decoded; throws Error(Corrupt) where a
// cursor would.
inline constexpr std::uint8_t kAnyMask = 0xff;
void add_posting_docs(const SegmentIndex& index, const TermInfo& info, std::uint32_t begin, std::uint32_t end,
                      std::uint8_t scope, std::uint32_t doc_base, DocSet& out, DeadlineCheck& check);

}  // namespace medsearch::lexical
