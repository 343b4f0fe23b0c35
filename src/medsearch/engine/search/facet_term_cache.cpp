#include "medsearch/engine/search/facet_term_cache.hpp"

namespace medsearch::engine {

std::shared_ptr<const ListCounts> FacetTermCache::get(const IndexReader& index, std::size_t segment,
                                                      const std::string& key,
                                                      const std::function<const DocSet&()>& list_docs) {
  std::string cache_key = std::to_string(segment);
  cache_key += '\0';
  cache_key += key;
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = entries_.find(cache_key); found != entries_.end()) {
      recent_.splice(recent_.begin(), recent_, found->second.recent);
      return found->second.counts;
    }
    if (asked_once_.size() >= kMaxAskedOnce) asked_once_.clear();
    if (asked_once_.insert(cache_key).second) return nullptr;  // first request: not counted
    asked_once_.erase(cache_key);
  }
  // Counted outside the lock: two threads may count the same list at once; the second to
  // finish keeps the first one's entry.
  auto counts = std::make_shared<const ListCounts>(count_list(index, segment, list_docs()));
  const std::size_t bytes = counts->bytes() + cache_key.size() * 2 + 64;
  const std::lock_guard lock(mutex_);
  if (const auto found = entries_.find(cache_key); found != entries_.end()) return found->second.counts;
  if (bytes > options_.max_bytes) return counts;  // larger than the whole cache: not kept
  while (bytes_ + bytes > options_.max_bytes && !recent_.empty()) {
    const auto oldest = entries_.find(recent_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    recent_.pop_back();
  }
  recent_.push_front(cache_key);
  entries_.emplace(std::move(cache_key), Entry{counts, recent_.begin(), bytes});
  bytes_ += bytes;
  return counts;
}

std::size_t FacetTermCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t FacetTermCache::entries() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace medsearch::engine
