// Boolean evaluation of a match tree over all segments: the set of DocIds a query's
// Boolean structure accepts (PubMed semantics), as a DocSet. Dead documents are not
// removed here; the caller's filter does that.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/core/deadline.hpp"
#include "medsearch/core/doc_set.hpp"
#include "medsearch/lexical/top_k.hpp"

namespace medsearch::lexical {

struct MatchNode {
  enum class Kind : std::uint8_t {
    Keys,     // documents having any of `keys` (full lexicon keys); prose keys only count
              // where the term occurs in a field of `scope`
    Phrase,   // prose terms at relative positions, inside one field of `scope`
    Docs,     // exactly `docs` (e.g. a [pmid] lookup)
    And,      // all children
    Or,       // any child
    Not,      // children[0] and not children[1]
    All,      // every document
  };
  Kind kind = Kind::Keys;
  std::vector<std::string> keys;
  std::uint8_t scope = 0x0f;
  // Phrase: slots in order; each slot is a relative position and its alternative terms
  // (prose terms without the space byte; several share a position: "il6" / "il").
  struct Slot {
    std::uint32_t offset = 0;
    std::vector<std::string> terms;
  };
  std::vector<Slot> slots;
  std::vector<DocId> docs;
  std::vector<MatchNode> children;
};

// Evaluates `node` over the segments; the set's universe is DocIds 0..doc_count-1.
// Throws Error(DeadlineExceeded) once `deadline` has passed (checked per posting read).
// `split`: with helper threads, the segments are cut into parts of DocIds, one per thread
// (split_segments; a segment may be cut into pieces) and the tree is evaluated over each
// part on its own thread; each part's set is kept only over its own pieces' DocIds, where
// it is exact (a document's membership depends on its own segment's postings and on the
// segment-free All/Docs leaves only), and the sets are joined. The result is the same
// either way; the pieces' bounds only spare each part the others' postings.
DocSet match(const std::vector<SegmentView>& segments, const MatchNode& node, std::uint32_t doc_count,
             const Deadline& deadline = Deadline(), const SegmentSplit& split = {});

}  // namespace medsearch::lexical
