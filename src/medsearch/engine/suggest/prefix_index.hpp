// Autocomplete's lookup: the best-scored entries whose key starts with a typed prefix.
//
// Entries sit in one array sorted by key, so the keys with a prefix are one range (two
// binary searches). A short prefix ("d", "di") covers a large share of the array, so the
// best `max_results` of every prefix of up to `precomputed_bytes` bytes are computed at
// construction (one pass over the sorted keys per length); a longer prefix scans its range
// with a bounded heap. Order: score descending, then key ascending (ties are stable).
//
// Immutable after construction; top() is const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace medsearch::engine::suggest {

// Mesh: a MeSH heading; MeshEntry: an entry term of a heading (its `heading` says which);
// Title: a phrase of titles.
enum class CompletionSource : std::uint8_t { Mesh, MeshEntry, Title };
const char* completion_source_name(CompletionSource source);

struct PrefixEntry {
  std::string key;      // normalised (suggest_text.hpp normalize_phrase): what prefixes match
  std::string text;     // shown to the user
  std::uint64_t score = 0;  // documents (MeSH: indexed with the heading; titles: estimate)
  CompletionSource source = CompletionSource::Title;
  std::string heading;  // MeshEntry: the heading the entry term maps to; else empty
};

class PrefixIndex {
 public:
  // Entries with equal keys are merged: the highest score wins, with its text and source.
  explicit PrefixIndex(std::vector<PrefixEntry> entries, std::size_t max_results = 10, std::size_t precomputed_bytes = 3);

  // At most min(k, max_results) entries whose key starts with `key_prefix`, best first.
  std::vector<const PrefixEntry*> top(std::string_view key_prefix, std::size_t k) const;

  std::size_t size() const { return entries_.size(); }
  const std::vector<PrefixEntry>& entries() const { return entries_; }  // sorted by key
  std::size_t max_results() const { return max_results_; }
  std::size_t memory_bytes() const;

 private:
  bool better(std::uint32_t a, std::uint32_t b) const;  // ranks a before b
  std::vector<PrefixEntry> entries_;
  std::size_t max_results_;
  std::size_t precomputed_bytes_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> precomputed_;  // prefix → best ids
};

}  // namespace medsearch::engine::suggest
