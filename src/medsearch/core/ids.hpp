// Distinct integer types for the engine's id spaces, so a DocId cannot be passed where a
// TermId is expected. External document ids (the PMID, a BEIR "_id") are strings and
// appear only at the edges; see engine::Indexer.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace medsearch {

template <typename Tag, typename Rep>
struct StrongId {
  Rep value{};
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep v) : value(v) {}
  constexpr auto operator<=>(const StrongId&) const = default;
};

struct DocIdTag {};
struct TermIdTag {};

// Dense document number inside one index: 0..N-1 in the order documents were added.
// A replaced or deleted document keeps its DocId (marked dead); new versions get new ones.
using DocId = StrongId<DocIdTag, std::uint32_t>;
using TermId = StrongId<TermIdTag, std::uint32_t>;
// PubMed's numeric identifier. Stored as a string id in the index (see Article::id).
using Pmid = std::uint64_t;

}  // namespace medsearch

template <typename Tag, typename Rep>
struct std::hash<medsearch::StrongId<Tag, Rep>> {
  std::size_t operator()(const medsearch::StrongId<Tag, Rep>& id) const noexcept {
    return std::hash<Rep>{}(id.value);
  }
};
