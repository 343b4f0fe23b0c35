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
  FacetCounts out;
  std::array<std::uint64_t, kYearSpan> years{};
  std::map<std::uint16_t, std::uint64_t> other_years;
  // Values are counted per segment by dictionary id (an array increment per value), and
  // only the segment's non-zero ids are turned into strings and merged: the work is one
  // pass over the matching rows plus one string per distinct value per segment. Each
  // matching row is read from the segment's facet rows (store/facet_rows.hpp: one cache
  // line), and only a column the row spills is read from the columns themselves.
  std::array<std::unordered_map<std::string, std::uint64_t>, kCounted.size()> merged;
  std::array<std::vector<std::uint32_t>, kCounted.size()> local_counts;
  // The ids counted in this segment, so that only those are read back (a segment's
  // journal dictionary can be far larger than the journals a query's matches have).
  std::array<std::vector<std::uint32_t>, kCounted.size()> touched;
  std::array<std::uint64_t, store::FacetRows::kTypeBits> type_bit_counts{};
  const std::vector<std::uint64_t>& words = docs.words();
  index.for_each_segment_columns([&](DocId first, const store::DocColumnsReader& columns) {
    const std::uint32_t base = first.value;
    const std::uint32_t end = base + columns.size();
    const std::size_t first_word = base / 64;
    const std::size_t last_word = std::min<std::size_t>(words.size(), (std::size_t(end) + 63) / 64);
    bool any = false;
    for (std::size_t w = first_word; w < last_word && !any; ++w) any = words[w] != 0;
    if (!any) return;  // no match here: the facet rows need not exist
    const store::FacetRows& rows = columns.facet_rows();
    for (std::size_t c = 0; c < kCounted.size(); ++c) {
      local_counts[c].assign(columns.term_count(kCounted[c]), 0);
      touched[c].clear();
    }
    type_bit_counts.fill(0);
    const auto count_id = [&](std::size_t c, std::uint32_t id) {
      if (id < local_counts[c].size() && local_counts[c][id]++ == 0) touched[c].push_back(id);
    };
    const auto count_column = [&](std::size_t c, std::uint32_t local) {
      columns.for_each_term_id(kCounted[c], local, [&](std::uint32_t id) { count_id(c, id); });
    };
    const auto count_row = [&](std::uint32_t local) {
      const store::FacetRow& row = rows.row(local);
      ++out.documents;
      if (const std::size_t y = std::size_t(row.year) - kYearBase; y < kYearSpan) ++years[y];
      else ++other_years[row.year];
      if (row.flags & store::kFlagHasAbstract) ++out.has_abstract;
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
    for (std::size_t w = first_word; w < last_word; ++w) {
      std::uint64_t bits = words[w];
      // Bits of this word that belong to other segments.
      if (w * 64 < base) bits &= ~std::uint64_t{0} << (base - w * 64);
      if ((w + 1) * 64 > end) bits &= (end - w * 64) >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (end - w * 64)) - 1;
      for (; bits != 0; bits &= bits - 1) {
        batch[batched++] = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits)) - base;
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
      for (std::uint32_t id : touched[c]) merged[c][std::string(columns.term(kCounted[c], id))] += local_counts[c][id];
    }
  });
  if (const auto unknown = other_years.find(0); unknown != other_years.end()) {
    out.unknown_year = unknown->second;
    other_years.erase(unknown);
  }
  for (std::size_t y = 0; y < kYearSpan; ++y) {
    if (years[y] != 0) out.years.push_back({static_cast<std::uint16_t>(kYearBase + y), years[y]});
  }
  for (const auto& [year, count] : other_years) out.years.push_back({year, count});
  std::sort(out.years.begin(), out.years.end(), [](const YearCount& a, const YearCount& b) { return a.year < b.year; });
  std::array<std::vector<FacetValue>*, kCounted.size()> targets = {&out.publication_types, &out.languages, &out.journals};
  for (std::size_t c = 0; c < kCounted.size(); ++c) {
    std::vector<FacetValue> all;
    all.reserve(merged[c].size());
    for (auto& [value, count] : merged[c]) all.push_back({value, count});
    *targets[c] = top_values(std::move(all), top);
  }
  return out;
}

}  // namespace medsearch::engine
