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

std::size_t FacetTermCache::docs_bytes(const DocSet* docs) {
  return docs == nullptr ? 0 : docs->words().size() * sizeof(std::uint64_t);
}

std::shared_ptr<const ListCounts> FacetTermCache::get(const IndexReader& index, std::size_t segment,
                                                      const std::string& key,
                                                      const std::function<const DocSet&()>& list_docs,
                                                      std::shared_ptr<const DocSet>* docs) {
  if (docs != nullptr) docs->reset();
  std::string cache_key = entry_key(segment, key);
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = entries_.find(cache_key); found != entries_.end()) {
      recent_.splice(recent_.begin(), recent_, found->second.recent);
      if (docs != nullptr) *docs = found->second.docs;
      return found->second.counts;
    }
    if (asked_once_.size() >= kMaxAskedOnce) asked_once_.clear();
    if (asked_once_.insert(cache_key).second) return nullptr;  // first request: not counted
    asked_once_.erase(cache_key);
  }
  // Counted outside the lock: two threads may count the same list at once; the second to
  // finish keeps the first one's entry.
  const DocSet& list = list_docs();
  auto counts = std::make_shared<const ListCounts>(count_list(index, segment, list));
  std::shared_ptr<const DocSet> kept_docs;
  if (dense(counts->documents, list.universe())) kept_docs = std::make_shared<const DocSet>(list);
  std::size_t bytes = entry_bytes(*counts, cache_key) + docs_bytes(kept_docs.get());
  const std::lock_guard lock(mutex_);
  if (const auto found = entries_.find(cache_key); found != entries_.end()) return found->second.counts;
  if (!make_room(bytes)) {  // with its documents, larger than the whole cache: the counts alone
    if (!kept_docs) return counts;
    bytes -= docs_bytes(kept_docs.get());
    kept_docs.reset();
    if (!make_room(bytes)) return counts;  // larger than the whole cache: not kept
  }
  keep(std::move(cache_key), counts, std::move(kept_docs), bytes, true);
  return counts;
}

void FacetTermCache::keep_docs(std::size_t segment, const std::string& key, std::uint32_t doc_freq,
                               const DocSet& docs) {
  if (!dense(doc_freq, docs.universe())) return;
  const std::string cache_key = entry_key(segment, key);
  {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(cache_key);
    if (found == entries_.end() || found->second.docs) return;
  }
  auto copy = std::make_shared<const DocSet>(docs);  // copied outside the lock
  const std::size_t extra = docs_bytes(copy.get());
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(cache_key);
  if (found == entries_.end() || found->second.docs || !make_room(extra, &cache_key)) return;
  found->second.docs = std::move(copy);
  found->second.bytes += extra;
  bytes_ += extra;
}

bool FacetTermCache::make_room(std::size_t bytes, const std::string* spared) {
  if (bytes > options_.max_bytes) return false;
  auto victim = recent_.end();
  while (bytes_ + bytes > options_.max_bytes && victim != recent_.begin()) {
    --victim;
    if (spared != nullptr && *victim == *spared) continue;
    const auto entry = entries_.find(*victim);
    bytes_ -= entry->second.bytes;
    entries_.erase(entry);
    victim = recent_.erase(victim);
  }
  return bytes_ + bytes <= options_.max_bytes;
}

void FacetTermCache::keep(std::string cache_key, std::shared_ptr<const ListCounts> counts,
                          std::shared_ptr<const DocSet> docs, std::size_t bytes, bool most_recent) {
  const auto place = recent_.insert(most_recent ? recent_.begin() : recent_.end(), cache_key);
  entries_.emplace(std::move(cache_key), Entry{std::move(counts), place, bytes, std::move(docs)});
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
        keep(std::move(cache_key), std::move(counts), nullptr, bytes, false);
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
