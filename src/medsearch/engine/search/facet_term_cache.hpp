// The facet counts of single posting lists, per segment, kept between requests: the facet
// count of a free-text query (every document with any of its terms) adds the cached counts
// of its long lists and reads a facet row only for the documents those counts get wrong
// (in two lists or more, in no cached list, or dead; FacetTally::add_segment_union). A
// list's counts take the time of one count of its documents the first time and a pass over
// its distinct values after that (docs/decisions/0036-facet-profiles-and-list-counts.md).
//
// A list is counted for the cache on its second request (the first is remembered): a list
// asked for only once costs what it cost without the cache. Least recently used entries go
// first once the entries' bytes pass max_bytes. Thread-safe: the facet tasks of one request
// run on several threads. One cache per IndexReader (the Searcher's): entries are per
// segment and do not see deletions, which the counts of a request subtract.
//
// warm() fills part of the cache before the first request (serve calls it at start and on
// each reload, through Searcher::warm_up): the longest lists first, so that a common word's
// first requests do not pay for counting it (decision 0041).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "medsearch/engine/search/facets.hpp"

namespace medsearch::engine {

class FacetTermCache {
 public:
  struct Options {
    // Memory for cached counts (0: no cache; free-text facets then read a row per match).
    std::size_t max_bytes = std::size_t{64} << 20;
    // Lists shorter than this in a segment are not cached: their rows cost little to read,
    // and their counts would crowd out the long lists' (4 posting blocks).
    std::uint32_t min_doc_freq = 512;
    // warm()'s limits: the bytes it may fill (at most max_bytes; the rest is left to the
    // lists requests bring in) and the time it may take (start-up waits for it).
    std::size_t warm_bytes = std::size_t{32} << 20;
    std::uint32_t warm_ms = 5000;
  };

  // What warm() did: lists counted and kept, their bytes, the time taken, and whether it
  // stopped at a limit (bytes or time) before every cacheable list was counted.
  struct WarmReport {
    std::size_t lists = 0;
    std::size_t bytes = 0;
    std::chrono::milliseconds took{0};
    bool stopped_at_limit = false;
  };

  explicit FacetTermCache(Options options) : options_(options) {}

  bool caches(std::uint32_t doc_freq) const { return options_.max_bytes > 0 && doc_freq >= options_.min_doc_freq; }

  // The counts of the posting list `key` of `index`'s segment `segment`: the cached ones;
  // else, when the list was asked for before, count_list over list_docs() (its documents,
  // numbered within the segment), kept; else nullptr, and the list is remembered as asked
  // for. So a list's first request pays nothing for the cache (its caller counts the rows
  // as without one); a list asked for again is counted once more and then served cached.
  // `docs` (may be null) receives the list's documents when the cache holds them (see
  // keep_docs; a dense list counted now keeps them at once), else null.
  std::shared_ptr<const ListCounts> get(const IndexReader& index, std::size_t segment, const std::string& key,
                                        const std::function<const DocSet&()>& list_docs,
                                        std::shared_ptr<const DocSet>* docs = nullptr);

  // A query of several long terms needs their lists' documents (those in two lists are
  // counted again, FacetTally::add_segment_union), and decoding them cost as much as the rest
  // of its facet count. So a dense list's documents (a bit set of the segment, at most
  // kBytesPerDocument bytes a posting: about what its postings take compressed) are kept
  // with its counts, charged to the same bytes and evicted with them. keep_docs keeps a copy
  // of `docs` (the list's documents, decoded by a request) when the list is dense and its
  // counts are cached without them; otherwise it does nothing.
  static constexpr std::size_t kBytesPerDocument = 4;
  static bool dense(std::uint32_t doc_freq, std::uint32_t segment_size) {
    return std::uint64_t{doc_freq} * 8 * kBytesPerDocument >= segment_size;
  }
  void keep_docs(std::size_t segment, const std::string& key, std::uint32_t doc_freq, const DocSet& docs);

  // Counts and keeps the cacheable lists of `index` (prose keys with at least min_doc_freq
  // documents in a segment), terms by their document frequency over all segments, largest
  // first (the lists a request would pay most to count), each term's lists in every segment,
  // until the next list would take the entries' bytes past options.warm_bytes or
  // options.warm_ms has passed. Lists already cached are left as they are; nothing is
  // evicted, and the warmed entries rank below every entry a request has used, the longest
  // most recent among them. Call it before serving (it competes for no lock a request needs
  // for long, but takes a core); `index` must be the one the cache serves.
  WarmReport warm(const IndexReader& index);

  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  // An entry's key: the segment, NUL, the list's key.
  static std::string entry_key(std::size_t segment, const std::string& key);
  // The bytes an entry is charged: for its counts and key, and for its documents (0: none).
  static std::size_t entry_bytes(const ListCounts& counts, const std::string& cache_key);
  static std::size_t docs_bytes(const DocSet* docs);
  // Keeps a new entry (the caller holds mutex_ and has made room): the most recently used
  // one, or the least.
  void keep(std::string cache_key, std::shared_ptr<const ListCounts> counts, std::shared_ptr<const DocSet> docs,
            std::size_t bytes, bool most_recent);

  // Evicts the least recently used entries other than `spared` until `bytes` more fit
  // (the caller holds mutex_); false when they cannot.
  bool make_room(std::size_t bytes, const std::string* spared = nullptr);

  struct Entry {
    std::shared_ptr<const ListCounts> counts;
    std::list<std::string>::iterator recent;  // its place in recent_
    std::size_t bytes = 0;
    std::shared_ptr<const DocSet> docs;  // a dense list's documents (keep_docs), or null
  };

  const Options options_;
  mutable std::mutex mutex_;
  std::list<std::string> recent_;  // keys, most recently used first
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  // Lists asked for once and not cached (cleared when it reaches kMaxAskedOnce keys).
  static constexpr std::size_t kMaxAskedOnce = 1 << 16;
  std::unordered_set<std::string> asked_once_;
};

}  // namespace medsearch::engine
