// core::DocSet: a set of DocIds as a bitmap (bit d of word d/64 set = DocId d in the set),
// the one document-set type of the engine: what a Boolean query or a filter matches
// (lexical::match), the documents a search may return (lexical top-k, vector search),
// the dead documents of an index. Ids at or past universe() are never in the set.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "medsearch/core/ids.hpp"

namespace medsearch {

// The set bits of words[0, n), and of (a[i] & b[i]) over i < n. Out of line
// (doc_set.cpp) so that it can use the CPU's POPCNT instruction where there is one:
// Debian's baseline x86-64 lacks it, and std::popcount compiles to a libgcc call per word.
std::uint64_t count_bits(const std::uint64_t* words, std::size_t n);
std::uint64_t count_common_bits(const std::uint64_t* a, const std::uint64_t* b, std::size_t n);

class DocSet {
 public:
  DocSet() = default;
  // The empty set over DocIds 0..universe-1.
  explicit DocSet(std::uint32_t universe) : words_((std::size_t(universe) + 63) / 64, 0), universe_(universe) {}
  // Adopts bitmap words (bit d of word d/64); bits at or past `universe` are cleared.
  DocSet(std::vector<std::uint64_t> words, std::uint32_t universe) : words_(std::move(words)), universe_(universe) {
    words_.resize((std::size_t(universe) + 63) / 64, 0);
    if (universe % 64 != 0 && !words_.empty()) words_.back() &= (std::uint64_t{1} << (universe % 64)) - 1;
  }

  std::uint32_t universe() const { return universe_; }
  bool contains(DocId doc) const {
    const std::size_t w = doc.value >> 6;
    return w < words_.size() && ((words_[w] >> (doc.value & 63)) & 1) != 0;
  }
  void insert(DocId doc) { words_[doc.value >> 6] |= std::uint64_t{1} << (doc.value & 63); }
  // Inserts DocIds begin..end-1 (clipped to the universe), a word at a time.
  void insert_range(std::uint32_t begin, std::uint32_t end) {
    end = end < universe_ ? end : universe_;
    while (begin < end) {
      const std::uint32_t bit = begin & 63;
      const std::uint32_t take = end - begin < 64 - bit ? end - begin : 64 - bit;
      const std::uint64_t ones = take == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << take) - 1);
      words_[begin >> 6] |= ones << bit;
      begin += take;
    }
  }
  bool empty() const {
    for (std::uint64_t w : words_) {
      if (w != 0) return false;
    }
    return true;
  }
  std::uint64_t count() const { return count_bits(words_.data(), words_.size()); }
  // |this ∩ other|, without building the intersection.
  std::uint64_t count_common(const DocSet& other) const {
    return count_common_bits(words_.data(), other.words_.data(), std::min(words_.size(), other.words_.size()));
  }
  // The smallest member >= `from`, or universe() when there is none.
  std::uint32_t next_from(std::uint32_t from) const {
    if (from >= universe_) return universe_;
    std::size_t w = from >> 6;
    std::uint64_t bits = words_[w] & (~std::uint64_t{0} << (from & 63));
    while (bits == 0) {
      if (++w == words_.size()) return universe_;
      bits = words_[w];
    }
    return static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
  }
  // In place: this ∩ other, this ∪ other, this − other (other may be of another universe;
  // ids it does not cover count as absent).
  DocSet& intersect(const DocSet& other) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] &= w < other.words_.size() ? other.words_[w] : 0;
    return *this;
  }
  DocSet& unite(const DocSet& other) {
    for (std::size_t w = 0; w < words_.size() && w < other.words_.size(); ++w) words_[w] |= other.words_[w];
    return *this;
  }
  DocSet& subtract(const DocSet& other) {
    for (std::size_t w = 0; w < words_.size() && w < other.words_.size(); ++w) words_[w] &= ~other.words_[w];
    return *this;
  }
  // Calls fn(DocId) for every member in increasing order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        fn(DocId(static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits))));
      }
    }
  }
  // The members in [begin, end): how many, and fn(DocId) for each in increasing order.
  std::uint64_t count_in(std::uint32_t begin, std::uint32_t end) const {
    if (end > universe_) end = universe_;
    if (begin >= end) return 0;
    // The whole words inside the range through count_bits (POPCNT where the CPU has it), the
    // partial words at either end one by one.
    const std::size_t first_whole = (std::size_t(begin) + 63) / 64;
    const std::size_t end_whole = end / 64;
    if (first_whole >= end_whole) {
      std::uint64_t n = 0;
      for_each_word_in(begin, end,
                       [&](std::size_t, std::uint64_t bits) { n += static_cast<std::uint64_t>(std::popcount(bits)); });
      return n;
    }
    std::uint64_t n = count_bits(words_.data() + first_whole, end_whole - first_whole);
    if (begin % 64 != 0)
      n += static_cast<std::uint64_t>(std::popcount(words_[begin / 64] & (~std::uint64_t{0} << (begin % 64))));
    if (end % 64 != 0)
      n += static_cast<std::uint64_t>(std::popcount(words_[end_whole] & ((std::uint64_t{1} << (end % 64)) - 1)));
    return n;
  }
  // Whether some member is in [begin, end); stops at the first word with one.
  bool any_in(std::uint32_t begin, std::uint32_t end) const {
    bool any = false;
    const auto note = [&](std::size_t, std::uint64_t bits) { any = bits != 0; };
    for_each_word_in(begin, end, note, &any);
    return any;
  }
  template <typename Fn>
  void for_each_in(std::uint32_t begin, std::uint32_t end, Fn&& fn) const {
    for_each_word_in(begin, end, [&](std::size_t w, std::uint64_t bits) {
      for (; bits != 0; bits &= bits - 1) fn(DocId(static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits))));
    });
  }
  const std::vector<std::uint64_t>& words() const { return words_; }
  bool operator==(const DocSet&) const = default;

 private:
  // fn(w, bits of word w within [begin, end)) for each word that range touches, in order;
  // stops early once *stop (when given) is true.
  template <typename Fn>
  void for_each_word_in(std::uint32_t begin, std::uint32_t end, Fn&& fn, const bool* stop = nullptr) const {
    if (end > universe_) end = universe_;
    for (std::size_t w = begin / 64; begin < end && w * 64 < end && (stop == nullptr || !*stop); ++w) {
      std::uint64_t bits = words_[w];
      if (w == begin / 64) bits &= ~std::uint64_t{0} << (begin % 64);
      if ((w + 1) * 64 > end) bits &= (std::uint64_t{1} << (end - w * 64)) - 1;
      fn(w, bits);
    }
  }

  std::vector<std::uint64_t> words_;
  std::uint32_t universe_ = 0;
};

}  // namespace medsearch
