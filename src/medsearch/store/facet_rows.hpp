// One 8-byte row per document of what facet counting reads (engine/search/facets.cpp),
// derived from a segment's DocColumnsReader: the year, the journal id when there is exactly
// one, and a *profile* id. A profile is one distinct combination, among the segment's
// documents, of the has-abstract flag, the language ids and the publication type ids; a
// segment has few of them (most articles are an English "Journal Article" with an abstract),
// so counting a matching document is three increments (year, journal, profile) and the
// profiles' counts are spread over their values once per segment at the end
// (docs/decisions/0036-facet-profiles-and-list-counts.md). At 1M documents the rows take 8 MB, which stays
// in the last-level cache where the 16-byte rows of decision 0027 did not.
//
// A row "spills" what it cannot hold: several journals, a journal id too large, or a
// profile past the segment's profile limit; the counter reads that part of that row from the
// DocColumnsReader instead, so counts are exact in every case. Memory: 8 bytes per document
// plus the profile table, built on the first facet request (DocColumnsReader::facet_rows()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace medsearch::store {

class DocColumnsReader;

struct FacetRow {
  std::uint16_t year = 0;     // as DocColumnsReader::year (0: unknown)
  std::uint16_t profile = 0;  // FacetRows::profile index + 1; 0: spilled (read the columns)
  std::uint32_t journal = 0;  // term id + 1; 0: none; FacetRows::kJournalSpill: read the column
};
static_assert(sizeof(FacetRow) == 8);

class FacetRows {
 public:
  static constexpr std::uint32_t kJournalSpill = ~std::uint32_t{0};
  // Test hooks: smaller limits make rows spill (the default holds every PubMed segment seen).
  struct Limits {
    std::uint32_t profiles = 0xffff;                // at most this many profiles (ids 1..profiles)
    std::uint32_t journal_ids = kJournalSpill - 1;  // journal term ids at or past this spill
  };

  explicit FacetRows(const DocColumnsReader& columns) : FacetRows(columns, Limits{}) {}
  FacetRows(const DocColumnsReader& columns, Limits limits);

  const FacetRow& row(std::uint32_t local) const { return rows_[local]; }
  std::size_t profile_count() const { return profile_starts_.size(); }
  // Profile `p` (0 .. profile_count() - 1; a row's profile field minus 1).
  bool has_abstract(std::size_t p) const { return profile_flags_[p] != 0; }
  std::span<const std::uint32_t> languages(std::size_t p) const;
  std::span<const std::uint32_t> types(std::size_t p) const;
  std::size_t bytes() const;

 private:
  std::vector<FacetRow> rows_;
  // Profile p: languages ids_[starts[p].first, starts[p].second), then types up to the next
  // profile's first (or ids_.end()).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> profile_starts_;
  std::vector<std::uint8_t> profile_flags_;
  std::vector<std::uint32_t> ids_;
};

}  // namespace medsearch::store
