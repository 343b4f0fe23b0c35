// Every word of a fixed vocabulary within a given OSA edit distance (edit_distance.hpp) of a
// query word, without comparing the query with every word.
//
// The vocabulary is kept as one sorted array; the words sharing a prefix form a contiguous
// range, so the array is an implicit trie (a node is a range and a depth; its children are
// the runs of equal characters at that depth, found by binary search). A depth-first walk
// carries one row of the edit-distance table per node (Oflazer 1996; the row of a trie node
// is shared by all words below it) and abandons a node when every entry of its row exceeds
// the limit: the row minimum never decreases with depth, so nothing below can come back
// within it. Memory: the words only. Cost: proportional to the trie nodes within the
// distance, a small share of the vocabulary for limits of 1 and 2.
//
// Immutable after construction; within() is const and thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::engine::suggest {

template <typename Char>
class EditDistanceTrie {
 public:
  using String = std::basic_string<Char>;
  using View = std::basic_string_view<Char>;
  struct Match {
    std::uint32_t index = 0;   // into words()
    std::uint32_t distance = 0;
    bool operator==(const Match&) const = default;
  };

  // `words` in any order; duplicates are dropped.
  explicit EditDistanceTrie(std::vector<String> words) : words_(std::move(words)) {
    std::sort(words_.begin(), words_.end());
    words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  }

  const std::vector<String>& words() const { return words_; }  // sorted, unique

  // Index of `word` in words(), or -1.
  std::ptrdiff_t find(View word) const {
    const auto it = std::lower_bound(words_.begin(), words_.end(), word, [](const String& w, View v) { return View(w) < v; });
    return it != words_.end() && View(*it) == word ? it - words_.begin() : -1;
  }

  // Every word w with osa_distance(query, w) <= max_distance, in words() order.
  std::vector<Match> within(View query, std::uint32_t max_distance) const {
    std::vector<Match> out;
    const std::size_t m = query.size();
    Walk walk{query, max_distance, out, {}};
    walk.rows.assign((longest_prefix_depth(m, max_distance) + 2) * (m + 1), 0);
    std::uint32_t* root = walk.row(0);
    for (std::size_t j = 0; j <= m; ++j) root[j] = static_cast<std::uint32_t>(j);
    descend(walk, 0, words_.size(), 0, Char{});
    return out;
  }

 private:
  struct Walk {
    View query;
    std::uint32_t max;
    std::vector<Match>& out;
    std::vector<std::uint32_t> rows;  // row d (prefix length d) at [d * (m+1), (d+1) * (m+1))
    std::uint32_t* row(std::size_t depth) { return rows.data() + depth * (query.size() + 1); }
  };

  // A word longer than |query| + max is out of reach, so rows deeper than that are never
  // needed.
  static std::size_t longest_prefix_depth(std::size_t m, std::uint32_t max) { return m + max; }

  // Words [lo, hi) share their first `depth` characters (the last one `last`); the walk's row
  // `depth` holds the distances of that prefix to each prefix of the query.
  void descend(Walk& walk, std::size_t lo, std::size_t hi, std::size_t depth, Char last) const {
    const std::size_t m = walk.query.size();
    const std::uint32_t* previous = walk.row(depth);
    if (lo < hi && words_[lo].size() == depth) {
      if (previous[m] <= walk.max) walk.out.push_back({static_cast<std::uint32_t>(lo), previous[m]});
      ++lo;
    }
    if (depth + 1 > longest_prefix_depth(m, walk.max)) return;
    const std::uint32_t* before = depth > 0 ? walk.row(depth - 1) : nullptr;
    std::uint32_t* current = walk.row(depth + 1);
    while (lo < hi) {
      const Char c = words_[lo][depth];
      const std::size_t end = static_cast<std::size_t>(
          std::partition_point(words_.begin() + lo, words_.begin() + hi, [&](const String& w) { return w[depth] == c; }) -
          words_.begin());
      current[0] = static_cast<std::uint32_t>(depth + 1);
      std::uint32_t row_min = current[0];
      for (std::size_t j = 1; j <= m; ++j) {
        const std::uint32_t cost = walk.query[j - 1] == c ? 0 : 1;
        std::uint32_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
        if (before != nullptr && j > 1 && walk.query[j - 1] == last && walk.query[j - 2] == c) d = std::min(d, before[j - 2] + 1);
        current[j] = d;
        row_min = std::min(row_min, d);
      }
      if (row_min <= walk.max) descend(walk, lo, end, depth + 1, c);
      lo = end;
    }
  }

  std::vector<String> words_;
};

}  // namespace medsearch::engine::suggest
