// Chinese query understanding, part 3: systematic word formation for terms no dictionary has
// (issue 15 item 2, decision 0033). A Chinese approved drug name is the English (INN) name
// transliterated syllable by syllable, ending in a fixed rendering of the INN stem: 伊马替尼
// is i-ma + 替尼 (-tinib), 阿托伐他汀 a-to(r)-va + 他汀 (-statin). The characters before the
// stem are spelled back from their pinyin (several spellings each), the stem's English is
// appended, and a candidate is used only when the index's vocabulary contains it
// (query::ChineseVocabulary): the rule proposes, the corpus decides, nothing is invented.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::query {

// A Chinese rendering of an INN/USAN stem and its English forms, commonest first.
struct FormationStem {
  std::string_view chinese;
  std::vector<std::string_view> english;
  // An INN stem (a drug name); false for the chemistry suffixes 酸, 酸盐, 酶, whose compounds
  // the suffix rules translate word by word when no name is confirmed.
  bool drug = true;
};

// The stems, longest Chinese first (so 康唑 is tried before 唑). Sources in the .cpp.
const std::vector<FormationStem>& formation_stems();

// A Latin spelling of one character and its cost (0: the most regular spelling).
struct Spelling {
  std::string latin;
  int cost = 0;
};

// The spellings of one Han character in a transliterated name: chemistry prefixes it
// stands for (氯 chlor/clo, 氟 flu, 甲 meth, …) and the Latin spellings of each pinyin reading
// (`readings`: toneless lower-case pinyin, "u:" or "v" for ü), cheapest first, no duplicates.
std::vector<Spelling> character_spellings(std::string_view character, const std::vector<std::string>& readings);

// Candidate English words: one spelling per prefix character, concatenated, then each English
// form of `stem` ("i"+"ma"+"tinib"), cheapest total cost first (given each character's
// spellings cheapest first, as character_spellings returns them; equal costs by the
// characters' spelling indices in order), at most `cap`, no duplicates.
// Empty when a character has no spelling. Throws std::length_error past 2^64 combinations of
// spellings (the translator passes at most 4 characters of a few dozen spellings each).
std::vector<std::string> formation_candidates(const std::vector<std::vector<Spelling>>& prefix,
                                              const FormationStem& stem, std::size_t cap);

// The same candidates in the same order, handed to `take` one at a time as the search finds
// them; the search stops when `take` returns true (the caller has what it wanted) or after
// `cap` candidates. Returns how many were handed over. The translator stops at the first
// candidate its vocabulary confirms, so the rest of the `cap` are never built.
std::size_t visit_formation_candidates(const std::vector<std::vector<Spelling>>& prefix, const FormationStem& stem,
                                       std::size_t cap, const std::function<bool(const std::string&)>& take);

}  // namespace medsearch::query
