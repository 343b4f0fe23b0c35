#include "medsearch/engine/search/judgment_transfer.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

namespace medsearch::engine {
namespace {

// Robertson's BM25 defaults (Robertson & Zaragoza 2009), not tuned on any judged set.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

}  // namespace

JudgmentTransfer::JudgmentTransfer(const JudgedQueries& judged, const text::Analyzer& prose, const IndexReader& index) {
  std::uint64_t total_length = 0;
  for (const JudgedQuery& q : judged.queries) {
    std::vector<std::pair<DocId, int>> relevant;
    for (const auto& [id, grade] : q.relevant) {
      if (const auto doc = index.find(id)) relevant.emplace_back(*doc, grade);
    }
    const std::vector<std::string> terms = prose.terms(q.text);
    if (relevant.empty() || terms.empty()) continue;
    const auto query = static_cast<std::uint32_t>(relevant_.size());
    std::unordered_map<std::string, std::uint32_t> tf;
    for (const std::string& t : terms) ++tf[t];
    for (const auto& [term, count] : tf) postings_[term].push_back({query, count});
    lengths_.push_back(static_cast<std::uint32_t>(terms.size()));
    total_length += terms.size();
    relevant_.push_back(std::move(relevant));
  }
  if (!lengths_.empty()) average_length_ = static_cast<double>(total_length) / static_cast<double>(lengths_.size());
}

std::vector<JudgmentTransfer::Neighbour> JudgmentTransfer::neighbours(const std::vector<std::string>& terms,
                                                                      std::size_t count) const {
  std::vector<Neighbour> out;
  if (relevant_.empty() || count == 0) return out;
  const auto n = static_cast<double>(relevant_.size());
  std::vector<double> similarity(relevant_.size(), 0.0);
  const std::set<std::string> distinct(terms.begin(), terms.end());
  for (const std::string& term : distinct) {
    const auto found = postings_.find(term);
    if (found == postings_.end()) continue;
    const auto df = static_cast<double>(found->second.size());
    const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    for (const Posting& p : found->second) {
      const double tf = p.tf;
      const double norm = kK1 * (1 - kB + kB * lengths_[p.query] / average_length_);
      similarity[p.query] += idf * tf * (kK1 + 1) / (tf + norm);
    }
  }
  for (std::size_t q = 0; q < similarity.size(); ++q) {
    if (similarity[q] > 0) out.push_back({q, similarity[q]});
  }
  const auto better = [](const Neighbour& a, const Neighbour& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.query < b.query;
  };
  const std::size_t kept = std::min(count, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kept), out.end(), better);
  out.resize(kept);
  return out;
}

RankedList JudgmentTransfer::scores(const std::vector<std::string>& terms, std::size_t count) const {
  const std::vector<Neighbour> near = neighbours(terms, count);
  RankedList out;
  if (near.empty()) return out;
  std::unordered_map<std::uint32_t, double> sum;  // DocId → t
  for (const Neighbour& q : near) {
    const double share = q.similarity / near.front().similarity;
    for (const auto& [doc, grade] : relevant_[q.query]) sum[doc.value] += share * grade;
  }
  out.reserve(sum.size());
  for (const auto& [doc, t] : sum) out.push_back({DocId(doc), static_cast<float>(t)});
  std::sort(out.begin(), out.end(), ranks_before);
  return out;
}

std::size_t fuse_transfer(RankedList& ranked, const RankedList& transfer, float weight,
                          const std::function<bool(DocId)>& accepts) {
  if (!(weight > 0) || transfer.empty()) return 0;
  // s / s_top for scores ≥ 0; min-max when one is below 0 (s_min is then the smallest).
  double s_top = 0, s_min = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const double s = ranked[i].score;
    s_top = i == 0 ? s : std::max(s_top, s);
    s_min = std::min(s_min, s);
  }
  const double t_top = transfer.front().score;
  const auto first_stage = [&](float s) { return s_top > s_min ? (s - s_min) / (s_top - s_min) : 0.0; };
  const auto judged = [&](float t) { return t_top > 0 ? static_cast<double>(weight) * t / t_top : 0.0; };
  std::unordered_map<std::uint32_t, float> t_of;
  for (const ScoredDoc& d : transfer) t_of.emplace(d.doc.value, d.score);
  std::unordered_set<std::uint32_t> present;
  for (ScoredDoc& d : ranked) {
    present.insert(d.doc.value);
    const auto t = t_of.find(d.doc.value);
    d.score = static_cast<float>(first_stage(d.score) + (t == t_of.end() ? 0.0 : judged(t->second)));
  }
  std::size_t joined = 0;
  for (const ScoredDoc& d : transfer) {
    if (present.contains(d.doc.value) || !accepts(d.doc)) continue;
    ranked.push_back({d.doc, static_cast<float>(judged(d.score))});  // its first-stage share: 0, the lowest
    ++joined;
  }
  std::sort(ranked.begin(), ranked.end(), ranks_before);
  return joined;
}

}  // namespace medsearch::engine
