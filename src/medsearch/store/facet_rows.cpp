#include "medsearch/store/facet_rows.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "medsearch/store/doc_columns.hpp"

namespace medsearch::store {

FacetRows::FacetRows(const DocColumnsReader& columns, Limits limits) {
  const std::uint32_t n = columns.size();
  rows_.resize(n);
  // A profile's key: the flag byte, the language count, then the language and type ids, as
  // bytes (ids in the column's order: one set listed in two orders is two profiles, which
  // only costs a table entry).
  const std::uint32_t max_profiles = std::min<std::uint32_t>(limits.profiles, 0xffff);  // ids fit 16 bits
  std::unordered_map<std::string, std::uint16_t> profile_of_key;
  std::string key;
  std::vector<std::uint32_t> languages, types;
  const auto append = [&key](std::uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  for (std::uint32_t local = 0; local < n; ++local) {
    FacetRow& row = rows_[local];
    row.year = columns.year(local);

    std::uint32_t journals = 0, journal = 0;
    columns.for_each_term_id(StringColumn::Journal, local, [&](std::uint32_t id) { ++journals, journal = id; });
    if (journals == 1 && journal < limits.journal_ids)
      row.journal = journal + 1;
    else if (journals > 0)
      row.journal = kJournalSpill;

    languages.clear();
    types.clear();
    columns.for_each_term_id(StringColumn::Language, local, [&](std::uint32_t id) { languages.push_back(id); });
    columns.for_each_term_id(StringColumn::PublicationType, local, [&](std::uint32_t id) { types.push_back(id); });
    const std::uint8_t has_abstract = (columns.flags(local) & kFlagHasAbstract) != 0 ? 1 : 0;
    key.assign(1, static_cast<char>(has_abstract));
    append(static_cast<std::uint32_t>(languages.size()));
    for (std::uint32_t id : languages) append(id);
    for (std::uint32_t id : types) append(id);
    if (const auto found = profile_of_key.find(key); found != profile_of_key.end()) {
      row.profile = found->second;
      continue;
    }
    if (profile_starts_.size() >= max_profiles) continue;  // spilled: profile 0
    const auto start = static_cast<std::uint32_t>(ids_.size());
    ids_.insert(ids_.end(), languages.begin(), languages.end());
    profile_starts_.emplace_back(start, static_cast<std::uint32_t>(ids_.size()));
    ids_.insert(ids_.end(), types.begin(), types.end());
    profile_flags_.push_back(has_abstract);
    row.profile = static_cast<std::uint16_t>(profile_starts_.size());
    profile_of_key.emplace(key, row.profile);
  }
}

std::span<const std::uint32_t> FacetRows::languages(std::size_t p) const {
  const auto [begin, end] = profile_starts_[p];
  return {ids_.data() + begin, ids_.data() + end};
}

std::span<const std::uint32_t> FacetRows::types(std::size_t p) const {
  const std::uint32_t begin = profile_starts_[p].second;
  const std::uint32_t end =
      p + 1 < profile_starts_.size() ? profile_starts_[p + 1].first : static_cast<std::uint32_t>(ids_.size());
  return {ids_.data() + begin, ids_.data() + end};
}

std::size_t FacetRows::bytes() const {
  return rows_.size() * sizeof(FacetRow) + profile_starts_.size() * (sizeof(profile_starts_[0]) + 1) + ids_.size() * 4;
}

}  // namespace medsearch::store
