#include "medsearch/engine/search/prf.hpp"

#include <algorithm>
#include <map>

#include "medsearch/engine/search/retrieval.hpp"
#include "medsearch/lexical/fields.hpp"

namespace medsearch::engine {
namespace {

// Words that make poor expansions whatever their frequency in the feedback documents: a
// single character, or digits only (numbers in abstracts are doses, counts and years).
bool expandable(const std::string& word) {
  if (word.size() < 2) return false;
  return !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::uint8_t kAllProse = lexical::QueryTerm{}.field_scope;

}  // namespace

std::vector<lexical::QueryTerm> rm3_expand(const std::vector<lexical::QueryTerm>& original,
                                           const std::vector<FeedbackDocument>& feedback, const PrfParams& params,
                                           const std::function<double(const std::string&)>& doc_fraction) {
  const double lambda = params.original_weight;
  double boost_sum = 0, score_sum = 0;
  for (const lexical::QueryTerm& t : original) boost_sum += t.boost;
  for (const FeedbackDocument& d : feedback) score_sum += std::max(d.score, 0.0);
  if (params.terms == 0 || lambda >= 1.0 || boost_sum <= 0 || score_sum <= 0) return original;

  // RM1: P(w|R) = Σ_d P(w|d) · P(Q|d).
  std::map<std::string, double> relevance;
  for (const FeedbackDocument& d : feedback) {
    if (d.length <= 0 || d.score <= 0) continue;
    const double doc_weight = d.score / score_sum;
    for (const auto& [word, tf] : d.tf) {
      if (expandable(word)) relevance[word] += tf / d.length * doc_weight;
    }
  }
  std::vector<std::pair<std::string, double>> candidates(relevance.begin(), relevance.end());
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  std::vector<std::pair<std::string, double>> best;
  for (auto& candidate : candidates) {
    if (best.size() >= params.terms) break;
    if (doc_fraction && doc_fraction(candidate.first) > params.max_doc_fraction) continue;
    best.push_back(std::move(candidate));
  }
  double kept_sum = 0;
  for (const auto& [word, p] : best) kept_sum += p;
  if (kept_sum <= 0) return original;

  // RM3: λ · P(w|Q) + (1 − λ) · P(w|R), scaled by Σ boosts (λ = 1 gives the original boosts).
  std::vector<lexical::QueryTerm> out = original;
  for (lexical::QueryTerm& t : out) t.boost = static_cast<float>(lambda * t.boost);
  for (const auto& [word, p] : best) {
    const auto weight = static_cast<float>((1.0 - lambda) * (p / kept_sum) * boost_sum);
    const auto same = std::find_if(out.begin(), out.end(), [&](const lexical::QueryTerm& t) {
      return t.term == word && t.field_scope == kAllProse;
    });
    if (same != out.end()) {
      same->boost += weight;
    } else {
      out.push_back({word, kAllProse, weight});
    }
  }
  return out;
}

std::vector<FeedbackDocument> feedback_documents(const RankedList& ranked, std::size_t docs, const IndexReader& index,
                                                 const lexical::DocumentAnalyzer& analyzer) {
  std::vector<FeedbackDocument> out;
  lexical::AnalyzedDocument analyzed;
  for (std::size_t i = 0; i < ranked.size() && i < docs; ++i) {
    if (ranked[i].score <= 0) continue;
    analyzed.clear();
    analyzer.analyze(index.article(ranked[i].doc), analyzed);
    FeedbackDocument d;
    d.score = ranked[i].score;
    for (std::uint32_t length : analyzed.lengths) d.length += length;
    for (const lexical::AnalyzedPosting& p : analyzed.postings) {
      const std::string_view key = analyzed.key(p);
      if (key.empty() || key.front() != static_cast<char>(lexical::KeySpace::Prose)) continue;
      double tf = 0;
      for (std::uint32_t f : p.tf) tf += f;
      d.tf.emplace_back(std::string(key.substr(1)), tf);
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<SearchPlan> expand_plan(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                                      const lexical::DocumentAnalyzer& analyzer) {
  const SearchRequest& request = plan.request;
  if (!plan.prf.on || request.sort != SortOrder::Relevance || request.mode == RetrievalMode::Dense ||
      plan.compiled.ranking_terms.empty()) {
    return std::nullopt;
  }
  const Retrieved first = retrieve_lexical(plan, allowed, index, plan.prf.docs);
  const std::vector<FeedbackDocument> feedback = feedback_documents(first.ranked, plan.prf.docs, index, analyzer);
  plan.deadline.check();
  SearchPlan expanded = plan;
  const auto& segments = index.lexical_segments();
  const double live = static_cast<double>(index.live_count());
  const auto doc_fraction = [&](const std::string& word) {
    return live > 0 ? static_cast<double>(lexical::live_doc_freq(segments, word, &index.dead_documents())) / live : 0.0;
  };
  expanded.compiled.ranking_terms = rm3_expand(plan.compiled.ranking_terms, feedback, plan.prf, doc_fraction);
  return expanded;
}

}  // namespace medsearch::engine
