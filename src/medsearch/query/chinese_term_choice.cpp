// Choosing among a biomedical term's English equivalents (decision 0023).
#include <algorithm>
#include <cmath>

#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::query {

// ECDICT often lists several English names for one Chinese term (棕榈酸: cetylic acid,
// hexadecanoic acid, palmic acid, palmitic acid, …). Without the index every candidate keeps
// its dictionary weight. With it, a candidate the corpus lacks is dropped and the others gain
// 0.25 per decade of document frequency, so the name the literature uses wins (palmitic acid).
// The chosen English has weight 1; the others keep their share of its score, so they never
// reach the near-tie threshold unless the dictionary ranks them as high.
bool ChineseQueryTranslator::translate_term(ChineseSegment& seg, const ChineseVocabulary* vocabulary) const {
  const auto* terms = dict_->terms(seg.text);
  if (terms == nullptr) return false;
  struct Scored {
    const std::string* english;
    double score;
  };
  std::vector<Scored> scored;
  for (const ChineseDictionaries::Term& term : *terms) {
    double score = term.weight;
    if (vocabulary != nullptr && *vocabulary) {
      const std::uint64_t df = (*vocabulary)(term.english);
      if (df == 0) continue;
      score += 0.25 * std::log10(static_cast<double>(df) + 1.0);
    }
    scored.push_back({&term.english, score});
  }
  if (scored.empty()) return false;
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  seg.chosen = *scored.front().english;
  for (std::size_t k = 0; k < scored.size() && k < 4; ++k) {
    // Equal scores are not a near-tie: the alternatives are synonyms, and one translation
    // per segment measured best (docs/chinese.md).
    const float weight = k == 0 ? 1.0f : static_cast<float>(0.8 * scored[k].score / scored.front().score);
    seg.alternatives.push_back({*scored[k].english, weight});
  }
  return true;
}

}  // namespace medsearch::query
