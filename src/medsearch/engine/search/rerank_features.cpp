#include "medsearch/engine/search/rerank_features.hpp"

#include <algorithm>
#include <cmath>

#include "medsearch/lexical/doc_term_stats.hpp"
#include "medsearch/lexical/ranking.hpp"

namespace medsearch::engine {
namespace {

bool has_type(const store::DocAttributes& a, std::string_view type) {
  const auto& types = a.strings[static_cast<std::size_t>(store::StringColumn::PublicationType)];
  return std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

std::vector<float> rerank_features(const SearchPlan& plan, const IndexReader& index, const DenseContext& dense,
                                   const RankedList& candidates) {
  constexpr std::size_t F = kRerankFeatureCount;
  std::vector<float> out(candidates.size() * F, 0.0f);
  if (candidates.empty()) return out;
  const std::vector<lexical::QueryTerm>& terms = plan.compiled.ranking_terms;
  std::vector<DocId> docs;
  for (const ScoredDoc& c : candidates) docs.push_back(c.doc);
  const lexical::TermStatsResult stats = lexical::doc_term_stats(index.lexical_segments(), terms, docs, &index.dead_documents());

  // Scorers: the request's BM25F, each field alone, and TF-IDF, over the same statistics.
  lexical::RankingParams bm25 = plan.ranking;
  bm25.model = lexical::RankingModel::Bm25;
  lexical::RankingParams tfidf = bm25;
  tfidf.model = lexical::RankingModel::TfIdf;
  std::vector<lexical::TermScorer> full, tfidf_scorers;
  std::vector<std::array<lexical::TermScorer, lexical::kTextFieldCount>> by_field;
  double idf_sum = 0;
  std::vector<double> idf(terms.size());
  const double n = std::max(stats.collection.doc_count, 1.0);
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const std::uint64_t df = stats.doc_freq[t];
    full.emplace_back(bm25, stats.collection, df, terms[t].field_scope, terms[t].boost);
    tfidf_scorers.emplace_back(tfidf, stats.collection, df, terms[t].field_scope, terms[t].boost);
    by_field.push_back({lexical::TermScorer(bm25, stats.collection, df, terms[t].field_scope & 1, terms[t].boost),
                        lexical::TermScorer(bm25, stats.collection, df, terms[t].field_scope & 2, terms[t].boost),
                        lexical::TermScorer(bm25, stats.collection, df, terms[t].field_scope & 4, terms[t].boost),
                        lexical::TermScorer(bm25, stats.collection, df, terms[t].field_scope & 8, terms[t].boost)});
    idf[t] = std::log(1.0 + (n - double(df) + 0.5) / (double(df) + 0.5));
    idf_sum += idf[t];
  }
  std::vector<float> row_vector(dense.index != nullptr ? dense.index->dim() : 0);
  float best_bm25 = 0, best_dense = 0;
  DeadlineCheck check(plan.deadline);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    check.tick(static_cast<std::uint32_t>(64 + row_vector.size()));  // a candidate: terms × fields, a vector, attributes
    float* row = &out[i * F];
    const lexical::DocTermStats& s = stats.docs[i];
    row[0] = candidates[i].score;
    row[1] = static_cast<float>(std::log2(2.0 + double(i)));
    std::size_t matched = 0;
    double matched_idf = 0;
    for (std::size_t t = 0; t < terms.size(); ++t) {
      row[2] += full[t].score(s.tf[t], s.lengths);
      for (std::size_t f = 0; f < lexical::kTextFieldCount; ++f) row[3 + f] += by_field[t][f].score(s.tf[t], s.lengths);
      row[7] += tfidf_scorers[t].score(s.tf[t], s.lengths);
      const bool present = std::any_of(s.tf[t].begin(), s.tf[t].end(), [](std::uint32_t tf) { return tf > 0; });
      matched += present;
      matched_idf += present ? idf[t] : 0;
    }
    if (dense.index != nullptr && !dense.query.empty() && dense.index->vector_of(candidates[i].doc, row_vector.data())) {
      double dot = 0;
      for (std::size_t d = 0; d < row_vector.size(); ++d) dot += double(dense.query[d]) * row_vector[d];
      row[8] = float(dot);
    }
    best_bm25 = std::max(best_bm25, row[2]);
    best_dense = std::max(best_dense, row[8]);
    row[11] = terms.empty() ? 0.0f : float(matched) / float(terms.size());
    row[12] = idf_sum > 0 ? float(matched_idf / idf_sum) : 0.0f;
    row[13] = s.window_span > 0 ? float(s.window_terms) / float(s.window_span) : 0.0f;
    row[14] = terms.empty() ? 0.0f : float(s.window_terms) / float(terms.size());
    row[15] = float(std::log1p(s.lengths[0]));
    row[16] = float(std::log1p(s.lengths[1]));
    const store::DocAttributes a = index.attributes(candidates[i].doc);
    row[17] = a.year;
    row[18] = has_type(a, "Review");
    row[19] = has_type(a, "Randomized Controlled Trial");
    row[20] = has_type(a, "Meta-Analysis");
    row[21] = float(terms.size());
    row[22] = terms.empty() ? 0.0f : float(idf_sum / double(terms.size()));
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    float* row = &out[i * F];
    row[9] = best_bm25 > 0 ? row[2] / best_bm25 : 0.0f;
    row[10] = best_dense > 0 ? row[8] / best_dense : 0.0f;
  }
  return out;
}

}  // namespace medsearch::engine
