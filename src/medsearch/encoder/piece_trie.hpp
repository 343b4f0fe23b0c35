// encoder::PieceTrie: a vocabulary of byte strings (WordPiece pieces) that answers "which
// is the longest piece that starts this text?" in one forward pass over the text, one
// hash probe per byte. It is a byte trie whose edges (parent node, byte) -> child node
// live in one open-addressing hash table. The walk stops at the first byte that leaves
// the trie, so it gives the same answer as the longest-match-first loop of
// google-research/bert tokenization.py (try ever shorter substrings) at a fraction of
// the lookups.
// Immutable after construction; lookups are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medsearch::encoder {

class PieceTrie {
 public:
  struct Match {
    std::size_t length = 0;  // bytes of the text the piece covers; 0 when no piece matches
    std::int32_t id = -1;
  };

  PieceTrie();
  // Ids are >= 0 and pieces non-empty (an empty one is skipped); when a piece appears
  // twice the later id wins.
  explicit PieceTrie(const std::vector<std::pair<std::string, std::int32_t>>& pieces);

  // The longest piece that is a prefix of `text`.
  Match longest_prefix(std::string_view text) const;
  // The id of `piece`, or -1.
  std::int32_t find(std::string_view piece) const;
  std::size_t piece_count() const { return piece_count_; }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  struct Slot {
    std::uint64_t edge = kEmpty;  // parent node << 8 | byte
    std::uint32_t child = 0;      // node reached
  };

  static std::uint64_t edge_key(std::uint32_t node, unsigned char byte) { return std::uint64_t{node} << 8 | byte; }
  // The child of `node` along `byte`, or 0 (the root is never a child).
  std::uint32_t child(std::uint32_t node, unsigned char byte) const;
  std::uint32_t add_child(std::uint32_t node, unsigned char byte);
  void grow();

  std::vector<Slot> slots_;          // power-of-two size, load <= 1/2, linear probing
  std::vector<std::int32_t> piece_;  // per node: the id of the piece ending there, or -1
  unsigned shift_ = 0;               // 64 - log2(slots_.size())
  std::size_t piece_count_ = 0;
};

}  // namespace medsearch::encoder
