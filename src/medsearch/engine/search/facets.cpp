#include "medsearch/engine/search/facets.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/store/facet_rows.hpp"

namespace medsearch::engine {
namespace {

using store::StringColumn;

constexpr std::array<StringColumn, 3> kCounted = {StringColumn::PublicationType, StringColumn::Language,
                                                  StringColumn::Journal};
static_assert(kCounted[0] == StringColumn::PublicationType && kCounted[1] == StringColumn::Language &&
              kCounted[2] == StringColumn::Journal);  // count_facets reads the facet rows in this order
// Years are counted in an array over [kYearBase, kYearBase + kYearSpan): the years the
// reader accepts (ingest/pubmed_dates.cpp, find_year: 1000..2999); any other value (0:
// unknown) goes to a map. An array over every u16 year was 512 KB to clear and scan per
// request.
constexpr std::uint16_t kYearBase = 1000;
constexpr std::size_t kYearSpan = 2000;
constexpr std::size_t kBatch = 32;  // matching rows prefetched together

// The 64 bits of `set` from bit `first` on (bit i: DocId first + i); bits past its end are 0.
std::uint64_t bits_from(const DocSet& set, std::uint64_t first) {
  const std::vector<std::uint64_t>& words = set.words();
  const std::size_t w = first / 64;
  const unsigned shift = first % 64;
  const std::uint64_t low = w < words.size() ? words[w] : 0;
  if (shift == 0) return low;
  const std::uint64_t high = w + 1 < words.size() ? words[w + 1] : 0;
  return (low >> shift) | (high << (64 - shift));
}

}  // namespace

std::vector<FacetValue> top_values(std::vector<FacetValue> all, std::size_t top) {
  const auto order = [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  const std::size_t n = std::min(top, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), order);
  all.resize(n);
  return all;
}

FacetCounts count_facets(const DocSet& docs, const IndexReader& index, std::size_t top) {
  FacetTally tally;
  for (std::size_t s = 0; s < index.segment_count(); ++s) tally.add_segment(index, s, nullptr, &docs, nullptr);
  return tally.result(top);
}

void FacetTally::add_segment(const IndexReader& index, std::size_t segment, const DocSet* local_matches,
                             const DocSet* allowed, const DocSet* excluded, const store::FacetRows* rows_override) {
  const store::DocColumnsReader& columns = index.segment_columns(segment);
  const std::uint64_t base = index.segment_first(segment).value;
  const std::uint32_t n = columns.size();
  // Bit i of local word w: the segment's document 64w + i is counted (in every set given,
  // not excluded, and inside the segment).
  const auto word = [&](std::size_t w) {
    std::uint64_t bits = ~std::uint64_t{0};
    if (local_matches != nullptr) bits &= w < local_matches->words().size() ? local_matches->words()[w] : 0;
    if (allowed != nullptr) bits &= bits_from(*allowed, base + 64 * w);
    if (excluded != nullptr) bits &= ~bits_from(*excluded, base + 64 * w);
    if (64 * (w + 1) > n) bits &= (std::uint64_t{1} << (n - 64 * w)) - 1;  // past the segment's end
    return bits;
  };
  const std::size_t words = (std::size_t(n) + 63) / 64;
  bool any = false;
  for (std::size_t w = 0; w < words && !any; ++w) any = word(w) != 0;
  if (!any) return;  // no match here: the facet rows need not exist
  if (years_.empty()) years_.assign(kYearSpan, 0);
  // Each matching row is read from the segment's facet rows (store/facet_rows.hpp: 8 bytes)
  // and counted with three increments into local arrays: its year, its journal id, its
  // profile (abstract flag, languages, publication types). The profiles' counts are spread
  // over their values after the pass, and only the ids counted are turned into strings. A
  // part of a row that spills is read from the columns.
  const store::FacetRows& rows = rows_override != nullptr ? *rows_override : columns.facet_rows();
  std::vector<std::uint32_t> years(kYearSpan, 0);
  std::vector<std::uint32_t> profile_counts(rows.profile_count() + 1, 0);  // by row.profile; [0]: spilled rows
  std::vector<std::uint32_t> touched_profiles;
  std::array<std::vector<std::uint32_t>, kCounted.size()> local_counts;
  // The ids counted, so that only those are read back (a segment's journal dictionary can
  // be far larger than the journals a query's matches have).
  std::array<std::vector<std::uint32_t>, kCounted.size()> touched;
  for (std::size_t c = 0; c < kCounted.size(); ++c) local_counts[c].assign(columns.term_count(kCounted[c]), 0);
  std::uint32_t* const journal_counts = local_counts[2].data();
  const std::uint32_t journal_ids = columns.term_count(kCounted[2]);
  std::uint64_t documents = 0, spilled_abstracts = 0;
  const auto add_id = [&](std::size_t c, std::uint32_t id, std::uint32_t n) {
    if (id >= local_counts[c].size()) return;
    if (local_counts[c][id] == 0) touched[c].push_back(id);
    local_counts[c][id] += n;
  };
  const auto count_column = [&](std::size_t c, std::uint32_t local) {
    columns.for_each_term_id(kCounted[c], local, [&](std::uint32_t id) { add_id(c, id, 1); });
  };
  const auto count_row = [&](std::uint32_t local) {
    const store::FacetRow row = rows.row(local);
    ++documents;
    if (const std::size_t y = std::size_t(row.year) - kYearBase; y < kYearSpan)
      ++years[y];
    else
      ++other_years_[row.year];
    if (profile_counts[row.profile]++ == 0 && row.profile != 0) touched_profiles.push_back(row.profile);
    if (row.profile == 0) {  // spilled: kCounted order, publication type (0), language (1)
      count_column(0, local);
      count_column(1, local);
      if (columns.flags(local) & store::kFlagHasAbstract) ++spilled_abstracts;
    }
    if (const std::uint32_t id = row.journal - 1; id < journal_ids) {
      if (journal_counts[id]++ == 0) touched[2].push_back(id);
    } else if (row.journal == store::FacetRows::kJournalSpill) {
      count_column(2, local);
    }
  };
  // Matches are taken in batches: every row of a batch is prefetched before the first is
  // counted, so the cache misses of scattered matches overlap instead of queueing one
  // behind the other (at 1M documents a row read is a miss; this halved the count time).
  std::array<std::uint32_t, kBatch> batch;
  std::size_t batched = 0;
  const auto flush = [&] {
    for (std::size_t i = 0; i < batched; ++i) __builtin_prefetch(&rows.row(batch[i]));
    for (std::size_t i = 0; i < batched; ++i) count_row(batch[i]);
    batched = 0;
  };
  for (std::size_t w = 0; w < words; ++w) {
    for (std::uint64_t bits = word(w); bits != 0; bits &= bits - 1) {
      batch[batched++] = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
      if (batched == kBatch) flush();
    }
  }
  flush();
  documents_ += documents;
  has_abstract_ += spilled_abstracts;
  for (std::size_t y = 0; y < kYearSpan; ++y) years_[y] += years[y];
  for (const std::uint32_t p : touched_profiles) {
    const std::uint32_t n = profile_counts[p];
    if (rows.has_abstract(p - 1)) has_abstract_ += n;
    for (const std::uint32_t id : rows.types(p - 1)) add_id(0, id, n);
    for (const std::uint32_t id : rows.languages(p - 1)) add_id(1, id, n);
  }
  for (std::size_t c = 0; c < kCounted.size(); ++c) {
    for (std::uint32_t id : touched[c]) values_[c].emplace_back(columns.term(kCounted[c], id), local_counts[c][id]);
  }
}

void FacetTally::merge(const FacetTally& other) {
  documents_ += other.documents_;
  has_abstract_ += other.has_abstract_;
  if (!other.years_.empty()) {
    if (years_.empty()) years_.assign(kYearSpan, 0);
    for (std::size_t y = 0; y < kYearSpan; ++y) years_[y] += other.years_[y];
  }
  for (const auto& [year, count] : other.other_years_) other_years_[year] += count;
  for (std::size_t c = 0; c < kCounted.size(); ++c) values_[c].insert(values_[c].end(), other.values_[c].begin(), other.values_[c].end());
}

FacetCounts FacetTally::result(std::size_t top) const {
  FacetCounts out;
  out.documents = documents_;
  out.has_abstract = has_abstract_;
  std::map<std::uint16_t, std::uint64_t> other_years = other_years_;
  if (const auto unknown = other_years.find(0); unknown != other_years.end()) {
    out.unknown_year = unknown->second;
    other_years.erase(unknown);
  }
  for (std::size_t y = 0; y < years_.size(); ++y) {
    if (years_[y] != 0) out.years.push_back({static_cast<std::uint16_t>(kYearBase + y), years_[y]});
  }
  for (const auto& [year, count] : other_years) out.years.push_back({year, count});
  std::sort(out.years.begin(), out.years.end(), [](const YearCount& a, const YearCount& b) { return a.year < b.year; });
  std::array<std::vector<FacetValue>*, kCounted.size()> targets = {&out.publication_types, &out.languages, &out.journals};
  for (std::size_t c = 0; c < kCounted.size(); ++c) {
    // One value can come from several segments (each has its own dictionary ids).
    std::unordered_map<std::string_view, std::uint64_t> summed;
    summed.reserve(values_[c].size());
    for (const auto& [value, count] : values_[c]) summed[value] += count;
    std::vector<FacetValue> all;
    all.reserve(summed.size());
    for (const auto& [value, count] : summed) all.push_back({std::string(value), count});
    *targets[c] = top_values(std::move(all), top);
  }
  return out;
}

}  // namespace medsearch::engine
