#include "medsearch/engine/search/facet_term_cache.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/lexical/posting_cursor.hpp"

namespace medsearch::engine {

std::string FacetTermCache::entry_key(std::size_t segment, const std::string& key) {
  std::string cache_key = std::to_string(segment);
  cache_key += '\0';
  cache_key += key;
  return cache_key;
}

std::size_t FacetTermCache::entry_bytes(const ListCounts& counts, const std::string& cache_key) {
  return counts.bytes() + cache_key.size() * 2 + 64;
}

std::shared_ptr<const ListCounts> FacetTermCache::get(const IndexReader& index, std::size_t segment,
                                                      const std::string& key,
                                                      const std::function<const DocSet&()>& list_docs) {
  std::string cache_key = entry_key(segment, key);
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
  const std::size_t bytes = entry_bytes(*counts, cache_key);
  const std::lock_guard lock(mutex_);
  if (const auto found = entries_.find(cache_key); found != entries_.end()) return found->second.counts;
  if (bytes > options_.max_bytes) return counts;  // larger than the whole cache: not kept
  while (bytes_ + bytes > options_.max_bytes && !recent_.empty()) {
    const auto oldest = entries_.find(recent_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    recent_.pop_back();
  }
  keep(std::move(cache_key), counts, bytes, true);
  return counts;
}

void FacetTermCache::keep(std::string cache_key, std::shared_ptr<const ListCounts> counts, std::size_t bytes,
                          bool most_recent) {
  const auto place = recent_.insert(most_recent ? recent_.begin() : recent_.end(), cache_key);
  entries_.emplace(std::move(cache_key), Entry{std::move(counts), place, bytes});
  bytes_ += bytes;
}

FacetTermCache::WarmReport FacetTermCache::warm(const IndexReader& index) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  WarmReport report;
  const std::size_t limit = std::min(options_.warm_bytes, options_.max_bytes);
  if (limit == 0) return report;
  const std::vector<lexical::SegmentView>& segments = index.lexical_segments();
  // The cacheable prose lists, by key: their documents over all segments.
  std::vector<std::pair<std::string, std::uint64_t>> terms;
  {
    std::unordered_map<std::string, std::uint64_t> doc_freq;
    for (const lexical::SegmentView& s : segments) {
      for (std::uint32_t rank = 0; rank < s.index->key_count(); ++rank) {
        const std::string_view key = s.index->key_at(rank);
        if (key.empty() || key[0] != static_cast<char>(lexical::KeySpace::Prose)) continue;
        const std::uint32_t documents = s.index->info_at(rank).doc_freq;
        if (caches(documents)) doc_freq[std::string(key)] += documents;
      }
    }
    terms.assign(doc_freq.begin(), doc_freq.end());
  }
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  // Counts and keeps the terms' lists in that order; false when a limit stops it.
  const auto fill = [&] {
    const Deadline unlimited;
    for (const auto& [key, total] : terms) {
      for (std::size_t segment = 0; segment < segments.size(); ++segment) {
        const lexical::SegmentIndex& lists = *segments[segment].index;
        const auto info = lists.find(key);
        if (!info || !caches(info->doc_freq)) continue;
        if (Clock::now() - start >= std::chrono::milliseconds(options_.warm_ms)) return false;
        std::string cache_key = entry_key(segment, key);
        {
          const std::lock_guard lock(mutex_);
          if (entries_.contains(cache_key)) continue;
        }
        const std::uint32_t size = index.segment_columns(segment).size();
        DocSet docs(size);
        DeadlineCheck check(unlimited);
        lexical::add_posting_docs(lists, *info, 0, size, lexical::kAnyMask, 0, docs, check);
        auto counts = std::make_shared<const ListCounts>(count_list(index, segment, docs));
        const std::size_t bytes = entry_bytes(*counts, cache_key);
        const std::lock_guard lock(mutex_);
        if (report.bytes + bytes > limit || bytes_ + bytes > options_.max_bytes) return false;
        if (entries_.contains(cache_key)) continue;  // a request counted it meanwhile
        // Least recent of all: below every entry requests have used and after the longer
        // lists warmed before it, so eviction takes the shortest warmed lists first.
        keep(std::move(cache_key), std::move(counts), bytes, false);
        report.bytes += bytes;
        ++report.lists;
      }
    }
    return true;
  };
  report.stopped_at_limit = !fill();
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return report;
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
