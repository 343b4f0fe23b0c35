// Facet counts of a query (PubMed's "results by year" timeline and its filter sidebar):
// over a set of documents, how many were published in each year, how many have an
// abstract, and the most frequent publication types, languages and journals. Read from
// the per-segment doc columns (store/doc_columns.hpp) by dictionary id, no scoring and no
// document decoded. The values are those the filters take back (journal = ISO
// abbreviation, else title; language = its code): a value clicked narrows the search.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medsearch/core/doc_set.hpp"

namespace medsearch::store {
class DocColumnsReader;
class FacetRows;
}  // namespace medsearch::store

namespace medsearch::engine {

class IndexReader;

struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
  bool operator==(const FacetValue&) const = default;
};

struct YearCount {
  std::uint16_t year = 0;
  std::uint64_t count = 0;
  bool operator==(const YearCount&) const = default;
};

struct FacetCounts {
  std::uint64_t documents = 0;     // documents counted (the query's matches)
  std::vector<YearCount> years;    // ascending by year; only years with documents
  std::uint64_t unknown_year = 0;  // documents without a publication year
  std::uint64_t has_abstract = 0;
  // Each: at most `top` values, by count descending, ties by value ascending (bytes).
  std::vector<FacetValue> publication_types;
  std::vector<FacetValue> languages;
  std::vector<FacetValue> journals;
  bool operator==(const FacetCounts&) const = default;
};

// Default and largest number of values listed per facet (the `facet_top` parameter).
inline constexpr std::size_t kDefaultFacetTop = 10;
inline constexpr std::size_t kMaxFacetTop = 200;

// The counts over `docs` (DocIds of `index`; dead ones are the caller's to remove).
// Thread-safe (reads the immutable index only).
FacetCounts count_facets(const DocSet& docs, const IndexReader& index, std::size_t top);

// The facet counts of some documents of one segment (a posting list's: FacetTermCache keeps
// them per segment and term), by the segment's dictionary ids; only non-zero counts.
struct ListCounts {
  std::uint32_t documents = 0;
  std::uint32_t has_abstract = 0;
  std::vector<std::pair<std::uint16_t, std::uint32_t>> years;  // (year, count); year 0: unknown
  // Per counted column (publication type, language, journal): (term id, count).
  std::array<std::vector<std::pair<std::uint32_t, std::uint32_t>>, 3> values;
  std::size_t bytes() const;  // memory held, roughly
  bool operator==(const ListCounts&) const = default;
};

// The counts of the documents `local_docs` of `index`'s segment `segment` (numbered within
// the segment; every one counted, dead or not).
ListCounts count_list(const IndexReader& index, std::size_t segment, const DocSet& local_docs);

// A posting list whose counts are known: its documents (numbered within the segment) and
// their count_list. `docs` may leave out any document that is live, in no other cached list
// and not in the union of the others: FacetTally::add_segment_union counts those right
// without reading them (so a lone list needs only its dead documents).
struct CachedList {
  const DocSet* docs = nullptr;
  const ListCounts* counts = nullptr;
};

// A facet count in pieces, one per segment: pieces may be counted on different threads
// (Searcher::search offers one per segment to its helper threads, decision 0032) and
// merged in any order; the result equals count_facets over the same documents. The values
// it holds point into `index`, which must outlive the tally.
class FacetTally {
 public:
  // Counts the documents of `index`'s segment `segment` (0 .. segment_count() - 1) that are
  // in `local_matches` (over the segment's own numbering, 0 = its first document; nullptr:
  // every document of the segment), in `allowed` (nullptr: no constraint) and not in
  // `excluded` (nullptr: none); `allowed` and `excluded` are over all DocIds. `rows`: the
  // facet rows to read (nullptr: the segment's own; tests pass rows built with small limits,
  // store::FacetRows::Limits, so that every spill path is taken).
  void add_segment(const IndexReader& index, std::size_t segment, const DocSet* local_matches, const DocSet* allowed,
                   const DocSet* excluded, const store::FacetRows* rows = nullptr);
  // Counts the live documents (not in `excluded`, over all DocIds) of the union of some
  // posting lists of segment `segment`: `cached` (at most 15) with their counts, and
  // `others`, the union of the rest (numbered within the segment; every set's universe at
  // least the segment's size). Reads a facet row only for documents of the union that are
  // in no cached list, in two or more, or dead; equals add_segment over the union
  // (decision 0036).
  void add_segment_union(const IndexReader& index, std::size_t segment, std::span<const CachedList> cached,
                         const DocSet& others, const DocSet* excluded, const store::FacetRows* rows = nullptr);
  void merge(const FacetTally& other);
  FacetCounts result(std::size_t top) const;

 private:
  void add_counts(const ListCounts& counts, const IndexReader& index, std::size_t segment);

  std::uint64_t documents_ = 0;
  std::uint64_t has_abstract_ = 0;
  std::vector<std::uint64_t> years_;                    // per year from kYearBase; sized on first use
  std::map<std::uint16_t, std::uint64_t> other_years_;  // years outside that span (0: unknown)
  // Per counted column (publication type, language, journal): (value number, count) per
  // segment counted, one entry per distinct value of that segment, numbered over the index
  // (IndexReader::column_value_ids); summed by number in result(), which names them.
  std::array<std::vector<std::pair<std::uint32_t, std::uint64_t>>, 3> values_;
  std::array<const std::vector<std::string_view>*, 3> names_{};  // the numbers' values
};

}  // namespace medsearch::engine
