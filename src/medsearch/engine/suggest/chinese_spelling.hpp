// "Did you mean" for Chinese queries, from the dictionaries the Chinese translator uses
// (CC-CEDICT headwords with senses, jieba frequencies; query/chinese_dictionaries.hpp).
// A typing slip in Chinese is usually a wrong character of the same sound (帕金生病 for
// 帕金森病) or a character too many or too few, so: in each run of Han characters, the
// characters the translator's segmentation leaves weak (a one-character segment, or a word
// without an English sense) mark where a slip may be; every window of 2..8 characters
// around such a character that is not itself a headword is compared with the headwords of
// at least min_chars characters at character OSA distance 1 (edit_distance.hpp). One
// replacement at a time: the one that leaves the fewest weak characters in the run (then the
// longest headword, then the most frequent), repeated (at most 3 times) while the number of
// weak characters falls.
// Immutable after construction; correct() is const and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/engine/suggest/edit_distance_trie.hpp"
#include "medsearch/engine/suggest/spelling_corrector.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine::suggest {

class ChineseSpelling {
 public:
  // `translator` must outlive this.
  explicit ChineseSpelling(const query::ChineseQueryTranslator& translator, std::size_t min_chars = 2);

  // The query (in Simplified characters) with its slips corrected; nullopt when none.
  std::optional<Correction> correct(std::string_view query) const;
  std::size_t headword_count() const { return trie_.words().size(); }

 private:
  std::size_t weak_characters(const std::u32string& run) const;
  std::vector<bool> weak_flags(const std::u32string& run) const;
  std::u32string correct_run(const std::u32string& run) const;

  const query::ChineseQueryTranslator& translator_;
  std::size_t min_chars_;
  EditDistanceTrie<char32_t> trie_;
};

}  // namespace medsearch::engine::suggest
