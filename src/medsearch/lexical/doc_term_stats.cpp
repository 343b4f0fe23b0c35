#include "medsearch/lexical/doc_term_stats.hpp"

#include <algorithm>
#include <memory>
#include <numeric>

#include "medsearch/lexical/posting_cursor.hpp"

namespace medsearch::lexical {

std::pair<std::uint32_t, std::uint32_t> smallest_window(const std::vector<std::vector<std::uint32_t>>& positions) {
  // Merge (position, list) and slide a window that holds every non-empty list.
  std::vector<std::pair<std::uint32_t, std::size_t>> merged;
  std::size_t lists = 0;
  for (std::size_t t = 0; t < positions.size(); ++t) {
    if (positions[t].empty()) continue;
    ++lists;
    for (const std::uint32_t p : positions[t]) merged.push_back({p, t});
  }
  if (lists < 2) return {0, 0};
  std::sort(merged.begin(), merged.end());
  std::vector<std::uint32_t> in_window(positions.size(), 0);
  std::size_t covered = 0, left = 0;
  std::uint32_t best = UINT32_MAX;
  for (std::size_t right = 0; right < merged.size(); ++right) {
    if (in_window[merged[right].second]++ == 0) ++covered;
    while (covered == lists) {
      best = std::min(best, merged[right].first - merged[left].first + 1);
      if (--in_window[merged[left].second] == 0) --covered;
      ++left;
    }
  }
  return {best, static_cast<std::uint32_t>(lists)};
}

TermStatsResult doc_term_stats(const std::vector<SegmentView>& segments, const std::vector<QueryTerm>& terms,
                               const std::vector<DocId>& docs, const DeadDocuments* dead) {
  TermStatsResult out;
  out.collection = collection_stats(segments, dead);
  for (const QueryTerm& t : terms) out.doc_freq.push_back(live_doc_freq(segments, t.term, dead));
  out.docs.resize(docs.size());
  std::vector<std::size_t> order(docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docs[a] < docs[b]; });
  std::vector<std::vector<std::uint32_t>> positions(terms.size());
  std::size_t next = 0;
  for (const SegmentView& segment : segments) {
    const std::uint32_t end = segment.doc_base + segment.index->doc_count();
    if (next == order.size() || docs[order[next]].value >= end) continue;
    std::vector<std::unique_ptr<PostingCursor>> cursors;
    for (const QueryTerm& t : terms) {
      auto info = segment.index->find(make_key(KeySpace::Prose, t.term));
      cursors.push_back(info ? std::make_unique<PostingCursor>(*segment.index, *info) : nullptr);
    }
    for (; next < order.size() && docs[order[next]].value < end; ++next) {
      DocTermStats& s = out.docs[order[next]];
      s.doc = docs[order[next]];
      const std::uint32_t local = s.doc.value - segment.doc_base;
      s.tf.assign(terms.size(), {});
      for (std::size_t f = 0; f < kTextFieldCount; ++f) s.lengths[f] = segment.index->field_length(local, f);
      for (std::size_t t = 0; t < terms.size(); ++t) {
        PostingCursor* c = cursors[t].get();
        if (c == nullptr) continue;
        c->advance(local);
        if (c->doc() != local) continue;
        for (std::size_t f = 0; f < kTextFieldCount; ++f) s.tf[t][f] = (terms[t].field_scope >> f & 1) ? c->tf(f) : 0;
      }
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        for (std::size_t t = 0; t < terms.size(); ++t) {
          positions[t].clear();
          if (s.tf[t][f] > 0) cursors[t]->positions(f, positions[t]);
        }
        const auto [span, n] = smallest_window(positions);
        // The window with more terms wins; among equal counts, the tighter one.
        if (n > s.window_terms || (n == s.window_terms && n > 0 && span < s.window_span)) s.window_span = span, s.window_terms = n;
      }
    }
  }
  return out;
}

}  // namespace medsearch::lexical
