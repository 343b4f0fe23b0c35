// A hash table from keys (byte strings) to entries with dense ids 0..size()-1 in
// first-seen order, for SegmentIndexWriter: one lookup per posting.
//
// Open addressing with linear probing over 8-byte slots {32-bit hash, id + 1}, at most
// half full, so a miss or a different key with the same slot is usually decided inside
// one cache line without touching the entry. Keys are copied once into one byte arena;
// entries (key reference + Value) live in fixed chunks that never move, so references
// returned stay valid across inserts and growth copies only the slots. Growth rehashes
// from the stored hashes, never re-reading keys. Limits: 2^32 - 1 keys, 4 GiB of key
// bytes (Error(InvalidArgument) beyond). Not thread-safe: one owner.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/small_bytes.hpp"

namespace medsearch::lexical {

template <typename Value>
class TermTable {
 public:
  struct Entry {
    std::uint32_t key_offset = 0;  // in the key arena
    std::uint32_t key_size = 0;
    Value value{};
  };

  // The entry for `key`, inserted with a value-initialised Value if the key is new.
  Entry& find_or_insert(std::string_view key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::uint32_t hash = hash_key(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id_plus_one == 0) return insert(slot, hash, key);
      if (slot.hash != hash) continue;
      Entry& entry = (*this)[slot.id_plus_one - 1];
      if (entry.key_size == key.size() && small_bytes::equal(keys_.data() + entry.key_offset, key.data(), key.size())) {
        return entry;
      }
    }
  }

  std::size_t size() const { return size_; }
  Entry& operator[](std::size_t id) { return chunks_[id / kChunkEntries][id % kChunkEntries]; }
  const Entry& operator[](std::size_t id) const { return chunks_[id / kChunkEntries][id % kChunkEntries]; }
  std::string_view key(const Entry& entry) const { return std::string_view(keys_).substr(entry.key_offset, entry.key_size); }

  // Bytes held: slots, entry chunks and the key arena (capacities, not sizes).
  std::size_t memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + chunks_.size() * kChunkEntries * sizeof(Entry) + keys_.capacity();
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t id_plus_one = 0;  // 0: empty
  };
  static constexpr std::size_t kChunkEntries = 1024;
  static constexpr std::size_t kInitialSlots = 64;

  static std::uint32_t hash_key(std::string_view key) {
    const std::uint64_t h = small_bytes::hash(key);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }

  Entry& insert(Slot& slot, std::uint32_t hash, std::string_view key) {
    if (size_ == std::numeric_limits<std::uint32_t>::max() - 1 ||
        key.size() > std::numeric_limits<std::uint32_t>::max() - keys_.size()) {
      throw Error(ErrorCode::InvalidArgument, "lexical index: a segment's keys exceed the term table's limits");
    }
    if (size_ % kChunkEntries == 0) chunks_.push_back(std::make_unique<Entry[]>(kChunkEntries));
    Entry& entry = (*this)[size_];
    entry.key_offset = static_cast<std::uint32_t>(keys_.size());
    entry.key_size = static_cast<std::uint32_t>(key.size());
    keys_.append(key);
    slot.hash = hash;
    slot.id_plus_one = static_cast<std::uint32_t>(++size_);
    return entry;
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? kInitialSlots : slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id_plus_one == 0) continue;
      std::size_t i = slot.hash & mask;
      while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::vector<std::unique_ptr<Entry[]>> chunks_;
  std::string keys_;
  std::size_t size_ = 0;
};

}  // namespace medsearch::lexical
