// Judgment transfer (decision 0040; docs/ranking.md "Judgment transfer"): a query like one
// the experts judged gets the documents judged relevant to it. The judged queries
// (judged_queries.hpp) are searched like a tiny collection, by BM25 over their analysed
// texts; the `neighbours` most similar give each of their relevant documents
//   t(d) = Σ over those queries q of (sim(q) / sim(best)) × grade(q, d),
// and the first stage's list is fused with it (fuse_transfer):
//   s'(d) = s(d) / s(top) + weight × t(d) / t(top).
// Documents judged relevant but outside the first stage's candidates join with s(d) = 0.
// This is how judgments made over time keep improving later searches on the same
// topics, whatever words those use; it is relevance feedback from other users' queries
// (as in query-log and collaborative re-ranking) rather than from the query's own results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "medsearch/core/scored_doc.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/judged_queries.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::engine {

// The first stage's candidates a search with transfer fuses: at least this many, so that
// pages are cut from one fused list. A judged document below them joins with s(d) = 0
// (on nfcorpus-dev, fusing with 1,000 candidates instead changed nDCG@10 by < 0.001).
inline constexpr std::size_t kTransferDepth = 100;

class JudgmentTransfer {
 public:
  // Analyses each judged query's text with `prose` (the index's prose analysis: the terms
  // a search's words become) and resolves its documents in `index`; ids the index lacks
  // are left out, and so is a query left with no term or no document. Immutable after
  // construction and thread-safe.
  JudgmentTransfer(const JudgedQueries& judged, const text::Analyzer& prose, const IndexReader& index);

  struct Neighbour {
    std::size_t query = 0;  // index into the kept queries
    double similarity = 0;  // BM25, above 0
  };

  std::size_t size() const { return relevant_.size(); }  // judged queries kept
  // The at most `count` kept queries most similar to `terms` (analysed terms; repeats count
  // once): BM25 with Robertson's k1 = 1.2, b = 0.75 over the queries' terms, Lucene's idf
  // ln(1 + (N − df + 0.5)/(df + 0.5)). Best first, ties by query order; none scoring 0.
  std::vector<Neighbour> neighbours(const std::vector<std::string>& terms, std::size_t count) const;
  // t(d) over the neighbours of `terms` (header comment), best first (ranks_before).
  RankedList scores(const std::vector<std::string>& terms, std::size_t count) const;

 private:
  struct Posting {
    std::uint32_t query = 0;
    std::uint32_t tf = 0;
  };
  std::unordered_map<std::string, std::vector<Posting>> postings_;  // term → queries holding it
  std::vector<std::uint32_t> lengths_;                              // terms per kept query
  double average_length_ = 0;
  std::vector<std::vector<std::pair<DocId, int>>> relevant_;  // per kept query
};

// Fuses `transfer` (t, best first) into `ranked` (the first stage, or the re-ranker's
// order, best first) with the header's formula; a list whose best score is not above 0
// contributes 0. When `ranked` has a score below 0 (a re-ranker's, a dense inner product)
// its share is min-max normalised instead, (s − s_min) / (s_top − s_min), so that it stays
// in 0..1 and a joined document (s = s_min) is not above any candidate. Documents of
// `transfer` that `ranked` lacks join when `accepts` them. The result is in ranks_before
// order. Returns how many joined. `weight` ≥ 0; 0 leaves `ranked` as it is.
std::size_t fuse_transfer(RankedList& ranked, const RankedList& transfer, float weight,
                          const std::function<bool(DocId)>& accepts);

}  // namespace medsearch::engine
