#include "medsearch/encoder/piece_trie.hpp"

namespace medsearch::encoder {
namespace {

constexpr std::uint64_t kFibonacci = 0x9E3779B97F4A7C15ULL;  // 2^64 / golden ratio (Knuth's multiplicative hash)
constexpr unsigned kInitialBits = 10;

}  // namespace

PieceTrie::PieceTrie() : slots_(std::size_t{1} << kInitialBits), piece_{-1}, shift_(64 - kInitialBits) {}

PieceTrie::PieceTrie(const std::vector<std::pair<std::string, std::int32_t>>& pieces) : PieceTrie() {
  for (const auto& [piece, id] : pieces) {
    if (piece.empty()) continue;
    std::uint32_t node = 0;
    for (const char byte : piece) {
      const std::uint32_t next = child(node, static_cast<unsigned char>(byte));
      node = next != 0 ? next : add_child(node, static_cast<unsigned char>(byte));
    }
    if (piece_[node] < 0) ++piece_count_;
    piece_[node] = id;
  }
}

std::uint32_t PieceTrie::child(std::uint32_t node, unsigned char byte) const {
  const std::uint64_t key = edge_key(node, byte);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (key * kFibonacci) >> shift_;; i = (i + 1) & mask) {
    if (slots_[i].edge == key) return slots_[i].child;
    if (slots_[i].edge == kEmpty) return 0;
  }
}

std::uint32_t PieceTrie::add_child(std::uint32_t node, unsigned char byte) {
  const auto created = static_cast<std::uint32_t>(piece_.size());
  piece_.push_back(-1);
  if (2 * piece_.size() > slots_.size()) grow();  // piece_.size() - 1 edges
  const std::uint64_t key = edge_key(node, byte);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = (key * kFibonacci) >> shift_;
  while (slots_[i].edge != kEmpty) i = (i + 1) & mask;
  slots_[i] = Slot{key, created};
  return created;
}

void PieceTrie::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  --shift_;
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.edge == kEmpty) continue;
    std::size_t i = (slot.edge * kFibonacci) >> shift_;
    while (slots_[i].edge != kEmpty) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

PieceTrie::Match PieceTrie::longest_prefix(std::string_view text) const {
  Match best;
  std::uint32_t node = 0;
  for (std::size_t length = 1; length <= text.size(); ++length) {
    node = child(node, static_cast<unsigned char>(text[length - 1]));
    if (node == 0) break;  // no piece starts with text[0, length)
    if (piece_[node] >= 0) best = Match{length, piece_[node]};
  }
  return best;
}

std::int32_t PieceTrie::find(std::string_view piece) const {
  std::uint32_t node = 0;
  for (const char byte : piece) {
    node = child(node, static_cast<unsigned char>(byte));
    if (node == 0) return -1;
  }
  return piece.empty() ? -1 : piece_[node];
}

}  // namespace medsearch::encoder
