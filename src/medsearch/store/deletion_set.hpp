// The set of dead DocIds of an index (replaced by a later version, or deleted by a
// DeleteCitation). A plain bitset: 36M documents take 4.5 MB.
// Format (docs/formats.md): u32 bit count, then u64 words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medsearch::store {

class DeletionSet {
 public:
  DeletionSet() = default;
  // Loads a file written by save(); throws Error(Corrupt/VersionMismatch/NotFound).
  static DeletionSet load(const std::string& path);
  void save(const std::string& path) const;

  bool contains(std::uint32_t doc) const {
    return doc < size_ && (words_[doc >> 6] >> (doc & 63) & 1) != 0;
  }
  // Marks `doc` dead; returns false when it already was.
  bool insert(std::uint32_t doc);
  std::uint64_t count() const { return count_; }
  // The bitset's words (bit d of word d/64 set = d dead); may be shorter than the index.
  const std::vector<std::uint64_t>& words() const { return words_; }

 private:
  std::vector<std::uint64_t> words_;
  std::uint32_t size_ = 0;  // bits addressable (grows on insert)
  std::uint64_t count_ = 0;
};

}  // namespace medsearch::store
