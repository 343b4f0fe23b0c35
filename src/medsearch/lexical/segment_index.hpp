// Read access to a segment's lexical index file (S.lex, see lexicon_format.hpp).
// Immutable after construction; thread-safe. All offsets read from the file are checked
// against its size before use, so a damaged file is an Error(Corrupt), never a crash.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medsearch/core/deadline.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/reference_norm.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {

class SegmentIndex {
 public:
  explicit SegmentIndex(const std::string& path);

  const std::string& path() const { return file_.path(); }
  // kLexiconVersion, or an older version still read (lexicon_format.hpp).
  std::uint32_t format_version() const { return file_.format_version(); }
  std::uint32_t doc_count() const { return static_cast<std::uint32_t>(tail_.doc_count); }
  const std::array<std::uint64_t, kTextFieldCount>& length_sums() const { return tail_.length_sums; }
  std::uint16_t field_length(std::uint32_t local, std::size_t field) const;
  // Asks the CPU to start loading document `local`'s field lengths (a hint: no effect on
  // results, nothing read here). The lengths are stored field by field, so a document's
  // four are four cache lines apart; a search that knows its next candidate fetches them
  // while it scores the current one. `local` must be below doc_count().
  void prefetch_lengths(std::uint32_t local) const {
    for (std::size_t f = 0; f < kTextFieldCount; ++f) __builtin_prefetch(lengths_ + 2 * (f * tail_.doc_count + local));
  }
  // Documents whose field f is not empty (len_f > 0): the denominator of the field's
  // average length (Lucene's BM25Similarity averages over documents that have the field).
  // Counted at open from the length columns (one pass over 2 bytes per document and field;
  // the format stores no count).
  const std::array<std::uint64_t, kTextFieldCount>& field_doc_counts() const { return field_docs_; }

  std::uint32_t key_count() const { return key_count_; }
  std::string_view key_at(std::uint32_t rank) const;
  TermInfo info_at(std::uint32_t rank) const;
  std::optional<TermInfo> find(std::string_view key) const;
  // Keys starting with `key_prefix`, in byte order, at most `limit`. `check`, when given,
  // ticks once per key read (a short prefix scans up to `limit` keys: milliseconds at
  // PubMed's scale) and throws Error(DeadlineExceeded) once its deadline has passed.
  std::vector<std::pair<std::string, TermInfo>> with_prefix(std::string_view key_prefix, std::size_t limit,
                                                            DeadlineCheck* check = nullptr) const;

  // Bytes [offset, offset + size) of the payload; throws Error(Corrupt) if out of range.
  const char* bytes(std::uint64_t offset, std::uint64_t size) const;
  // The skip entry of `block` (< info.block_count()) of a list, and its last document alone.
  BlockSkip block_skip(const TermInfo& info, std::uint32_t block) const {
    return read_block_skip(bytes(info.skip_offset + skip_bytes_ * block, skip_bytes_), format_version());
  }
  std::uint32_t block_last_doc(const TermInfo& info, std::uint32_t block) const {
    return load_le<std::uint32_t>(bytes(info.skip_offset + skip_bytes_ * block, 4));  // the entry's first field
  }
  // The normalisation of this segment's max_reference_tf values (from its own length
  // statistics, as its writer computed them).
  const ReferenceNorm& reference_norm() const { return reference_norm_; }

 private:
  store::MappedFile file_;
  LexiconTail tail_;
  std::uint32_t key_count_ = 0;
  const char* key_offsets_ = nullptr;
  const char* key_bytes_ = nullptr;
  const char* infos_ = nullptr;
  const char* lengths_ = nullptr;
  std::array<std::uint64_t, kTextFieldCount> field_docs_{};
  std::size_t skip_bytes_ = kBlockSkipBytes;
  ReferenceNorm reference_norm_;
};

}  // namespace medsearch::lexical
