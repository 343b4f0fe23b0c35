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
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {

class SegmentIndex {
 public:
  explicit SegmentIndex(const std::string& path);

  const std::string& path() const { return file_.path(); }
  std::uint32_t doc_count() const { return static_cast<std::uint32_t>(tail_.doc_count); }
  const std::array<std::uint64_t, kTextFieldCount>& length_sums() const { return tail_.length_sums; }
  std::uint16_t field_length(std::uint32_t local, std::size_t field) const;
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

 private:
  store::MappedFile file_;
  LexiconTail tail_;
  std::uint32_t key_count_ = 0;
  const char* key_offsets_ = nullptr;
  const char* key_bytes_ = nullptr;
  const char* infos_ = nullptr;
  const char* lengths_ = nullptr;
  std::array<std::uint64_t, kTextFieldCount> field_docs_{};
};

}  // namespace medsearch::lexical
