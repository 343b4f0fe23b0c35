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
                             const DocSet* allowed, const DocSet* excluded) {
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
  // Values are counted by dictionary id (an array increment per value), and only the
  // segment's non-zero ids are turned into strings: the work is one pass over the matching
  // rows plus one string per distinct value. Each matching row is read from the segment's
  // facet rows (store/facet_rows.hpp: 16 bytes), and only a column the row spills is read
  // from the columns themselves.
  std::array<std::vector<std::uint32_t>, kCounted.size()> local_counts;
  // The ids counted, so that only those are read back (a segment's journal dictionary can
  // be far larger than the journals a query's matches have).
  std::array<std::vector<std::uint32_t>, kCounted.size()> touched;
  std::array<std::uint64_t, store::FacetRows::kTypeBits> type_bit_counts{};
  const store::FacetRows& rows = columns.facet_rows();
  for (std::size_t c = 0; c < kCounted.size(); ++c) local_counts[c].assign(columns.term_count(kCounted[c]), 0);
  const auto count_id = [&](std::size_t c, std::uint32_t id) {
    if (id < local_counts[c].size() && local_counts[c][id]++ == 0) touched[c].push_back(id);
  };
  const auto count_column = [&](std::size_t c, std::uint32_t local) {
    columns.for_each_term_id(kCounted[c], local, [&](std::uint32_t id) { count_id(c, id); });
  };
  const auto count_row = [&](std::uint32_t local) {
    const store::FacetRow& row = rows.row(local);
    ++documents_;
    if (const std::size_t y = std::size_t(row.year) - kYearBase; y < kYearSpan) ++years_[y];
    else ++other_years_[row.year];
    if (row.flags & store::kFlagHasAbstract) ++has_abstract_;
    // kCounted order: publication type (0), language (1), journal (2).
    if (row.spill & store::FacetRows::kSpillTypes) count_column(0, local);
    for (std::uint32_t t = row.type_bits; t != 0; t &= t - 1) ++type_bit_counts[std::countr_zero(t)];
    if (row.spill & store::FacetRows::kSpillLanguage) count_column(1, local);
    else if (row.language != 0) count_id(1, row.language - 1u);
    if (row.spill & store::FacetRows::kSpillJournal) count_column(2, local);
    else if (row.journal != 0) count_id(2, row.journal - 1);
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
  for (unsigned b = 0; b < rows.type_bits_used(); ++b) {
    if (type_bit_counts[b] == 0) continue;
    const std::uint32_t id = rows.type_of_bit(b);
    if (local_counts[0][id] == 0) touched[0].push_back(id);
    local_counts[0][id] += static_cast<std::uint32_t>(type_bit_counts[b]);
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
