// Chinese query understanding, part 2: a Chinese (or mixed Chinese/Latin) query turned into
// an English plain-words query for the normal pipeline (docs/chinese.md):
//   Traditional → Simplified (OpenCC) → runs of Han characters segmented by the
//   maximum-probability path over word frequencies (a DAG of dictionary words, dynamic
//   programming from the end, as jieba does) → each segment translated with CC-CEDICT,
//   medical senses preferred → Chinese function words dropped, Latin-script parts kept
//   as typed, unknown segments kept in Chinese (the index's CJK bigrams can still match).
// Never throws for any input; empty and punctuation-only queries give an empty result.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "medsearch/query/chinese_dictionaries.hpp"
#include "medsearch/query/chinese_word_formation.hpp"

namespace medsearch::query {

// True when `text` holds a CJK ideograph, kana or Hangul syllable (any position).
bool contains_cjk(std::string_view text);

struct ChineseAlternative {
  std::string english;
  float weight = 0;  // 1 for the chosen translation, less for alternatives
  // A dictionary sense other than the chosen one (吃: "suffer" where "eat" was chosen), not
  // a synonym or another name of the same meaning.
  bool other_sense = false;
};

struct ChineseSegment {
  enum class Kind { Word, Unknown, FunctionWord, Latin };
  std::string text;                           // as segmented (Simplified)
  Kind kind = Kind::Word;
  std::string chosen;                         // the English used ("" when dropped or unknown)
  std::vector<ChineseAlternative> alternatives;  // chosen first, then the others, by weight
};

struct ChineseTranslation {
  bool has_cjk = false;
  std::string simplified;                // the input after Traditional → Simplified
  std::vector<ChineseSegment> segments;  // in input order
  std::string english;                   // plain-words query text ("" when nothing to search)
  std::string display;                   // "检索: deep brain stimulation, parkinson's disease"
  // Segments no dictionary or rule translated (kind Unknown), distinct, in input order: they
  // are searched as typed (CJK bigrams) and shown to the user as "未识别: …" so they can
  // rephrase (issue 15 item 3).
  std::vector<std::string> unrecognized;
  // Each searched English text (a word of `english` or a phrase of several) with its
  // weight: 1 for a chosen translation, the alternative's weight for a near-tie or extra
  // synonym (the highest when one text comes from several segments). The engine makes these
  // the terms' boosts: a weighted OR (issue 15 item 3).
  std::vector<ChineseAlternative> weighted;
  bool empty() const { return english.empty(); }
};

struct ChineseTranslatorOptions {
  // How many synonyms of each segment's best sense go into the query besides the chosen one
  // (the plain query is an unweighted OR; extra words widen recall, may cost precision).
  // 0 (default): one translation per segment; on the NFCorpus dev queries every extra
  // synonym cost nDCG@10 (docs/chinese.md).
  std::size_t extra_synonyms = 0;
  // Alternatives weighted at least this much are near-ties and always searched (the
  // glossary's "irrigation | rinse" pairs, weight 0.9).
  float near_tie = 0.85f;
};

// The index's vocabulary, as the engine sees it: the number of documents that hold
// `english` after the index's analysis (a single word: its documents; several: as a phrase,
// adjacent and in order; 0 when some word never occurs). The
// translator uses it to choose among a term's English equivalents: a candidate the corpus
// does not contain is not chosen (decision 0023). query/ cannot see the lexicon (DESIGN.md §2),
// so the engine passes this in.
using ChineseVocabulary = std::function<std::uint64_t(std::string_view english)>;
// What the pair choice (decision 0044) asks of the index: `documents` is ChineseVocabulary's
// count where the engine can give it exactly within its cost bound, nullopt where it would
// only have an upper bound; `corpus_documents` is the number of live documents.
struct ChinesePhrases {
  std::function<std::optional<std::uint64_t>(std::string_view english)> documents;
  std::uint64_t corpus_documents = 0;
};

class ChineseQueryTranslator {
 public:
  explicit ChineseQueryTranslator(std::shared_ptr<const ChineseDictionaries> dictionaries,
                                  ChineseTranslatorOptions options = {});
  // Const and thread-safe. `vocabulary` (may be null) checks English candidates against
  // the index; without it, candidates are ranked by their dictionary weights alone.
  // `phrases` (may be null) lets adjacent words choose their English together
  // (choose_pairs_by_corpus); without it each word's own choice stands.
  ChineseTranslation translate(std::string_view query, const ChineseVocabulary* vocabulary = nullptr,
                               const ChinesePhrases* phrases = nullptr) const;
  // Segmentation only (Simplified input, Han characters), exposed for tests.
  std::vector<std::string> segment(std::string_view han_run) const;
  const ChineseDictionaries& dictionaries() const { return *dict_; }

 private:
  std::vector<std::string> segment_impl(std::string_view han_run, bool translatable_only) const;
  struct QueryState;
  bool translate_word(ChineseSegment& segment, const ChineseVocabulary* vocabulary, QueryState& state) const;
  bool translate_term(ChineseSegment& segment, const ChineseVocabulary* vocabulary) const;
  // What one translate() call carries from run to run. A word's translation depends only on
  // its text and the vocabulary, so a word the query repeats is translated once; this keeps
  // a long query (the API accepts 4 KB) linear in its length.
  struct QueryState {
    std::size_t lookups = 0;        // word formation's vocabulary lookups, bounded (see the .cpp)
    std::size_t sense_lookups = 0;  // weigh_senses_by_corpus's, bounded (see the .cpp)
    std::size_t pair_lookups = 0;   // choose_pairs_by_corpus's, bounded (chinese_pair_choice.cpp)
    const ChinesePhrases* phrases = nullptr;  // translate()'s
    // phrases->documents' answers, by English text (a pair's words recur across its pairs).
    std::unordered_map<std::string, std::optional<std::uint64_t>> phrase_documents;
    // Each word's segment as translate_word left it (kind Unknown when nothing translated).
    std::unordered_map<std::string, ChineseSegment> words;
    // Word formation's spellings of a character (chinese_word_formation.hpp), by character.
    std::unordered_map<std::string, std::vector<Spelling>> spellings;
  };
  // One Han run → its segments, translated: names formed by word formation where the
  // vocabulary confirms one (chinese_word_formation.hpp), the rest segmented word by word.
  std::vector<ChineseSegment> translate_run(std::string_view run, const ChineseVocabulary* vocabulary,
                                            QueryState& state) const;
  // Two adjacent translated segments (no function word between them) whose own choices are
  // not a collocation of the corpus take the pair of their candidates (pair_candidates) that
  // is the most written collocation, if any (decision 0044: 生长因子 "grow factor" → "growth
  // factor"; the test is in chinese_pair_choice.cpp). Left to right; a word a collocation
  // confirmed keeps its choice. Counts come from state.phrases; a pair it cannot count
  // exactly is not compared. Without it nothing changes.
  void choose_pairs_by_corpus(std::vector<ChineseSegment>& group, QueryState& state) const;
  // A segment's English candidates for the pair choice: its chosen translation, its
  // alternatives of the same sense, the term list's names for its text (kPairCandidates at
  // most), then the nouns derived from the chosen English. A Latin segment offers itself only.
  std::vector<std::string> pair_candidates(const ChineseSegment& segment) const;
  // True when a dictionary translates `word` whole (glossary, CC-CEDICT, term list).
  bool translatable(std::string_view word) const;
  std::shared_ptr<const ChineseDictionaries> dict_;
  ChineseTranslatorOptions options_;
};

}  // namespace medsearch::query
