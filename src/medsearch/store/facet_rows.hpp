// One 16-byte row per document of what facet counting reads (engine/search/facets.cpp),
// derived from a segment's DocColumnsReader: year, flags, the journal and language ids
// when there is exactly one, and the publication types as a bit set over the segment's 32
// most frequent types. Counting a matching document then reads one cache line where the
// columns need about nine scattered reads (year, flags, and for each of three string
// columns its row offsets and its values): at 1M documents the column reads were most of a
// facet request's time (docs/decisions/0027-facet-rows.md).
//
// A row "spills" a column it cannot hold (two or more journals or languages, a language id
// past 16 bits, a publication type outside the 32); the counter reads that column of that
// row from the DocColumnsReader instead. Memory: 16 bytes per document, built on the first
// facet request (DocColumnsReader::facet_rows()).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace medsearch::store {

class DocColumnsReader;

struct FacetRow {
  std::uint16_t year = 0;
  std::uint8_t flags = 0;
  std::uint8_t spill = 0;        // kSpill* bits: read that column from the DocColumnsReader
  std::uint16_t language = 0;    // term id + 1; 0: none (or spilled)
  std::uint16_t unused = 0;
  std::uint32_t journal = 0;     // term id + 1; 0: none (or spilled)
  std::uint32_t type_bits = 0;   // bit b: publication type FacetRows::type_of_bit(b)
};
static_assert(sizeof(FacetRow) == 16);

class FacetRows {
 public:
  static constexpr std::uint8_t kSpillJournal = 1;
  static constexpr std::uint8_t kSpillLanguage = 2;
  static constexpr std::uint8_t kSpillTypes = 4;
  static constexpr unsigned kTypeBits = 32;

  explicit FacetRows(const DocColumnsReader& columns);

  const FacetRow& row(std::uint32_t local) const { return rows_[local]; }
  // The publication type term id that bit `bit` (< type_bits_used()) stands for.
  std::uint32_t type_of_bit(unsigned bit) const { return type_of_bit_[bit]; }
  unsigned type_bits_used() const { return type_bits_used_; }
  std::size_t bytes() const { return rows_.size() * sizeof(FacetRow); }

 private:
  std::vector<FacetRow> rows_;
  std::array<std::uint32_t, kTypeBits> type_of_bit_{};
  unsigned type_bits_used_ = 0;
};

}  // namespace medsearch::store
