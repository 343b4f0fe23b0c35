// Maps external document ids (strings: PMIDs, BEIR ids) to record numbers of one segment.
// Format (docs/formats.md): u32 count, u32 local[count] and u64 string offsets[count + 1]
// into a blob of the ids, all sorted by (id length, id bytes, local), then u32
// rank_of_local[count] (the sorted position of each local, for local → id lookups). Ordering by length
// first makes numeric ids (PMIDs) sort numerically, so a segment of consecutive PMIDs
// covers a narrow [min_id, max_id] range that lookups can test before searching.
// An id may map to several locals when a segment holds several versions of a citation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {

// The map's id order: shorter first, then bytewise.
bool id_less(std::string_view a, std::string_view b);

class IdMapWriter {
 public:
  void add(std::string_view id, std::uint32_t local) { entries_.emplace_back(std::string(id), local); }
  std::size_t size() const { return entries_.size(); }
  // Sorts and writes the map to `path` (via FileWriter).
  void write(const std::string& path);

 private:
  std::vector<std::pair<std::string, std::uint32_t>> entries_;
};

// Immutable after construction; thread-safe.
class IdMapReader {
 public:
  explicit IdMapReader(const std::string& path);
  std::uint32_t size() const { return count_; }
  // Every local numbered `id`, ascending; empty when absent. O(log n).
  std::vector<std::uint32_t> find(std::string_view id) const;
  // The id of entry `rank` in sorted order (for iteration and tests).
  std::string_view id_at(std::uint32_t rank) const;
  std::uint32_t local_at(std::uint32_t rank) const;
  // The id of record `local` (0..size()-1). O(1).
  std::string_view id_of(std::uint32_t local) const;
  // Whether `id` lies inside [first id, last id] in the map's order (false when empty).
  bool in_range(std::string_view id) const;

 private:
  MappedFile file_;
  std::uint32_t count_ = 0;
  const char* locals_ = nullptr;
  const char* offsets_ = nullptr;
  const char* blob_ = nullptr;
  const char* rank_of_local_ = nullptr;
};

}  // namespace medsearch::store
