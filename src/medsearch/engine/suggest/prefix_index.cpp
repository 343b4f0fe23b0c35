#include "medsearch/engine/suggest/prefix_index.hpp"

#include <algorithm>

namespace medsearch::engine::suggest {

const char* completion_source_name(CompletionSource source) {
  switch (source) {
    case CompletionSource::Mesh: return "mesh";
    case CompletionSource::MeshEntry: return "mesh_entry";
    case CompletionSource::Title: return "title";
  }
  return "title";
}

PrefixIndex::PrefixIndex(std::vector<PrefixEntry> entries, std::size_t max_results, std::size_t precomputed_bytes)
    : max_results_(max_results), precomputed_bytes_(precomputed_bytes) {
  std::sort(entries.begin(), entries.end(), [](const PrefixEntry& a, const PrefixEntry& b) {
    return a.key != b.key ? a.key < b.key : a.score > b.score;
  });
  for (PrefixEntry& entry : entries) {
    if (entry.key.empty()) continue;
    if (!entries_.empty() && entries_.back().key == entry.key) continue;  // a lower-scored duplicate
    entries_.push_back(std::move(entry));
  }
  // For each length L <= precomputed_bytes, the keys sharing their first L bytes are
  // consecutive: one group at a time, its best ids by a partial sort.
  std::vector<std::uint32_t> group;
  for (std::size_t length = 1; length <= precomputed_bytes_; ++length) {
    std::size_t i = 0;
    while (i < entries_.size()) {
      if (entries_[i].key.size() < length) {
        ++i;
        continue;
      }
      const std::string_view prefix = std::string_view(entries_[i].key).substr(0, length);
      group.clear();
      std::size_t j = i;
      while (j < entries_.size() && std::string_view(entries_[j].key).substr(0, length) == prefix) group.push_back(static_cast<std::uint32_t>(j++));
      const std::size_t keep = std::min(max_results_, group.size());
      std::partial_sort(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(keep), group.end(),
                        [this](std::uint32_t a, std::uint32_t b) { return better(a, b); });
      precomputed_.emplace(std::string(prefix), std::vector<std::uint32_t>(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(keep)));
      i = j;
    }
  }
}

bool PrefixIndex::better(std::uint32_t a, std::uint32_t b) const {
  if (entries_[a].score != entries_[b].score) return entries_[a].score > entries_[b].score;
  return a < b;  // sorted by key: the smaller key
}

std::vector<const PrefixEntry*> PrefixIndex::top(std::string_view key_prefix, std::size_t k) const {
  k = std::min(k, max_results_);
  std::vector<const PrefixEntry*> out;
  if (k == 0) return out;
  if (key_prefix.empty()) return out;
  if (key_prefix.size() <= precomputed_bytes_) {
    const auto it = precomputed_.find(std::string(key_prefix));
    if (it == precomputed_.end()) return out;
    for (std::size_t i = 0; i < std::min(k, it->second.size()); ++i) out.push_back(&entries_[it->second[i]]);
    return out;
  }
  const auto lo = std::lower_bound(entries_.begin(), entries_.end(), key_prefix,
                                   [](const PrefixEntry& e, std::string_view p) { return std::string_view(e.key) < p; });
  // The range ends at the first key that does not start with the prefix.
  const auto hi = std::partition_point(lo, entries_.end(), [&](const PrefixEntry& e) { return std::string_view(e.key).starts_with(key_prefix); });
  // A min-heap (worst on top) of the best k seen.
  std::vector<std::uint32_t> heap;
  const auto worse_on_top = [this](std::uint32_t a, std::uint32_t b) { return better(a, b); };
  for (auto it = lo; it != hi; ++it) {
    const auto id = static_cast<std::uint32_t>(it - entries_.begin());
    if (heap.size() < k) {
      heap.push_back(id);
      std::push_heap(heap.begin(), heap.end(), worse_on_top);
    } else if (better(id, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), worse_on_top);
      heap.back() = id;
      std::push_heap(heap.begin(), heap.end(), worse_on_top);
    }
  }
  std::sort(heap.begin(), heap.end(), [this](std::uint32_t a, std::uint32_t b) { return better(a, b); });
  for (const std::uint32_t id : heap) out.push_back(&entries_[id]);
  return out;
}

std::size_t PrefixIndex::memory_bytes() const {
  std::size_t bytes = entries_.capacity() * sizeof(PrefixEntry);
  for (const PrefixEntry& e : entries_) bytes += e.key.capacity() + e.text.capacity() + e.heading.capacity();
  for (const auto& [prefix, ids] : precomputed_) bytes += prefix.capacity() + ids.capacity() * 4 + 64;
  return bytes;
}

}  // namespace medsearch::engine::suggest
