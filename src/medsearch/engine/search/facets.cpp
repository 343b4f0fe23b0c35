#include "medsearch/engine/search/facets.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

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

// Adds n to `year`'s count: in `years` (over the span above) or in `other`.
template <typename Count>
void add_year(std::vector<Count>& years, std::map<std::uint16_t, Count>& other, std::uint16_t year, Count n) {
  if (const std::size_t y = std::size_t(year) - kYearBase; y < kYearSpan) years[y] += n;
  else other[year] += n;
}

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

namespace {

// The counts of `values` summed by value number (one value can come from several
// segments), in no particular order: an open-addressing table of indexes into the result,
// with no allocation per value and no string hashed (a frequent term's matches have
// thousands of journals per segment).
std::vector<std::pair<std::uint32_t, std::uint64_t>> sum_by_value(
    const std::vector<std::pair<std::uint32_t, std::uint64_t>>& values) {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  if (values.empty()) return out;
  std::size_t slots = 16;
  while (slots < 2 * values.size()) slots *= 2;
  constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  std::vector<std::uint32_t> table(slots, kEmpty);  // index into `out`, or kEmpty
  for (const auto& [value, count] : values) {
    // Fibonacci hashing: the top bits of value × 2^32/φ spread consecutive numbers.
    for (std::size_t slot = (std::uint64_t{value} * 0x9E3779B97F4A7C15ull) >> 32 & (slots - 1);;
         slot = (slot + 1) & (slots - 1)) {
      if (table[slot] == kEmpty) {
        table[slot] = static_cast<std::uint32_t>(out.size());
        out.emplace_back(value, count);
        break;
      }
      if (out[table[slot]].first == value) {
        out[table[slot]].second += count;
        break;
      }
    }
  }
  return out;
}

// Keeps the `top` first of `all` in FacetCounts order (count descending, then value).
void keep_top(std::vector<std::pair<std::string_view, std::uint64_t>>& all, std::size_t top) {
  const auto order = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t n = std::min(top, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), order);
  all.resize(n);
}

}  // namespace

FacetCounts count_facets(const DocSet& docs, const IndexReader& index, std::size_t top) {
  FacetTally tally;
  for (std::size_t s = 0; s < index.segment_count(); ++s) tally.add_segment(index, s, nullptr, &docs, nullptr);
  return tally.result(top);
}

namespace {

// The counting of one segment's documents into local arrays over its dictionary ids. Each
// document is read from the segment's facet rows (store/facet_rows.hpp: 8 bytes) and
// counted with three additions: its year, its journal id, its profile (abstract flag,
// languages, publication types); a part of a row that spills is read from the columns.
// counts() spreads the profiles over their values. Counts are kept modulo 2^32, so a
// document may be counted with a negative weight (its two's complement) as long as every
// final count is exact and non-negative (FacetTally::add_segment_union).
class SegmentCounter {
 public:
  SegmentCounter(const store::DocColumnsReader& columns, const store::FacetRows* rows_override)
      : columns_(columns),
        rows_(rows_override != nullptr ? *rows_override : columns.facet_rows()),
        years_(kYearSpan, 0),
        profile_counts_(rows_.profile_count() + 1, 0) {
    for (std::size_t c = 0; c < kCounted.size(); ++c) id_counts_[c].assign(columns.term_count(kCounted[c]), 0);
  }

  // Counts, `weight` times each, the documents whose bits word(w) gives for w in
  // [0, words) (bit i of word w: the segment's document 64w + i).
  template <typename Word>
  void count(std::size_t words, Word&& word, std::uint32_t weight) {
    for (std::size_t w = 0; w < words; ++w) push_bits(w, word(w), weight);
    flush();
  }

  // Counts, `weight` times each, the documents of `bits` (bit i: document 64w + i); batched:
  // flush() ends a run of calls.
  void push_bits(std::size_t w, std::uint64_t bits, std::uint32_t weight) {
    for (; bits != 0; bits &= bits - 1) {
      batch_[batched_++] = {static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits)), weight};
      if (batched_ == kBatch) flush();
    }
  }

  // Matches are taken in batches: every row of a batch is prefetched before the first is
  // counted, so the cache misses of scattered matches overlap instead of queueing one
  // behind the other (at 1M documents a row read is a miss; this halved the count time).
  void flush() {
    for (std::size_t i = 0; i < batched_; ++i) __builtin_prefetch(&rows_.row(batch_[i].first));
    for (std::size_t i = 0; i < batched_; ++i) count_row(batch_[i].first, batch_[i].second);
    batched_ = 0;
  }

  // Adds counts taken earlier over the same segment (its dictionary ids).
  void add(const ListCounts& counts) {
    documents_ += counts.documents;
    has_abstract_ += counts.has_abstract;
    for (const auto& [year, n] : counts.years) add_year(years_, other_years_, year, n);
    for (std::size_t c = 0; c < kCounted.size(); ++c) {
      for (const auto& [id, n] : counts.values[c]) add_id(c, id, n);
    }
  }

  // What was counted, the profiles spread over their values; only non-zero counts.
  ListCounts counts() {
    for (std::size_t p = 1; p < profile_counts_.size(); ++p) {
      const std::uint32_t n = profile_counts_[p];
      if (n == 0) continue;
      if (rows_.has_abstract(p - 1)) has_abstract_ += n;
      for (const std::uint32_t id : rows_.types(p - 1)) add_id(0, id, n);
      for (const std::uint32_t id : rows_.languages(p - 1)) add_id(1, id, n);
    }
    std::fill(profile_counts_.begin(), profile_counts_.end(), 0);
    ListCounts out;
    out.documents = documents_;
    out.has_abstract = has_abstract_;
    for (std::size_t y = 0; y < kYearSpan; ++y) {
      if (years_[y] != 0) out.years.emplace_back(static_cast<std::uint16_t>(kYearBase + y), years_[y]);
    }
    for (const auto& [year, n] : other_years_) {
      if (n != 0) out.years.emplace_back(year, n);
    }
    for (std::size_t c = 0; c < kCounted.size(); ++c) {
      std::vector<std::uint32_t>& touched = touched_[c];
      std::sort(touched.begin(), touched.end());
      touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
      for (const std::uint32_t id : touched) {
        if (id_counts_[c][id] != 0) out.values[c].emplace_back(id, id_counts_[c][id]);
      }
    }
    return out;
  }

 private:
  void add_id(std::size_t c, std::uint32_t id, std::uint32_t n) {
    if (id >= id_counts_[c].size()) return;
    if (id_counts_[c][id] == 0) touched_[c].push_back(id);  // may repeat: counts() removes repeats
    id_counts_[c][id] += n;
  }
  void count_column(std::size_t c, std::uint32_t local, std::uint32_t n) {
    columns_.for_each_term_id(kCounted[c], local, [&](std::uint32_t id) { add_id(c, id, n); });
  }
  void count_row(std::uint32_t local, std::uint32_t n) {
    const store::FacetRow row = rows_.row(local);
    documents_ += n;
    add_year(years_, other_years_, row.year, n);
    profile_counts_[row.profile] += n;
    if (row.profile == 0) {  // spilled: kCounted order, publication type (0), language (1)
      count_column(0, local, n);
      count_column(1, local, n);
      if (columns_.flags(local) & store::kFlagHasAbstract) has_abstract_ += n;
    }
    std::vector<std::uint32_t>& journals = id_counts_[2];
    if (const std::uint32_t id = row.journal - 1; id < journals.size()) {
      if (journals[id] == 0) touched_[2].push_back(id);
      journals[id] += n;
    } else if (row.journal == store::FacetRows::kJournalSpill) {
      count_column(2, local, n);
    }
  }

  const store::DocColumnsReader& columns_;
  const store::FacetRows& rows_;
  std::array<std::pair<std::uint32_t, std::uint32_t>, kBatch> batch_;  // (document, weight)
  std::size_t batched_ = 0;
  std::uint32_t documents_ = 0;
  std::uint32_t has_abstract_ = 0;
  std::vector<std::uint32_t> years_;                    // per year from kYearBase
  std::map<std::uint16_t, std::uint32_t> other_years_;  // years outside that span (0: unknown)
  std::vector<std::uint32_t> profile_counts_;           // by FacetRow::profile; [0]: spilled rows
  std::array<std::vector<std::uint32_t>, kCounted.size()> id_counts_;
  // The ids counted, so that only those are read back (a segment's journal dictionary can
  // be far larger than the journals a query's matches have).
  std::array<std::vector<std::uint32_t>, kCounted.size()> touched_;
};

}  // namespace

std::size_t ListCounts::bytes() const {
  std::size_t out = sizeof(ListCounts) + years.size() * sizeof(years[0]);
  for (const auto& v : values) out += v.size() * sizeof(v[0]);
  return out;
}

ListCounts count_list(const IndexReader& index, std::size_t segment, const DocSet& local_docs) {
  SegmentCounter counter(index.segment_columns(segment), nullptr);
  const std::vector<std::uint64_t>& words = local_docs.words();
  counter.count(words.size(), [&](std::size_t w) { return words[w]; }, 1);
  return counter.counts();
}

void FacetTally::add_counts(const ListCounts& counts, const IndexReader& index, std::size_t segment) {
  if (years_.empty()) years_.assign(kYearSpan, 0);
  documents_ += counts.documents;
  has_abstract_ += counts.has_abstract;
  for (const auto& [year, n] : counts.years) add_year<std::uint64_t>(years_, other_years_, year, n);
  for (std::size_t c = 0; c < kCounted.size(); ++c) {
    const IndexReader::ColumnValueIds& numbered = index.column_value_ids(kCounted[c]);
    names_[c] = &numbered.names;
    const std::vector<std::uint32_t>& ids = numbered.ids[segment];
    for (const auto& [id, n] : counts.values[c]) values_[c].emplace_back(ids[id], n);
  }
}

void FacetTally::add_segment(const IndexReader& index, std::size_t segment, const DocSet* local_matches,
                             const DocSet* allowed, const DocSet* excluded, const store::FacetRows* rows_override) {
  const store::DocColumnsReader& columns = index.segment_columns(segment);
  const std::uint64_t base = index.segment_first(segment).value;
  const std::uint32_t n = columns.size();
  const auto in_segment = [&](const DocSet* set) {
    return set != nullptr && set->any_in(static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(base + n));
  };
  // An allowed set with nothing in the segment: no match. An excluded set with nothing in
  // it excludes nothing here (its bits need not be read).
  if (allowed != nullptr && !in_segment(allowed)) return;
  if (!in_segment(excluded)) excluded = nullptr;
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
  SegmentCounter counter(columns, rows_override);
  counter.count(words, word, 1);
  add_counts(counter.counts(), index, segment);
}

void FacetTally::add_segment_union(const IndexReader& index, std::size_t segment, std::span<const CachedList> cached,
                                   const DocSet& others, const DocSet* excluded, const store::FacetRows* rows_override) {
  const store::DocColumnsReader& columns = index.segment_columns(segment);
  const std::uint64_t base = index.segment_first(segment).value;
  const std::uint32_t n = columns.size();
  const std::size_t words = (std::size_t(n) + 63) / 64;
  // The cached lists count a document once per list that has it, dead or not; the union
  // wants it once if live, never if dead. So each document of the union is counted again
  // with weight (live ? 1 : 0) - c, c the number of cached lists with it: only documents in
  // no cached list (weight 1), in two or more, or dead are read at all. c is kept per word
  // as a bit-sliced counter (4 bits: up to 15 cached lists).
  constexpr std::size_t kCounterBits = 4;
  if (cached.size() >= (std::size_t{1} << kCounterBits)) throw std::logic_error("add_segment_union: too many cached lists");
  bool corrections = !others.empty();
  for (const CachedList& list : cached) corrections = corrections || !list.docs->empty();
  if (!corrections) {  // the cached counts are the answer (a lone list without dead documents)
    for (const CachedList& list : cached) add_counts(*list.counts, index, segment);
    return;
  }
  const auto words_over_segment = [&](const DocSet& set) {
    if (set.words().size() < words) throw std::logic_error("add_segment_union: a set smaller than the segment");
    return set.words().data();
  };
  std::array<const std::uint64_t*, (1u << kCounterBits)> list_words{};
  for (std::size_t i = 0; i < cached.size(); ++i) list_words[i] = words_over_segment(*cached[i].docs);
  const std::uint64_t* others_words = others.empty() ? nullptr : words_over_segment(others);
  // Dead documents are read only when the segment has some (bits_from is the costly part).
  const bool any_dead =
      excluded != nullptr && excluded->any_in(static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(base + n));
  SegmentCounter counter(columns, rows_override);
  for (const CachedList& list : cached) counter.add(*list.counts);
  for (std::size_t w = 0; w < words; ++w) {
    // The documents of the word in some cached list, and in two or more.
    std::uint64_t in_cached = 0, several = 0;
    for (std::size_t i = 0; i < cached.size(); ++i) {
      const std::uint64_t x = list_words[i][w];
      several |= in_cached & x;
      in_cached |= x;
    }
    const std::uint64_t in_segment = 64 * (w + 1) > n ? (std::uint64_t{1} << (n - 64 * w)) - 1 : ~std::uint64_t{0};
    const std::uint64_t dead = any_dead ? bits_from(*excluded, base + 64 * w) & in_segment : 0;
    if (others_words != nullptr) counter.push_bits(w, others_words[w] & ~in_cached & in_segment & ~dead, 1);
    // Documents in exactly one cached list: counted right when live (the usual case).
    if (((several | dead) & in_cached) == 0) continue;
    std::array<std::uint64_t, kCounterBits> count{};  // bit b of c, per document of the word
    for (std::size_t i = 0; i < cached.size(); ++i) {
      std::uint64_t carry = list_words[i][w];
      for (std::size_t b = 0; b < kCounterBits && carry != 0; ++b) {
        const std::uint64_t next = count[b] & carry;
        count[b] ^= carry;
        carry = next;
      }
    }
    for (std::uint32_t v = 1; v <= cached.size(); ++v) {
      std::uint64_t exactly = in_cached & in_segment;
      for (std::size_t b = 0; b < kCounterBits; ++b) exactly &= (v >> b) & 1 ? count[b] : ~count[b];
      if (v >= 2) counter.push_bits(w, exactly & ~dead, 1u - v);
      counter.push_bits(w, exactly & dead, 0u - v);
    }
  }
  counter.flush();
  ListCounts counts = counter.counts();
  if (counts.documents != 0) add_counts(counts, index, segment);
}

void FacetTally::merge(const FacetTally& other) {
  documents_ += other.documents_;
  has_abstract_ += other.has_abstract_;
  if (!other.years_.empty()) {
    if (years_.empty()) years_.assign(kYearSpan, 0);
    for (std::size_t y = 0; y < kYearSpan; ++y) years_[y] += other.years_[y];
  }
  for (const auto& [year, count] : other.other_years_) other_years_[year] += count;
  for (std::size_t c = 0; c < kCounted.size(); ++c) {
    values_[c].insert(values_[c].end(), other.values_[c].begin(), other.values_[c].end());
    if (names_[c] == nullptr) names_[c] = other.names_[c];
  }
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
    // Ranked as views into the columns; only the values kept are copied (a frequent term's
    // matches have thousands of journals).
    std::vector<std::pair<std::string_view, std::uint64_t>> all;
    for (const auto& [value, count] : sum_by_value(values_[c])) all.emplace_back((*names_[c])[value], count);
    keep_top(all, top);
    targets[c]->reserve(all.size());
    for (const auto& [value, count] : all) targets[c]->push_back({std::string(value), count});
  }
  return out;
}

}  // namespace medsearch::engine
