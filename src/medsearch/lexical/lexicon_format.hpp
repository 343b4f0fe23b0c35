// Layout of a segment's lexical index file S.lex (docs/lexical-index.md):
//
//   postings   for each key in byte order: BlockSkip[blocks], doc stream, position stream
//              (a BlockSkip is kBlockSkipBytes; kBlockSkipBytesV1 in version 1, which has
//              no max_reference_tf: posting_format.hpp)
//   lengths    u16 field length per document, field-major (all titles, then abstracts, ...)
//   lexicon    u32 keys | u64 key_offset[keys+1] | key bytes | TermInfo[keys] (36 bytes each)
//   tail       LexiconTail (64 bytes)
//   footer     store::FileWriter's footer (magic "SMCHLEX1", version 3; readers take 1 and 2 too)
//
// Version 3 lays the blocks of the doc streams out split (posting_blocks.hpp); versions 1
// and 2 interleaved.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {

inline constexpr std::uint64_t kLexiconMagic = 0x3158454c48434d53ULL;  // "SMCHLEX1"
inline constexpr std::uint32_t kLexiconVersion = 3;
inline constexpr std::uint32_t kLexiconOldestVersion = 1;  // still read; no exact block maxima
// The first version whose doc streams hold split blocks (posting_blocks.hpp).
inline constexpr std::uint32_t kSplitBlocksVersion = 3;
inline constexpr bool has_split_blocks(std::uint32_t version) { return version >= kSplitBlocksVersion; }
inline constexpr std::size_t kTermInfoBytes = 4 + 4 * 8;
inline constexpr std::size_t kLexiconTailBytes = 8 + 8 + 8 + 8 * kTextFieldCount + 8;

struct LexiconTail {
  std::uint64_t lengths_offset = 0;
  std::uint64_t lexicon_offset = 0;
  std::uint64_t doc_count = 0;
  std::array<std::uint64_t, kTextFieldCount> length_sums{};
  std::uint64_t reserved = 0;
};

// `version` 1 leaves out max_reference_tf (reads give kNoReferenceTf).
void write_block_skip(ByteWriter& out, const BlockSkip& skip, std::uint32_t version = kLexiconVersion);
BlockSkip read_block_skip(const char* bytes, std::uint32_t version = kLexiconVersion);
inline constexpr std::size_t block_skip_bytes(std::uint32_t version) {
  return version >= 2 ? kBlockSkipBytes : kBlockSkipBytesV1;
}
void write_term_info(ByteWriter& out, const TermInfo& info);
TermInfo read_term_info(const char* bytes);
void write_tail(ByteWriter& out, const LexiconTail& tail);
LexiconTail read_tail(const char* bytes);

// Appends the lexicon (key count, key offsets, key bytes, term infos) and the tail after
// the postings and lengths already in `file`, then finishes the file. key_at(i) is the
// i-th key in byte order, infos[i] its list; `tail` has everything but lexicon_offset.
void finish_lexicon(store::FileWriter& file, LexiconTail tail, const std::function<std::string_view(std::size_t)>& key_at,
                    const std::vector<TermInfo>& infos);

}  // namespace medsearch::lexical
