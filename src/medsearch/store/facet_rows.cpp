#include "medsearch/store/facet_rows.hpp"

#include <algorithm>
#include <numeric>

#include "medsearch/store/doc_columns.hpp"

namespace medsearch::store {
namespace {

// The id of a row's only value, +1; 0 when it has none or when it spills (`spill` set):
// more than one value, or an id + 1 that does not fit below `limit`.
std::uint32_t single_value(const DocColumnsReader& columns, StringColumn column, std::uint32_t local, std::uint64_t limit,
                           bool& spill) {
  std::uint32_t count = 0, id = 0;
  columns.for_each_term_id(column, local, [&](std::uint32_t v) { ++count, id = v; });
  if (count == 0) return 0;
  if (count > 1 || std::uint64_t{id} + 1 >= limit) {
    spill = true;
    return 0;
  }
  return id + 1;
}

}  // namespace

FacetRows::FacetRows(const DocColumnsReader& columns) {
  const std::uint32_t n = columns.size();
  // The segment's publication types by number of rows, most frequent first (ties: lower
  // id), the first kTypeBits of them get a bit.
  const std::uint32_t types = columns.term_count(StringColumn::PublicationType);
  std::vector<std::uint64_t> type_rows(types, 0);
  for (std::uint32_t local = 0; local < n; ++local) {
    columns.for_each_term_id(StringColumn::PublicationType, local, [&](std::uint32_t id) {
      if (id < types) ++type_rows[id];
    });
  }
  std::vector<std::uint32_t> order(types);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return type_rows[a] > type_rows[b]; });
  type_bits_used_ = static_cast<unsigned>(std::min<std::size_t>(kTypeBits, order.size()));
  constexpr std::uint32_t kNoBit = ~0u;
  std::vector<std::uint32_t> bit_of_type(types, kNoBit);
  for (unsigned b = 0; b < type_bits_used_; ++b) {
    type_of_bit_[b] = order[b];
    bit_of_type[order[b]] = b;
  }

  rows_.resize(n);
  for (std::uint32_t local = 0; local < n; ++local) {
    FacetRow& row = rows_[local];
    row.year = columns.year(local);
    row.flags = columns.flags(local);
    bool spill = false;
    row.journal = single_value(columns, StringColumn::Journal, local, std::uint64_t{1} << 32, spill);
    if (spill) row.spill |= kSpillJournal;
    spill = false;
    row.language = static_cast<std::uint16_t>(single_value(columns, StringColumn::Language, local, std::uint64_t{1} << 16, spill));
    if (spill) row.spill |= kSpillLanguage;
    columns.for_each_term_id(StringColumn::PublicationType, local, [&](std::uint32_t id) {
      const std::uint32_t bit = id < types ? bit_of_type[id] : kNoBit;
      if (bit == kNoBit) row.spill |= kSpillTypes;
      else row.type_bits |= std::uint32_t{1} << bit;
    });
    if (row.spill & kSpillTypes) row.type_bits = 0;  // that row's types are all read from the column
  }
}

}  // namespace medsearch::store
