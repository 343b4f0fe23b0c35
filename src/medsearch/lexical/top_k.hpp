// Ranked retrieval of the k best documents for a bag of weighted query terms, over all
// segments of an index (docs/ranking.md).
//
// top_k() uses block-max MaxScore: MaxScore (Turtle & Flood, "Query evaluation: strategies
// and optimizations", 1995) with the per-block bounds of the skip entries (block-max
// indexes, Ding & Suel, SIGIR 2011) to skip documents, and whole blocks of documents, that
// cannot enter the top k. top_k_exhaustive() scores every matching document
// and is the oracle: both return identical lists (same documents, same float scores),
// which the tests check on randomised corpora and queries.
//
// A document matches when its score is > 0 (it contains a term in the term's field scope)
// and the filter accepts it. Results are ordered by score descending, then DocId ascending.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "medsearch/core/deadline.hpp"
#include "medsearch/core/doc_set.hpp"
#include "medsearch/core/helper_threads.hpp"
#include "medsearch/core/scored_doc.hpp"
#include "medsearch/lexical/dead_documents.hpp"
#include "medsearch/lexical/ranking.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/word_pairs.hpp"

namespace medsearch::lexical {

// One segment of the index: its lexical file and the DocId of its first document.
// `begin`/`end`: the segment's local documents [begin, end) that a split piece covers
// (split_segments); a whole segment otherwise. Only the split paths (top_k's and match's
// parts) ever see a piece; everything else is given whole segments.
struct SegmentView {
  const SegmentIndex* index = nullptr;
  std::uint32_t doc_base = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = std::numeric_limits<std::uint32_t>::max();
  // The pair words whose word-pair keys the segment holds (word_pairs.hpp); null: none.
  const PairWords* pairs = nullptr;
  // The piece's local end, at most the segment's document count.
  std::uint32_t local_end() const { return std::min(end, index->doc_count()); }
};

// A query term: the prose term (already analysed), the fields it may match in, a boost.
struct QueryTerm {
  std::string term;
  std::uint8_t field_scope = 0x0f;
  float boost = 1.0f;
};

// Which DocIds may be returned: not in `excluded` (the dead documents), and in `allowed`
// when one is given (null: every document).
struct DocFilter {
  const DocSet* excluded = nullptr;
  const DocSet* allowed = nullptr;
  bool accepts(DocId doc) const {
    if (excluded != nullptr && excluded->contains(doc)) return false;
    return allowed == nullptr || allowed->contains(doc);
  }
};

// One query's documents searched on several threads (core/helper_threads.hpp; decision
// 0032): with helper threads and at least `min_docs` documents, the segments are cut into
// one part per thread (split_segments), the caller searches the first and offers the others
// to `helpers`; each part has at least `min_part_docs` documents (fewer parts otherwise,
// but two at least), since waking a helper for less costs more than it saves.
struct SegmentSplit {
  HelperThreads* helpers = nullptr;  // null: one thread
  std::uint64_t min_docs = 100'000;  // below it a helper's wake-up costs more than it saves
  std::uint64_t min_part_docs = 50'000;  // 0: one part per thread (helpers + the caller)
};

// The parts of `segments` that one query searches side by side: parts[0] on the caller's
// thread, the others offered to the helpers. The segments are laid end to end in DocId
// order and cut into runs of about equal documents, each in DocId order (part p holds
// lower DocIds than part p + 1); a segment a cut falls in is cut into pieces
// (SegmentView::begin/end), so one large segment (after a merge) is shared as evenly as
// many small ones. One part, the segments as given, when `split` says one thread (no
// helper, or fewer than min_docs documents).
std::vector<std::vector<SegmentView>> split_segments(const std::vector<SegmentView>& segments, const SegmentSplit& split);

struct TopKResult {
  RankedList hits;  // best first (ranks_before)
  std::uint64_t matched = 0;        // documents scored in full (exact for the exhaustive search)
  bool matched_is_exact = false;    // false when pruning skipped documents
  // Documents for which any term's score was computed: the work done, which pruning
  // reduces (the exhaustive search computes every document that holds a query term).
  std::uint64_t evaluated = 0;
};

// Global statistics of the collection formed by `segments` minus the `dead` documents'
// share (null: nothing dead): N counts live documents, each field's average length is over
// the live documents that have the field.
CollectionStats collection_stats(const std::vector<SegmentView>& segments, const DeadDocuments* dead = nullptr);
// A prose term's document frequency among live documents: Σ over segments − dead.
std::uint64_t live_doc_freq(const std::vector<SegmentView>& segments, std::string_view term, const DeadDocuments* dead);

// `dead`: the dead documents' share of the statistics (engine::IndexReader::dead_documents);
// null when nothing is dead. It changes scores only, never which documents are returned:
// the filter still decides that. Past `deadline`, top_k throws Error(DeadlineExceeded)
// (checked per candidate and per skipped window); the deadline never changes a result.
// `split`: see SegmentSplit; the result is the same either way.
TopKResult top_k(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                 const RankingParams& params, std::size_t k, const DocFilter& filter,
                 const DeadDocuments* dead = nullptr, const Deadline& deadline = Deadline(),
                 const SegmentSplit& split = {});
TopKResult top_k_exhaustive(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                            const RankingParams& params, std::size_t k, const DocFilter& filter,
                            const DeadDocuments* dead = nullptr);

}  // namespace medsearch::lexical
