#include "medsearch/engine/search/hybrid_fusion.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <unordered_map>

#include "medsearch/lexical/top_k.hpp"
#include "medsearch/rank/fusion.hpp"

namespace medsearch::engine {
namespace {

constexpr std::size_t kLexical = 0, kDense = 1;

// Real BM25F scores of `docs` (0 for a document without a query term), same statistics and
// parameters as the lexical list.
std::unordered_map<DocId, float> lexical_scores(const SearchPlan& plan, const IndexReader& index, const std::vector<DocId>& docs) {
  std::unordered_map<DocId, float> out;
  if (docs.empty() || plan.compiled.ranking_terms.empty()) return out;
  DocSet only(index.doc_count());
  for (const DocId d : docs) only.insert(d);
  const lexical::DocFilter filter{&index.deleted(), &only};
  const lexical::TopKResult top =
      lexical::top_k(index.lexical_segments(), plan.compiled.ranking_terms, plan.ranking, docs.size(), filter, &index.dead_documents(),
                     plan.deadline);
  for (const ScoredDoc& hit : top.hits) out[hit.doc] = hit.score;
  return out;
}

// The inner product of the query with the stored vector of `doc` (what exact dense search
// scores), or nullopt when the document has none.
std::optional<float> dense_score(const DenseIndex& dense, const std::vector<float>& query, DocId doc, std::vector<float>& row) {
  row.resize(dense.dim());
  if (!dense.vector_of(doc, row.data())) return std::nullopt;
  double dot = 0;
  for (std::size_t i = 0; i < row.size(); ++i) dot += double(query[i]) * row[i];
  return float(dot);
}

// Fills the real scores of every row of `table` from `first_row` on.
void fill_real_scores(const SearchPlan& plan, const IndexReader& index, const DenseIndex& dense, const std::vector<float>& query,
                      rank::CandidateTable& table, std::size_t first_row, float& dense_floor) {
  std::vector<DocId> unscored;
  for (std::size_t i = first_row; i < table.size(); ++i) {
    if (table.rank(i, kLexical) == 0) unscored.push_back(table.doc(i));
  }
  const std::unordered_map<DocId, float> bm25 = lexical_scores(plan, index, unscored);
  std::vector<float> row;
  std::vector<std::size_t> without_vector;
  DeadlineCheck check(plan.deadline);
  for (std::size_t i = first_row; i < table.size(); ++i) {
    check.tick(static_cast<std::uint32_t>(dense.dim()));  // a candidate costs a vector read and a dot product
    if (table.rank(i, kLexical) == 0) {
      const auto it = bm25.find(table.doc(i));
      table.set_score(i, kLexical, it == bm25.end() ? 0.0f : it->second);
    }
    // Every candidate's dense score recomputed exactly: FAISS's (IVF-PQ, HNSW) may be
    // approximate, and one list must not mix the two.
    if (const std::optional<float> s = dense_score(dense, query, table.doc(i), row)) {
      table.set_score(i, kDense, *s);
      if (first_row == 0) dense_floor = std::min(dense_floor, *s);
    } else {
      without_vector.push_back(i);
    }
  }
  if (dense_floor == std::numeric_limits<float>::max()) dense_floor = 0;
  for (const std::size_t i : without_vector) table.set_score(i, kDense, dense_floor);
}

}  // namespace

Retrieved fuse_hybrid(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                      const DenseIndex& dense_index, const std::vector<float>& query_vector, Retrieved lexical,
                      const Retrieved& dense, std::size_t wanted) {
  (void)allowed;  // both lists and every candidate are already within it
  const HybridParams& h = plan.request.hybrid;
  const std::size_t depth = h.depth;
  const std::span<const ScoredDoc> lexical_top(lexical.ranked.data(), std::min(depth, lexical.ranked.size()));
  const std::span<const ScoredDoc> dense_top(dense.ranked.data(), std::min(depth, dense.ranked.size()));
  const std::array<std::span<const ScoredDoc>, 2> lists{lexical_top, dense_top};
  rank::CandidateTable table = rank::union_of(lists);
  float dense_floor = std::numeric_limits<float>::max();
  fill_real_scores(plan, index, dense_index, query_vector, table, 0, dense_floor);
  // RRF weights 2(1 − α), 2α: α = 0.5 is the original, unweighted RRF.
  const float scale = h.fusion == rank::FusionMethod::Rrf ? 2.0f : 1.0f;
  const std::array<float, 2> weights{scale * (1 - h.alpha), scale * h.alpha};
  Retrieved out;
  out.ranked = rank::fuse(table, weights, h.fusion);
  out.total = std::max<std::uint64_t>(lexical.total, out.ranked.size());
  out.total_is_exact = false;
  if (out.ranked.size() < wanted && lexical.ranked.size() > lexical_top.size()) {
    // Past the candidates: the lexical list's next documents, in BM25 order, each scored by
    // the fused formula with the candidates' constants (appended rows do not move them).
    const std::size_t pool = table.size();
    for (std::size_t i = lexical_top.size(); i < lexical.ranked.size() && table.size() - pool + out.ranked.size() < wanted; ++i) {
      const ScoredDoc& d = lexical.ranked[i];
      if (std::find(table.docs().begin(), table.docs().begin() + static_cast<std::ptrdiff_t>(pool), d.doc) !=
          table.docs().begin() + static_cast<std::ptrdiff_t>(pool)) {
        continue;
      }
      const std::size_t r = table.add(d.doc);
      table.set_score(r, kLexical, d.score);
      table.set_rank(r, kLexical, static_cast<std::uint32_t>(i + 1));
    }
    fill_real_scores(plan, index, dense_index, query_vector, table, pool, dense_floor);
    const RankedList all = rank::fuse(table, weights, h.fusion, rank::kRrfK, pool);
    std::unordered_map<DocId, float> fused_score;
    for (const ScoredDoc& d : all) fused_score[d.doc] = d.score;
    for (std::size_t r = pool; r < table.size(); ++r) out.ranked.push_back({table.doc(r), fused_score[table.doc(r)]});
  }
  if (out.ranked.size() > wanted) out.ranked.resize(wanted);
  return out;
}

}  // namespace medsearch::engine
