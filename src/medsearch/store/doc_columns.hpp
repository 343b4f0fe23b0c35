// Per-document attributes of one segment, kept column-wise for filters and statistics:
// year, month, flags, and four multi-valued string columns (journal, languages,
// publication types, MeSH descriptor UIs), each dictionary-coded per segment.
//
// Format (docs/formats.md), all little-endian, no alignment assumed by the reader:
//   u32 n | u16 year[n] | u8 month[n] | u8 flags[n]
//   then per string column: u32 terms | u64 term_offsets[terms+1] | term bytes
//                           | u64 row_offsets[n+1] | u32 term_ids[row_offsets[n]]
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {

class FacetRows;

enum class StringColumn : std::uint8_t { Journal = 0, Language = 1, PublicationType = 2, MeshUi = 3 };
inline constexpr std::size_t kStringColumnCount = 4;
std::string_view string_column_name(StringColumn column);

inline constexpr std::uint8_t kFlagHasAbstract = 1;

struct DocAttributes {
  std::uint16_t year = 0;  // 0 = unknown
  std::uint8_t month = 0;  // 0 = unknown
  std::uint8_t flags = 0;  // kFlag* bits
  std::array<std::vector<std::string>, kStringColumnCount> strings;  // indexed by StringColumn
  bool operator==(const DocAttributes&) const = default;
};

class DocColumnsWriter {
 public:
  void add(const DocAttributes& attributes);
  std::uint32_t size() const { return static_cast<std::uint32_t>(year_.size()); }
  void write(const std::string& path) const;

 private:
  struct Column {
    std::unordered_map<std::string, std::uint32_t> term_ids;
    std::vector<std::string> terms;
    std::vector<std::uint64_t> row_offsets{0};
    std::vector<std::uint32_t> values;
  };
  std::vector<std::uint16_t> year_;
  std::vector<std::uint8_t> month_;
  std::vector<std::uint8_t> flags_;
  std::array<Column, kStringColumnCount> columns_;
};

// Immutable after construction; thread-safe. Reads straight from the memory map.
class DocColumnsReader {
 public:
  explicit DocColumnsReader(const std::string& path);
  ~DocColumnsReader();
  std::uint32_t size() const { return doc_count_; }
  std::uint16_t year(std::uint32_t local) const;
  std::uint8_t month(std::uint32_t local) const;
  std::uint8_t flags(std::uint32_t local) const;
  // The values of `column` for one document, in the order they were added.
  std::vector<std::string_view> strings(StringColumn column, std::uint32_t local) const;
  DocAttributes attributes(std::uint32_t local) const;

  // The segment's facet rows (store/facet_rows.hpp), built on the first call (16 bytes per
  // document; thread-safe: concurrent first callers wait for one build).
  const FacetRows& facet_rows() const;

  // The dictionary, for counting values without building strings (engine/search/facets):
  // the number of distinct values of `column` in this segment, and one value by its id.
  std::uint32_t term_count(StringColumn column) const { return columns_[static_cast<std::size_t>(column)].term_count; }
  std::string_view term(StringColumn column, std::uint32_t term_id) const {
    return term(columns_[static_cast<std::size_t>(column)], term_id);
  }
  // Calls fn(term_id) for each value of `column` in row `local` (ids < term_count(column)
  // for a file that passed its checksum).
  template <typename Fn>
  void for_each_term_id(StringColumn which, std::uint32_t local, Fn&& fn) const {
    const Column& column = columns_[static_cast<std::size_t>(which)];
    const auto begin = load_le<std::uint64_t>(column.row_offsets + 8ULL * local);
    const auto end = load_le<std::uint64_t>(column.row_offsets + 8ULL * (local + 1));
    for (std::uint64_t i = begin; i < end; ++i) fn(load_le<std::uint32_t>(column.values + 4 * i));
  }

 private:
  struct Column {
    std::uint32_t term_count = 0;
    const char* term_offsets = nullptr;
    const char* term_bytes = nullptr;
    const char* row_offsets = nullptr;
    const char* values = nullptr;
  };
  std::string_view term(const Column& column, std::uint32_t term_id) const;

  struct LazyFacetRows;

  MappedFile file_;
  std::unique_ptr<LazyFacetRows> facet_rows_;  // built on first use
  std::uint32_t doc_count_ = 0;
  const char* year_ = nullptr;
  const char* month_ = nullptr;
  const char* flags_ = nullptr;
  std::array<Column, kStringColumnCount> columns_;
};

}  // namespace medsearch::store
