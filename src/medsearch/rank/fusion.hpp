// rank::fuse: one ranked list from several (lexical and dense), by reciprocal rank fusion
// or by a weighted sum of min-max normalised scores, over a table of candidates that holds
// every candidate's real score in every list (docs/decisions/0015-fusion-over-real-scores.md).
//
// Candidates: the union of each list's top `depth`. Each candidate carries its real score
// in every list, also where it ranked below that list's depth (the engine computes those:
// BM25 of the document, cosine of its vector), and its rank in each list (1-based; 0 when
// beyond the list's depth, for RRF).
//
// Weighted sum (Fox & Shaw, "Combination of Multiple Searches", TREC-2 1994, CombSUM over
// normalised scores; min-max as in Lee, SIGIR 1997): per list, s' = (s − min) / (max − min),
// min and max over the candidates' real scores in that list (all equal: s' = 1);
// score(d) = Σ_l w_l · s'_l(d). A candidate missing from a list's top depth is no longer
// scored as that list's minimum: it gets its real score there, so the last item of a list
// and a document the list never returned are told apart.
//
// RRF (Cormack, Clarke & Buettcher, SIGIR 2009), weighted: score(d) = Σ_l w_l / (k + rank_l(d))
// over the lists where d ranked, k = 60. With equal weights it orders as the unweighted
// original; the engine passes 2(1 − α) and 2α, so α = 0.5 is the paper's RRF.
//
// The normalisation depends only on the candidates, never on the page asked for, so a
// document's fused score is the same on every page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "medsearch/core/scored_doc.hpp"

namespace medsearch::rank {

inline constexpr float kRrfK = 60;

enum class FusionMethod : std::uint8_t { Rrf, WeightedSum };

// Candidates × lists. Row i is docs[i]; score(i, l) its real score in list l; rank(i, l)
// its 1-based rank in list l's top depth, 0 when it was not there.
class CandidateTable {
 public:
  explicit CandidateTable(std::size_t lists) : lists_(lists) {}
  std::size_t lists() const { return lists_; }
  std::size_t size() const { return docs_.size(); }
  // Adds a candidate (once per DocId) with no scores yet; returns its row.
  std::size_t add(DocId doc);
  DocId doc(std::size_t row) const { return docs_[row]; }
  float score(std::size_t row, std::size_t list) const { return scores_[row * lists_ + list]; }
  std::uint32_t rank(std::size_t row, std::size_t list) const { return ranks_[row * lists_ + list]; }
  void set_score(std::size_t row, std::size_t list, float score) { scores_[row * lists_ + list] = score; }
  void set_rank(std::size_t row, std::size_t list, std::uint32_t rank) { ranks_[row * lists_ + list] = rank; }
  const std::vector<DocId>& docs() const { return docs_; }

 private:
  std::size_t lists_;
  std::vector<DocId> docs_;
  std::vector<float> scores_;
  std::vector<std::uint32_t> ranks_;
};

// The union of `lists` (each best first, no doc twice in one list) as a table: ranks from
// the lists, scores from the lists where a candidate appears; the scores of candidates a
// list did not return are left 0 for the caller to fill with real ones.
CandidateTable union_of(std::span<const std::span<const ScoredDoc>> lists);

// Fuses the table (weights.size() == table.lists()) into one list best first: score
// descending, ties by smaller DocId. Every candidate appears once. The min-max constants
// come from the first `reference_rows` rows (all by default), so rows appended later (a
// page past the candidates) are scored without moving the others'.
RankedList fuse(const CandidateTable& table, std::span<const float> weights, FusionMethod method, float rrf_k = kRrfK,
                std::size_t reference_rows = static_cast<std::size_t>(-1));

}  // namespace medsearch::rank
