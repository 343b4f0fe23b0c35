// Facet counts of a query (PubMed's "results by year" timeline and its filter sidebar):
// over a set of documents, how many were published in each year, how many have an
// abstract, and the most frequent publication types, languages and journals. Read from
// the per-segment doc columns (store/doc_columns.hpp) by dictionary id, no scoring and no
// document decoded. The values are those the filters take back (journal = ISO
// abbreviation, else title; language = its code): a value clicked narrows the search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/core/doc_set.hpp"

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

// The `top` most frequent of (value, count) pairs, in FacetCounts order.
std::vector<FacetValue> top_values(std::vector<FacetValue> all, std::size_t top);

}  // namespace medsearch::engine
