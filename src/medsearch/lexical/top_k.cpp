#include "medsearch/lexical/top_k.hpp"

#include <algorithm>
#include <bit>
#include <iterator>
#include <memory>
#include <numeric>
#include <optional>
#include <queue>
#include <utility>

#include "medsearch/lexical/posting_cursor.hpp"

namespace medsearch::lexical {
namespace {

// Heap order: the worst hit on top (ranks_before as less-than).
struct WorseFirst {
  bool operator()(const ScoredDoc& a, const ScoredDoc& b) const { return ranks_before(a, b); }
};

class Collector {
 public:
  explicit Collector(std::size_t k) : k_(k) {}
  bool full() const { return k_ > 0 && heap_.size() == k_; }
  // Scores at or below this cannot enter (later documents lose ties: larger DocIds).
  float threshold() const { return full() ? heap_.top().score : 0.0f; }
  // A document's score is being computed, in part or in full (TopKResult::evaluated).
  void note_evaluated() { ++evaluated_; }
  void offer(ScoredDoc hit) {
    ++matched_;
    if (k_ == 0) return;
    if (!full()) {
      heap_.push(hit);
    } else if (WorseFirst{}(hit, heap_.top())) {
      heap_.pop();
      heap_.push(hit);
    }
  }
  TopKResult finish(bool exact) {
    TopKResult result;
    result.matched = matched_;
    result.matched_is_exact = exact;
    result.evaluated = evaluated_;
    while (!heap_.empty()) {
      result.hits.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(result.hits.begin(), result.hits.end());
    return result;
  }

 private:
  std::size_t k_;
  std::priority_queue<ScoredDoc, std::vector<ScoredDoc>, WorseFirst> heap_;
  std::uint64_t matched_ = 0;
  std::uint64_t evaluated_ = 0;
};

// The cursors of one segment for the query's terms, in query-term order.
struct SegmentTerms {
  std::vector<std::unique_ptr<PostingCursor>> cursors;  // null where the segment lacks the term
};

std::vector<TermScorer> make_scorers(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                                     const RankingParams& params, const DeadDocuments* dead) {
  const CollectionStats stats = collection_stats(segments, dead);
  std::vector<TermScorer> scorers;
  for (const QueryTerm& term : terms) {
    scorers.emplace_back(params, stats, live_doc_freq(segments, term.term, dead), term.field_scope, term.boost);
  }
  return scorers;
}

// Opening a cursor decodes its first block (up to kBlockDocs postings): `check` counts
// that work, which for a query of hundreds of terms (expanded truncations) comes before
// the first candidate.
SegmentTerms open_cursors(const SegmentView& segment, const std::vector<QueryTerm>& terms, DeadlineCheck* check) {
  SegmentTerms out;
  for (const QueryTerm& term : terms) {
    auto info = segment.index->find(make_key(KeySpace::Prose, term.term));
    out.cursors.push_back(info ? std::make_unique<PostingCursor>(*segment.index, *info) : nullptr);
    if (check != nullptr) check->tick(kBlockDocs);
  }
  return out;
}

// The score of `local` from every cursor positioned on it, summed in query-term order:
// the one canonical order both searches use, so their floats agree exactly.
float canonical_score(const SegmentView& segment, const SegmentTerms& st, const std::vector<TermScorer>& scorers,
                      std::uint32_t local) {
  std::array<std::uint32_t, kTextFieldCount> lengths{};
  for (std::size_t f = 0; f < kTextFieldCount; ++f) lengths[f] = segment.index->field_length(local, f);
  float score = 0;
  for (std::size_t t = 0; t < st.cursors.size(); ++t) {
    const PostingCursor* c = st.cursors[t].get();
    if (c == nullptr || c->doc() != local) continue;
    std::array<std::uint32_t, kTextFieldCount> tf{};
    for (std::size_t f = 0; f < kTextFieldCount; ++f) tf[f] = c->tf(f);
    score += scorers[t].score(tf, lengths);
  }
  return score;
}

float single_score(const SegmentView& segment, const PostingCursor& c, const TermScorer& scorer) {
  std::array<std::uint32_t, kTextFieldCount> lengths{}, tf{};
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    lengths[f] = segment.index->field_length(c.doc(), f);
    tf[f] = c.tf(f);
  }
  return scorer.score(tf, lengths);
}

}  // namespace

CollectionStats collection_stats(const std::vector<SegmentView>& segments, const DeadDocuments* dead) {
  CollectionStats stats;
  std::array<double, kTextFieldCount> sums{}, with_field{};
  for (const SegmentView& s : segments) {
    stats.doc_count += s.index->doc_count();
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      sums[f] += static_cast<double>(s.index->length_sums()[f]);
      with_field[f] += static_cast<double>(s.index->field_doc_counts()[f]);
    }
  }
  if (dead != nullptr) {
    stats.doc_count = std::max(0.0, stats.doc_count - static_cast<double>(dead->docs));
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      sums[f] = std::max(0.0, sums[f] - static_cast<double>(dead->length_sums[f]));
      with_field[f] = std::max(0.0, with_field[f] - static_cast<double>(dead->field_docs[f]));
    }
  }
  // Lucene BM25Similarity.avgFieldLength: sumTotalTermFreq / docCount, docCount being the
  // documents that have the field.
  for (std::size_t f = 0; f < kTextFieldCount; ++f) stats.avg_length[f] = with_field[f] > 0 ? sums[f] / with_field[f] : 0;
  return stats;
}

std::uint64_t live_doc_freq(const std::vector<SegmentView>& segments, std::string_view term, const DeadDocuments* dead) {
  const std::string key = make_key(KeySpace::Prose, term);
  std::uint64_t df = 0;
  for (const SegmentView& s : segments) {
    if (auto info = s.index->find(key)) df += info->doc_freq;
  }
  const std::uint64_t gone = dead != nullptr ? dead->dead_doc_freq(key) : 0;
  return df > gone ? df - gone : 0;
}

TopKResult top_k_exhaustive(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                            const RankingParams& params, std::size_t k, const DocFilter& filter, const DeadDocuments* dead) {
  const std::vector<TermScorer> scorers = make_scorers(segments, terms, params, dead);
  Collector collector(k);
  for (const SegmentView& segment : segments) {
    SegmentTerms st = open_cursors(segment, terms, nullptr);
    for (;;) {
      std::uint32_t local = kEndDoc;
      for (const auto& c : st.cursors) {
        if (c) local = std::min(local, c->doc());
      }
      if (local == kEndDoc) break;
      collector.note_evaluated();
      const float score = canonical_score(segment, st, scorers, local);
      if (score > 0 && filter.accepts(DocId(segment.doc_base + local))) collector.offer({DocId(segment.doc_base + local), score});
      for (const auto& c : st.cursors) {
        if (c && c->doc() == local) c->next();
      }
    }
  }
  return collector.finish(true);
}

namespace {

// Pruning compares an estimate (a sum of term scores and score bounds, in double, in an
// order of our choosing) with the threshold (a float score summed in canonical order).
// Two float summation orders of n non-negative terms differ by less than about n·2^-24
// relative, so a document whose estimate falls short by less than (n + 1)·2^-23 relative
// is scored in full rather than skipped: pruning errs only on the side of more work. (The
// bounds of ranking.cpp carry their own slack against the rounding of a single term.)
bool may_enter(double estimate, float threshold, std::size_t term_count) {
  return estimate * (1.0 + static_cast<double>(term_count + 1) * 0x1p-23) > threshold;
}

// One query term's posting list in a segment with its score bounds: the list-wide bound
// (the largest block bound: MaxScore's) and the bound of the block holding a document
// (block-max), read from skip entries through the cursor's shallow pointer, one per block.
class BoundedList {
 public:
  // The postings of the list in [first, last_doc] all lie in one block and score at most
  // `bound` (past the list's end: last_doc kEndDoc, bound 0).
  struct Block {
    std::uint32_t last_doc = 0;
    float bound = 0;
  };

  // `segment`: the list's segment, whose reference normalisation scales the blocks' exact
  // maxima (TermScorer::reference_factor).
  BoundedList(PostingCursor& cursor, const TermScorer& scorer, const SegmentIndex& segment)
      : cursor_(&cursor), scorer_(&scorer), reference_factor_(scorer.reference_factor(segment.reference_norm())) {}
  PostingCursor& cursor() const { return *cursor_; }
  // Reads every skip entry of the list on the first call (the candidates of
  // top_k_over_allowed never need it).
  float list_bound() const {
    if (!list_bound_) {
      float bound = 0;
      for (std::uint32_t b = 0; b < cursor_->block_count(); ++b) {
        bound = std::max(bound, scorer_->block_bound(cursor_->skip(b), reference_factor_));
      }
      list_bound_ = bound;
    }
    return *list_bound_;
  }
  // The term's score for the document the cursor is on.
  float score(const SegmentView& segment) const { return single_score(segment, *cursor_, *scorer_); }

  // The block that holds (or would hold) `local`, without decoding it. `local` must not
  // decrease between calls. For a cursor on or past `local` (the essential lists) this is
  // the cursor's decoded block, since a block ending in [local, doc()) would hold a
  // posting in that range.
  const Block& block_at(std::uint32_t local) {
    if (has_block_ && local <= block_.last_doc) return block_;
    const std::uint32_t b = cursor_->shallow_advance(local);
    if (b < cursor_->block_count()) {
      const BlockSkip skip = cursor_->skip(b);
      block_ = {skip.last_doc, scorer_->block_bound(skip, reference_factor_)};
    } else {
      block_ = {kEndDoc, 0};
    }
    has_block_ = true;
    return block_;
  }

 private:
  PostingCursor* cursor_;
  const TermScorer* scorer_;
  double reference_factor_;
  mutable std::optional<float> list_bound_;
  bool has_block_ = false;
  Block block_;
};

// How many postings ahead of the candidate a search asks for the field lengths it will read
// (SegmentIndex::prefetch_lengths). A length is a cache miss (~100 ns and more on a VM) and
// a candidate costs tens of ns (advance, bounds, often no scoring), so the next posting's
// load cannot finish in time; a prefetch distance of latency over work per item covers it.
// Measured on the 1M mix (docs/performance.md, session 21): 1 → 4 → 8 ahead made the mean
// 6% and then 2% faster, 16 no faster than 8.
constexpr std::uint32_t kPrefetchAhead = 8;

// When the filter allows few documents (a phrase, a Boolean query), scoring just those,
// each by advancing the term cursors to it, beats walking the terms' postings.
bool sparse_candidates(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                       const DocFilter& filter) {
  if (filter.allowed == nullptr) return false;
  const std::uint64_t allowed = filter.allowed->count();
  std::uint64_t postings = 0;
  for (const SegmentView& s : segments) {
    for (const QueryTerm& term : terms) {
      if (auto info = s.index->find(make_key(KeySpace::Prose, term.term))) postings += info->doc_freq;
    }
  }
  return allowed * 8 < postings;
}

// The allowed documents as the candidates, in DocId order from the bitmap, with the
// window rule of block-max MaxScore below (the filter playing the one essential list):
// where every list stays within one block, the window is passed over whole, without
// decoding a block, when the sum of those blocks' bounds cannot beat the threshold. A
// candidate in a window that may hold a hit advances every cursor to it and is scored in
// canonical order. TopKResult::matched counts the documents scored, not all allowed ones.
TopKResult top_k_over_allowed(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                              const std::vector<TermScorer>& scorers, std::size_t k, const DocFilter& filter,
                              DeadlineCheck& check) {
  Collector collector(k);
  const DocSet& allowed = *filter.allowed;
  for (const SegmentView& segment : segments) {
    SegmentTerms st = open_cursors(segment, terms, &check);
    std::vector<BoundedList> lists;
    for (std::size_t t = 0; t < st.cursors.size(); ++t) {
      if (st.cursors[t]) lists.emplace_back(*st.cursors[t], scorers[t], *segment.index);
    }
    if (lists.empty()) continue;  // no document of the segment has a term: none scores
    const std::uint64_t base = segment.doc_base;
    const std::uint64_t end = base + segment.local_end();
    std::uint64_t window_end = 0;  // window_bound holds for the documents below it
    double window_bound = 0;
    for (std::uint64_t doc = allowed.next_from(static_cast<std::uint32_t>(base + segment.begin)); doc < end;) {
      check.tick(static_cast<std::uint32_t>(lists.size()));  // bounds read, cursors advanced per list
      const auto local = static_cast<std::uint32_t>(doc - base);
      if (local >= window_end) {
        std::uint32_t boundary = kEndDoc;
        window_bound = 0;
        for (BoundedList& list : lists) {
          const BoundedList::Block& block = list.block_at(local);
          window_bound += block.bound;
          boundary = std::min(boundary, block.last_doc);
        }
        window_end = std::uint64_t{boundary} + 1;
      }
      std::uint64_t next = doc + 1;
      std::optional<std::uint64_t> upcoming;  // the allowed document after doc, when already found
      if (!may_enter(window_bound, collector.threshold(), lists.size())) {
        next = base + window_end;  // no document of the window can enter: past it, undecoded
      } else if (filter.accepts(DocId(static_cast<std::uint32_t>(doc)))) {
        // The next candidate's lengths load while this one is scored.
        upcoming = next < end ? allowed.next_from(static_cast<std::uint32_t>(next)) : end;
        if (*upcoming < end) segment.index->prefetch_lengths(static_cast<std::uint32_t>(*upcoming - base));
        for (const BoundedList& list : lists) list.cursor().advance(local);
        collector.note_evaluated();
        const float score = canonical_score(segment, st, scorers, local);
        if (score > 0) collector.offer({DocId(static_cast<std::uint32_t>(doc)), score});
      }
      if (next >= end) break;
      doc = upcoming ? *upcoming : allowed.next_from(static_cast<std::uint32_t>(next));
    }
  }
  return collector.finish(false);
}

// Block-max MaxScore over one segment's postings: MaxScore (Turtle & Flood 1995) splits
// the lists, by list-wide bound, into essential lists, whose documents are the candidates,
// and non-essential ones, which together cannot lift a document over the threshold and
// are only probed; the per-block bounds of the skip entries (block-max indexes, Ding &
// Suel, SIGIR 2011) then prune further, as in block-max MaxScore (Dimopoulos, Nepomnyachiy
// & Suel, WSDM 2013; compared with other safe methods by Mallia, Siedlaczek & Suel,
// ECIR 2019):
//   - a window [candidate, boundary] in which every list stays within one block is
//     skipped whole when the sum of those blocks' bounds cannot beat the threshold;
//   - a candidate is dropped when its essential scores plus the non-essential lists'
//     block bounds cannot beat it, before any non-essential block is decoded;
//   - the non-essential lists are then scored one at a time, largest bound first, while
//     the candidate can still enter.
// A candidate that survives is scored with canonical_score, so scores are bit-identical
// to top_k_exhaustive's; every pruning test is conservative (may_enter).
class BlockMaxMaxScore {
 public:
  BlockMaxMaxScore(const SegmentView& segment, SegmentTerms& st, const std::vector<TermScorer>& scorers,
                   const DocFilter& filter, Collector& collector, DeadlineCheck& check)
      : segment_(segment), st_(st), scorers_(scorers), filter_(filter), collector_(collector), check_(check) {
    for (std::size_t t = 0; t < st.cursors.size(); ++t) {
      if (!st.cursors[t]) continue;
      if (segment.begin > 0) st.cursors[t]->advance(segment.begin);  // a piece: its first document
      lists_.emplace_back(*st.cursors[t], scorers[t], *segment.index);
    }
    std::sort(lists_.begin(), lists_.end(),
              [](const BoundedList& a, const BoundedList& b) { return a.list_bound() < b.list_bound(); });
    list_prefix_.assign(lists_.size() + 1, 0);
    for (std::size_t i = 0; i < lists_.size(); ++i) list_prefix_[i + 1] = list_prefix_[i] + lists_[i].list_bound();
    block_prefix_.assign(lists_.size() + 1, 0);
  }

  void run() {
    const auto list_count = static_cast<std::uint32_t>(lists_.size());
    for (;;) {
      check_.tick(list_count);  // a candidate's work (finding, advancing, scoring) grows with the lists
      const float threshold = collector_.threshold();
      while (essential_ < lists_.size() && !may_enter(list_prefix_[essential_ + 1], threshold, lists_.size())) {
        ++essential_;
      }
      if (essential_ == lists_.size()) return;  // even all lists together cannot beat the threshold
      const std::uint32_t candidate = next_candidate();
      if (candidate == kEndDoc || candidate >= end_) return;  // end_: the piece's end
      if (candidate >= window_end_) window_end_ = bound_blocks(candidate) + 1;
      if (!may_enter(block_prefix_.back(), threshold, lists_.size())) {
        advance_essential(skip_windows(threshold));
        continue;
      }
      // The essential lists on the candidate move on to their coming documents, the coming
      // candidates: the lengths of the one kPrefetchAhead postings on load meanwhile.
      for (std::size_t i = essential_; i < lists_.size(); ++i) {
        const PostingCursor& cursor = lists_[i].cursor();
        if (cursor.doc() != candidate) continue;
        const std::uint32_t coming = cursor.peek_ahead(kPrefetchAhead);
        if (coming != kEndDoc) segment_.index->prefetch_lengths(coming);
      }
      std::uint32_t next = candidate + 1;
      if (filter_.accepts(DocId(segment_.doc_base + candidate))) next = try_candidate(candidate, threshold);
      advance_essential(next);
    }
  }

 private:
  // The smallest document of the essential lists (kEndDoc when they are exhausted).
  std::uint32_t next_candidate() const {
    std::uint32_t local = kEndDoc;
    for (std::size_t i = essential_; i < lists_.size(); ++i) local = std::min(local, lists_[i].cursor().doc());
    return local;
  }

  // Fills block_prefix_ (block_prefix_[i] = sum of the block bounds at `candidate` of
  // lists [0, i)) and returns the last document up to which all those blocks hold, so
  // block_prefix_ stays valid for the candidates up to it.
  std::uint32_t bound_blocks(std::uint32_t candidate) {
    std::uint32_t boundary = kEndDoc;
    for (std::size_t i = 0; i < lists_.size(); ++i) {
      const BoundedList::Block& block = lists_[i].block_at(candidate);
      block_prefix_[i + 1] = block_prefix_[i] + block.bound;
      boundary = std::min(boundary, block.last_doc);
    }
    return boundary;
  }

  // From window_end_ on, passes over the windows whose block bounds together cannot beat
  // the threshold, reading skip entries only (no block is decoded), and returns the first
  // document of the first window that may hold a hit; block_prefix_ and window_end_ then
  // describe that window. Returns kEndDoc when the essential lists end first.
  std::uint32_t skip_windows(float threshold) {
    std::uint32_t target = window_end_;
    for (;;) {
      check_.tick(static_cast<std::uint32_t>(lists_.size()));  // a window reads a skip entry per list
      const std::uint32_t boundary = bound_blocks(target);
      bool essential_left = false;  // block_at is cached: no skip entry is read twice
      for (std::size_t i = essential_; i < lists_.size(); ++i) essential_left |= lists_[i].block_at(target).last_doc != kEndDoc;
      if (!essential_left || target >= end_) return kEndDoc;  // no candidate can come
      window_end_ = boundary + 1;
      if (may_enter(block_prefix_.back(), threshold, lists_.size())) return target;
      target = window_end_;
    }
  }

  void advance_essential(std::uint32_t target) {
    for (std::size_t i = essential_; i < lists_.size(); ++i) lists_[i].cursor().advance(target);
  }

  // The bound of list i's block in the current window (see bound_blocks).
  double block_bound(std::size_t i) const { return block_prefix_[i + 1] - block_prefix_[i]; }

  // Scores `candidate` in full and offers it unless its bounds show it cannot enter, and
  // returns the next document that may be a candidate. Requires bound_blocks(candidate) to
  // have filled block_prefix_.
  //
  // Before any score is computed, the candidate's block bound (the blocks of the essential
  // lists on it and of every non-essential list) is tested, and a non-essential list
  // without which the others' block bounds cannot beat the threshold is *required*: it is
  // advanced first, and where it lacks the candidate the candidate is dropped unscored.
  // Where the list is required whatever essential lists a document has (all block bounds
  // but its own cannot beat the threshold), the documents before its next one cannot enter
  // either, so the essential lists jump there, within the window where these block bounds
  // hold: a conjunction found by leapfrogging (two common words whose top documents hold
  // both).
  std::uint32_t try_candidate(std::uint32_t candidate, float threshold) {
    const std::size_t n = lists_.size();
    double bound = block_prefix_[essential_];  // the non-essential lists' blocks
    for (std::size_t i = essential_; i < n; ++i) {
      if (lists_[i].cursor().doc() == candidate) bound += block_bound(i);
    }
    if (!may_enter(bound, threshold, n)) return candidate + 1;
    for (std::size_t i = essential_; i-- > 0;) {
      if (may_enter(bound - block_bound(i), threshold, n)) continue;  // not required
      PostingCursor& cursor = lists_[i].cursor();
      cursor.advance(candidate);
      if (cursor.doc() == candidate) continue;
      // Required in the whole window (whichever essential lists a document there has): the
      // documents before the list's next one cannot enter either.
      const bool window_requires = !may_enter(block_prefix_.back() - block_bound(i), threshold, n);
      return window_requires ? std::max(candidate + 1, std::min(cursor.doc(), window_end_)) : candidate + 1;
    }
    collector_.note_evaluated();
    double known = 0;  // the scores found so far
    for (std::size_t i = essential_; i < n; ++i) {
      if (lists_[i].cursor().doc() == candidate) known += lists_[i].score(segment_);
    }
    for (std::size_t i = essential_; i-- > 0;) {
      if (!may_enter(known + block_prefix_[i + 1], threshold, n)) return candidate + 1;
      PostingCursor& cursor = lists_[i].cursor();
      cursor.advance(candidate);
      if (cursor.doc() == candidate) known += lists_[i].score(segment_);
    }
    if (!may_enter(known, threshold, n)) return candidate + 1;
    const float score = canonical_score(segment_, st_, scorers_, candidate);
    if (score > 0) collector_.offer({DocId(segment_.doc_base + candidate), score});
    return candidate + 1;
  }

  const SegmentView& segment_;
  SegmentTerms& st_;
  const std::vector<TermScorer>& scorers_;
  const DocFilter& filter_;
  Collector& collector_;
  DeadlineCheck& check_;
  std::vector<BoundedList> lists_;   // ascending list bound
  std::vector<double> list_prefix_;  // list_prefix_[i] = sum of the list bounds of lists_[0, i)
  std::vector<double> block_prefix_;  // see bound_blocks()
  std::uint32_t window_end_ = 0;      // block_prefix_ holds for candidates below this
  const std::uint32_t end_ = segment_.local_end();  // candidates stop here (a piece's end)
  std::size_t essential_ = 0;  // lists_[essential_, n) are essential
};

// The k best of two top_k results over disjoint documents, in ranks_before order.
TopKResult merge_top_k(TopKResult a, TopKResult b, std::size_t k) {
  TopKResult out;
  out.matched = a.matched + b.matched;
  out.matched_is_exact = a.matched_is_exact && b.matched_is_exact;
  out.evaluated = a.evaluated + b.evaluated;
  out.hits.reserve(a.hits.size() + b.hits.size());
  std::merge(a.hits.begin(), a.hits.end(), b.hits.begin(), b.hits.end(), std::back_inserter(out.hits), ranks_before);
  if (out.hits.size() > k) out.hits.resize(k);
  return out;
}

}  // namespace

std::vector<std::vector<SegmentView>> split_segments(const std::vector<SegmentView>& segments,
                                                     const SegmentSplit& split) {
  std::uint64_t total = 0;
  for (const SegmentView& s : segments) total += s.local_end() - std::min(s.begin, s.local_end());
  std::uint64_t parts = 1;
  if (split.helpers != nullptr && split.helpers->threads() > 0 && total >= split.min_docs && total >= 2) {
    parts = split.helpers->threads() + 1;
    if (split.min_part_docs > 0) parts = std::min(parts, std::max<std::uint64_t>(2, total / split.min_part_docs));
    parts = std::min(parts, total);
  }
  std::vector<std::vector<SegmentView>> out(parts);
  if (parts == 1) {
    out[0] = segments;
    return out;
  }
  const auto cut = [&](std::uint64_t p) { return total * p / parts; };  // documents before part p
  std::uint64_t pos = 0;  // documents before `first` of the current segment, over all segments
  std::uint64_t part = 0;
  for (const SegmentView& s : segments) {
    std::uint32_t first = std::min(s.begin, s.local_end());
    const std::uint32_t last = s.local_end();
    while (first < last) {
      while (part + 1 < parts && pos >= cut(part + 1)) ++part;
      const std::uint64_t part_end = part + 1 < parts ? cut(part + 1) : total;
      const auto take = static_cast<std::uint32_t>(std::min<std::uint64_t>(last - first, part_end - pos));
      SegmentView piece = s;
      piece.begin = first;
      piece.end = first + take;
      out[part].push_back(piece);
      first += take;
      pos += take;
    }
  }
  return out;
}

TopKResult top_k(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                 const RankingParams& params, std::size_t k, const DocFilter& filter, const DeadDocuments* dead,
                 const Deadline& deadline, const SegmentSplit& split) {
  const std::vector<TermScorer> scorers = make_scorers(segments, terms, params, dead);
  DeadlineCheck check(deadline);
  if (sparse_candidates(segments, terms, filter)) return top_k_over_allowed(segments, terms, scorers, k, filter, check);
  const auto search_segments = [&](const std::vector<SegmentView>& pieces, DeadlineCheck& checker) {
    Collector collector(k);
    for (const SegmentView& piece : pieces) {
      SegmentTerms st = open_cursors(piece, terms, &checker);
      BlockMaxMaxScore(piece, st, scorers, filter, collector, checker).run();
    }
    return collector.finish(false);
  };
  const std::vector<std::vector<SegmentView>> parts = split_segments(segments, split);
  if (parts.size() == 1) return search_segments(parts[0], check);
  // Part 0 on this thread, the others offered to the helpers (HelperThreads::run_parts):
  // each part keeps the k best of its documents with its own threshold, and the k best of
  // those lists are the k best of all (each part visits its documents in DocId order, so its
  // ties resolve as in one pass).
  std::vector<TopKResult> results(parts.size());
  split.helpers->run_parts(parts.size(), [&](std::size_t p) {
    if (p == 0) {
      results[0] = search_segments(parts[0], check);
    } else {
      DeadlineCheck part_check(deadline);
      results[p] = search_segments(parts[p], part_check);
    }
  });
  TopKResult result = std::move(results[0]);
  for (std::size_t p = 1; p < results.size(); ++p) result = merge_top_k(std::move(result), std::move(results[p]), k);
  return result;
}

}  // namespace medsearch::lexical
