#include "medsearch/lexical/top_k.hpp"

#include <algorithm>
#include <bit>
#include <memory>
#include <numeric>
#include <queue>

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
};

// The cursors of one segment for the query's terms, in query-term order.
struct SegmentTerms {
  std::vector<std::unique_ptr<PostingCursor>> cursors;  // null where the segment lacks the term
};

std::vector<TermScorer> make_scorers(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                                     const RankingParams& params) {
  const CollectionStats stats = collection_stats(segments);
  std::vector<TermScorer> scorers;
  for (const QueryTerm& term : terms) {
    std::uint64_t df = 0;
    const std::string key = make_key(KeySpace::Prose, term.term);
    for (const SegmentView& s : segments) {
      if (auto info = s.index->find(key)) df += info->doc_freq;
    }
    scorers.emplace_back(params, stats, df, term.field_scope, term.boost);
  }
  return scorers;
}

SegmentTerms open_cursors(const SegmentView& segment, const std::vector<QueryTerm>& terms) {
  SegmentTerms out;
  for (const QueryTerm& term : terms) {
    auto info = segment.index->find(make_key(KeySpace::Prose, term.term));
    out.cursors.push_back(info ? std::make_unique<PostingCursor>(*segment.index, *info) : nullptr);
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

float list_bound(const PostingCursor& c, const TermScorer& scorer) {
  float bound = 0;
  for (std::uint32_t b = 0; b < c.block_count(); ++b) bound = std::max(bound, scorer.block_bound(c.skip(b)));
  return bound;
}

}  // namespace

CollectionStats collection_stats(const std::vector<SegmentView>& segments) {
  CollectionStats stats;
  std::array<double, kTextFieldCount> sums{};
  for (const SegmentView& s : segments) {
    stats.doc_count += s.index->doc_count();
    for (std::size_t f = 0; f < kTextFieldCount; ++f) sums[f] += static_cast<double>(s.index->length_sums()[f]);
  }
  for (std::size_t f = 0; f < kTextFieldCount; ++f) stats.avg_length[f] = stats.doc_count > 0 ? sums[f] / stats.doc_count : 0;
  return stats;
}

TopKResult top_k_exhaustive(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                            const RankingParams& params, std::size_t k, const DocFilter& filter) {
  const std::vector<TermScorer> scorers = make_scorers(segments, terms, params);
  Collector collector(k);
  for (const SegmentView& segment : segments) {
    SegmentTerms st = open_cursors(segment, terms);
    for (;;) {
      std::uint32_t local = kEndDoc;
      for (const auto& c : st.cursors) {
        if (c) local = std::min(local, c->doc());
      }
      if (local == kEndDoc) break;
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

TopKResult top_k_over_allowed(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                              const std::vector<TermScorer>& scorers, std::size_t k, const DocFilter& filter) {
  Collector collector(k);
  const auto& allowed = filter.allowed->words();
  for (const SegmentView& segment : segments) {
    SegmentTerms st = open_cursors(segment, terms);
    const std::uint32_t end = segment.doc_base + segment.index->doc_count();
    for (std::size_t w = segment.doc_base / 64; w < allowed.size() && w * 64 < end; ++w) {
      for (std::uint64_t bits = allowed[w]; bits != 0; bits &= bits - 1) {
        const auto doc = static_cast<std::uint32_t>(w * 64 + std::countr_zero(bits));
        if (doc < segment.doc_base || doc >= end || !filter.accepts(DocId(doc))) continue;
        const std::uint32_t local = doc - segment.doc_base;
        for (const auto& c : st.cursors) {
          if (c) c->advance(local);
        }
        const float score = canonical_score(segment, st, scorers, local);
        if (score > 0) collector.offer({DocId(doc), score});
      }
    }
  }
  return collector.finish(true);
}

}  // namespace

TopKResult top_k(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                 const RankingParams& params, std::size_t k, const DocFilter& filter) {
  const std::vector<TermScorer> scorers = make_scorers(segments, terms, params);
  if (sparse_candidates(segments, terms, filter)) return top_k_over_allowed(segments, terms, scorers, k, filter);
  Collector collector(k);
  for (const SegmentView& segment : segments) {
    SegmentTerms st = open_cursors(segment, terms);
    // Order the present terms by their list's score bound, ascending.
    std::vector<std::size_t> order;
    std::vector<float> bound(terms.size(), 0);
    for (std::size_t t = 0; t < terms.size(); ++t) {
      if (!st.cursors[t]) continue;
      bound[t] = list_bound(*st.cursors[t], scorers[t]);
      order.push_back(t);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return bound[a] < bound[b]; });
    const std::size_t n = order.size();
    std::vector<float> prefix(n + 1, 0);  // prefix[i] = sum of bounds of order[0..i)
    for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + bound[order[i]];

    std::size_t essential = 0;  // order[essential..n) drive the candidates
    for (;;) {
      const float threshold = collector.threshold();
      while (essential < n && prefix[essential + 1] <= threshold) ++essential;
      if (essential == n) break;  // even all terms together cannot beat the threshold
      std::uint32_t local = kEndDoc;
      for (std::size_t i = essential; i < n; ++i) local = std::min(local, st.cursors[order[i]]->doc());
      if (local == kEndDoc) break;

      if (filter.accepts(DocId(segment.doc_base + local))) {
        float bound_now = prefix[essential];
        for (std::size_t i = essential; i < n; ++i) {
          const PostingCursor& c = *st.cursors[order[i]];
          if (c.doc() == local) bound_now += single_score(segment, c, scorers[order[i]]);
        }
        // Replace the non-essential bounds with actual scores, largest first, while the
        // document can still beat the threshold.
        for (std::size_t i = essential; i-- > 0 && bound_now > threshold;) {
          PostingCursor& c = *st.cursors[order[i]];
          c.advance(local);
          bound_now -= bound[order[i]];
          if (c.doc() == local) bound_now += single_score(segment, c, scorers[order[i]]);
        }
        if (bound_now > threshold) {
          for (std::size_t i = 0; i < essential; ++i) st.cursors[order[i]]->advance(local);
          const float score = canonical_score(segment, st, scorers, local);
          if (score > 0) collector.offer({DocId(segment.doc_base + local), score});
        }
      }
      for (std::size_t i = essential; i < n; ++i) {
        PostingCursor& c = *st.cursors[order[i]];
        if (c.doc() == local) c.next();
      }
    }
  }
  return collector.finish(false);
}

}  // namespace medsearch::lexical
