// The two layouts of a block of postings in a list's doc stream (posting_format.hpp).
//
//   interleaved (lexicon versions 1 and 2, and what the writers build in memory): per
//     posting, its varint doc gap, its u8 field mask, its varint tfs;
//   split (version 3, what is written): a u8 bit width w (0 to 32), the block's kBlockDocs
//     (or fewer, in the last block) doc gaps packed in w bits each (gap i in bits
//     i×w .. i×w+w-1, least significant bit first; ceil(count × w / 8) bytes), then the
//     postings' masks, then every posting's tfs (varints) in posting order.
//
// A reader that wants documents only (Boolean matching, counting) unpacks the gaps
// without a branch per posting and never reads the tfs, and a cursor reads a posting's
// tfs only when it scores the posting; in the interleaved layout finding the next gap
// means passing over every tf, one byte at a time (decision 0046).
//
// The writers (SegmentIndexWriter, merge_segment_indexes) keep building the interleaved
// layout and convert each list when they write it, moving its skip entries' doc_offset
// to the blocks' new starts; a merge converts a version 3 input back to read it with the
// same code as older inputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::lexical {

// The doc stream of a list of `doc_freq` postings in the interleaved layout, converted to
// the split layout block by block into `out` (replaced; a buffer the caller reuses across
// lists), and in `block_starts` (replaced) where each block starts in it. Throws
// Error(Corrupt) naming `path` where the stream is not exactly `doc_freq` well-formed
// postings (each gap below 2^32; the tfs are copied as they are).
void split_blocks(std::string_view interleaved, std::uint32_t doc_freq, const std::string& path, std::string& out,
                  std::vector<std::uint32_t>& block_starts);

// The inverse: a split-layout doc stream of `doc_freq` postings in the interleaved layout.
// Throws Error(Corrupt) naming `path` likewise.
std::string interleave_blocks(std::string_view split, std::uint32_t doc_freq, const std::string& path);

}  // namespace medsearch::lexical
