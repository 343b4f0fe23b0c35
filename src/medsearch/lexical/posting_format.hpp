// Encoding of one posting list (docs/lexical-index.md). Documents are numbered locally in
// the segment (0..n-1). A list is cut into blocks of kBlockDocs documents:
//
//   per block, in the doc stream: for each doc a doc gap (from the previous doc of the
//     list, or doc+1 for the first: gap = doc - previous - 1 with previous = -1), a u8
//     field mask, and a varint tf for each field in the mask (ascending field order); in
//     lexicon version 3 the block holds its gaps bit-packed, then its masks, then its tfs
//     ("split"), in versions 1 and 2 each posting's gap (a varint), mask and tfs in turn
//     ("interleaved"): posting_blocks.hpp
//   in the position stream (prose lists only): for each doc, for each field in its mask,
//     tf varint position gaps (first position + 1, then differences)
//
// and a skip entry per block (BlockSkip) that lets a cursor jump over blocks and bound
// the score of any document in a block for any field weights: a BM25F upper bound from the
// largest tf and the smallest field length of the block, per field, and (lexicon version 2)
// the block's exact largest tf~ under reference parameters (reference_norm.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "medsearch/lexical/fields.hpp"

namespace medsearch::lexical {

inline constexpr std::uint32_t kBlockDocs = 128;
// BlockSkip::max_tf saturates here: a stored kMaxTfCap means a tf of kMaxTfCap or more,
// which TermScorer::block_bound reads as the largest tf a posting can hold (issue 17).
inline constexpr std::uint16_t kMaxTfCap = 65535;

// BlockSkip::max_reference_tf of a segment written before it existed (lexicon version 1).
inline constexpr float kNoReferenceTf = std::numeric_limits<float>::infinity();

struct BlockSkip {
  std::uint32_t last_doc = 0;        // local doc of the block's last posting
  std::uint32_t doc_offset = 0;      // byte offset of the block in the list's doc stream
  std::uint32_t position_offset = 0; // byte offset of the block in the list's position stream
  std::array<std::uint16_t, kTextFieldCount> max_tf{};      // saturates at kMaxTfCap
  std::array<std::uint16_t, kTextFieldCount> min_length{};  // of docs with tf > 0 in the field
  // The largest ReferenceNorm::tf_tilde of the block's postings, rounded up to a float
  // (reference_norm.hpp); kNoReferenceTf in a version 1 segment.
  float max_reference_tf = kNoReferenceTf;
};
// Bytes of a skip entry in the current lexicon format (version 2) and in version 1 (no
// max_reference_tf).
inline constexpr std::size_t kBlockSkipBytes = 12 + 2 * kTextFieldCount * 2 + 4;
inline constexpr std::size_t kBlockSkipBytesV1 = 12 + 2 * kTextFieldCount * 2;

// Per-term entry of the lexicon.
struct TermInfo {
  std::uint32_t doc_freq = 0;
  std::uint64_t skip_offset = 0;      // of the list's BlockSkip array in the file
  std::uint64_t doc_offset = 0;       // of its doc stream
  std::uint64_t position_offset = 0;  // of its position stream (0 bytes for keyword lists)
  std::uint64_t end_offset = 0;       // end of its position stream
  std::uint32_t block_count() const { return (doc_freq + kBlockDocs - 1) / kBlockDocs; }
};

}  // namespace medsearch::lexical
