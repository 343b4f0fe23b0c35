// Choosing two adjacent words' English together, by the phrase the corpus writes
// (decision 0044).
//
// Each segment is translated alone, so a Chinese compound comes out word by word in each
// word's first sense: 生长因子 → "grow factor", 辐射暴露 → "radiation expose". The English of
// a compound is a phrase the literature uses ("growth factor", "radiation exposure"), whose
// words are among the parts' dictionary senses (or the nouns derived from them), just not
// first. This is the co-occurrence disambiguation of dictionary-based cross-language
// retrieval (Ballesteros & Croft, SIGIR 1998: a phrase's translations are chosen together, by
// the target corpus), with the strictest co-occurrence: the two translations adjacent and in
// order.
//
// Adjacency alone also happens by chance across a clause ("activity lead" in "physical
// activity lead to"), so a pair replaces the words' own choices only when it is a
// collocation (Manning & Schütze, Foundations of Statistical NLP, 1999, ch. 5): written
// adjacently in at least kMinPairDocuments documents, and in more documents than
// independence would put both words in at all (adjacent documents × N > df(first) ×
// df(second), lift above 1).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::query {
namespace {

// Each side of a pair offers at most this many English candidates: its chosen English and
// the alternatives of the same sense, then the term list's names; the derived nouns of the
// chosen English may add two more.
constexpr std::size_t kPairCandidates = 6;
// A side's compound forms (胃 → gastric; decision 0045), after the candidates above.
constexpr std::size_t kCompoundFormCandidates = 2;
// Vocabulary lookups of the pair choice per query: a query of a few compounds needs tens; a
// long query's later pairs keep their words' own choices.
constexpr std::size_t kPairLookupsPerQuery = 512;
// The least support of a replacing pair: one or two documents are the chance adjacencies of
// a small corpus.
constexpr std::uint64_t kMinPairDocuments = 3;
// An alternative that lost its place to a pair's choice is kept below the near-tie weight
// (it is not searched unless extra synonyms are asked for).
constexpr float kDisplacedWeight = 0.7f;

// Where the last UTF-8 character of `text` starts (0 for an empty text).
std::size_t last_character(std::string_view text) {
  std::size_t i = text.size();
  while (i > 0 && (static_cast<unsigned char>(text[--i]) & 0xC0) == 0x80) {
  }
  return i;
}

bool pairable(const ChineseSegment& s) {
  return (s.kind == ChineseSegment::Kind::Word || s.kind == ChineseSegment::Kind::Latin) && !s.chosen.empty();
}

void add_candidate(std::vector<std::string>& out, const std::string& english, std::size_t limit = kPairCandidates) {
  if (out.size() < limit && std::find(out.begin(), out.end(), english) == out.end()) out.push_back(english);
}

// The nouns English derives from a verb with the suffixes the index's stemmer does not
// undo (Porter2 removes -ing, and -ion, -ment, -al, -ance, -ence where they fall in the word's
// R2 region, so "restriction" already searches as "restrict"; it never removes -th or -ure):
// grow → growth, expose → exposure, fail → failure. CC-CEDICT gives verbs ("to grow", "to
// expose") where a compound's English has the noun ("growth factor", "radiation exposure").
// Candidates only: a form counts when the corpus writes it in the pair's phrase.
std::vector<std::string> derived_nouns(const std::string& word) {
  if (word.size() < 3 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return {};
  if (word.back() == 'e') return {word.substr(0, word.size() - 1) + "ure"};  // expose → exposure
  return {word + "th", word + "ure"};                                        // grow → growth, fail → failure
}

// Makes `english` the segment's translation (weight 1); the one it replaces stays an
// alternative below the near-tie weight.
void choose(ChineseSegment& s, const std::string& english) {
  if (s.chosen == english) return;
  std::vector<ChineseAlternative> alternatives{{english, 1.0f}};
  for (ChineseAlternative& a : s.alternatives) {
    if (a.english == english) continue;
    if (a.english == s.chosen) a.weight = std::min(a.weight, kDisplacedWeight);
    alternatives.push_back(std::move(a));
  }
  s.chosen = english;
  s.alternatives = std::move(alternatives);
}

}  // namespace

std::vector<std::string> ChineseQueryTranslator::pair_candidates(const ChineseSegment& s) const {
  std::vector<std::string> out{s.chosen};
  if (s.kind != ChineseSegment::Kind::Word) return out;  // Latin: as typed
  for (const ChineseAlternative& a : s.alternatives) {
    if (!a.other_sense) add_candidate(out, a.english);
  }
  if (const auto* terms = dict_->terms(s.text)) {
    for (const ChineseDictionaries::Term& term : *terms) add_candidate(out, term.english);
  }
  for (const std::string& noun : derived_nouns(s.chosen)) add_candidate(out, noun, kPairCandidates + 2);
  if (const auto* forms = dict_->compound_forms(s.text)) {
    const std::size_t limit = out.size() + kCompoundFormCandidates;
    for (const std::string& form : *forms) add_candidate(out, form, limit);
  }
  return out;
}

void ChineseQueryTranslator::choose_pairs_by_corpus(std::vector<ChineseSegment>& segs, QueryState& state) const {
  if (state.phrases == nullptr || !state.phrases->documents) return;
  const ChinesePhrases& phrases = *state.phrases;
  const auto count = [&](const std::string& english) -> std::optional<std::uint64_t> {
    if (const auto known = state.phrase_documents.find(english); known != state.phrase_documents.end())
      return known->second;
    if (state.pair_lookups >= kPairLookupsPerQuery) return std::nullopt;
    ++state.pair_lookups;
    return state.phrase_documents.emplace(english, phrases.documents(english)).first->second;
  };
  // The documents of one candidate (a word or a phrase of its own), or 0 when the engine
  // cannot count it exactly: a side of stop words only has none either.
  const auto side_documents = [&](const std::string& english) -> std::uint64_t {
    const std::optional<std::uint64_t> documents = count(english);
    return documents ? *documents : 0;
  };
  // The documents writing `first second` when that pair is a collocation (see the top of
  // this file) and more than `beat` do, else 0. The sides' counts come first: they bound the
  // pair's (adjacent ≤ min(df)), so most pairs are settled without counting the phrase.
  const auto collocation = [&](const std::string& first, const std::string& second,
                               std::uint64_t beat) -> std::uint64_t {
    const std::uint64_t first_docs = side_documents(first);
    const std::uint64_t second_docs = side_documents(second);
    const std::uint64_t at_most = std::min(first_docs, second_docs);
    // Lift above 1, in integers: adjacent × N > df(first) × df(second). Document counts are
    // below 2^32 (32-bit DocIds), so neither product overflows 64 bits.
    const auto lifts = [&](std::uint64_t adjacent) {
      return adjacent * phrases.corpus_documents > first_docs * second_docs;
    };
    if (at_most < kMinPairDocuments || at_most <= beat || !lifts(at_most)) return 0;
    const std::optional<std::uint64_t> adjacent = count(first + " " + second);
    if (!adjacent || *adjacent < kMinPairDocuments || *adjacent <= beat || !lifts(*adjacent)) return 0;
    return *adjacent;
  };
  // The candidate pair, other than the words' own (`own_first own_second`), that is the most
  // written collocation; ties keep the earlier candidates (the dictionaries' order). Null
  // pointers when none is a collocation.
  struct Pair {
    const std::string* first = nullptr;
    const std::string* second = nullptr;
  };
  const auto most_written = [&](const std::vector<std::string>& firsts, const std::vector<std::string>& seconds,
                                const std::string& own_first, const std::string& own_second) {
    std::uint64_t best = 0;
    Pair pair;
    for (const std::string& first : firsts) {
      for (const std::string& second : seconds) {
        if (first == own_first && second == own_second) continue;  // tested by the caller
        if (const std::uint64_t documents = collocation(first, second, best); documents > best) {
          best = documents;
          pair = {&first, &second};
        }
      }
    }
    return pair;
  };
  // A word joined with a suffix character (卵巢 + 癌 → "ovary cancer", join_morphemes) is a
  // pair inside one segment: its first word may take a compound form of the word before
  // the suffix (卵巢 → ovarian) where the corpus writes that pair ("ovarian cancer") and not
  // the segment's own.
  for (ChineseSegment& s : segs) {
    const std::size_t space = s.chosen.find(' ');
    if (s.kind != ChineseSegment::Kind::Word || space == std::string::npos ||
        s.chosen.find(' ', space + 1) != std::string::npos) {
      continue;
    }
    const std::size_t last_char = last_character(s.text);
    const auto* forms = last_char == 0 ? nullptr : dict_->compound_forms(std::string_view(s.text).substr(0, last_char));
    if (forms == nullptr) continue;
    const std::string first = s.chosen.substr(0, space);
    const std::vector<std::string> head{s.chosen.substr(space + 1)};
    if (collocation(first, head[0], 0) > 0) continue;
    const std::vector<std::string> firsts(
        forms->begin(), forms->begin() + static_cast<std::ptrdiff_t>(std::min(forms->size(), kCompoundFormCandidates)));
    if (const Pair pair = most_written(firsts, head, first, head[0]); pair.first != nullptr) {
      choose(s, *pair.first + " " + head[0]);
    }
  }
  // A word whose translation a collocation confirmed keeps it for the next pair.
  std::vector<bool> confirmed(segs.size(), false);
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    ChineseSegment& a = segs[i];
    ChineseSegment& b = segs[i + 1];
    if (!pairable(a) || !pairable(b)) continue;
    if (a.kind != ChineseSegment::Kind::Word && b.kind != ChineseSegment::Kind::Word) continue;
    // The words' own choices stand when they are a collocation themselves.
    if (collocation(a.chosen, b.chosen, 0) > 0) {
      confirmed[i] = confirmed[i + 1] = true;
      continue;
    }
    const std::vector<std::string> firsts = confirmed[i] ? std::vector<std::string>{a.chosen} : pair_candidates(a);
    const std::vector<std::string> seconds = pair_candidates(b);
    const Pair pair = most_written(firsts, seconds, a.chosen, b.chosen);  // points into firsts, seconds
    if (pair.first == nullptr) continue;
    choose(a, *pair.first);
    choose(b, *pair.second);
    confirmed[i] = confirmed[i + 1] = true;
  }
}

}  // namespace medsearch::query
