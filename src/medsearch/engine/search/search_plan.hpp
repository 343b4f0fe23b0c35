// Step 1 of a search (engine/search/searcher.cpp): the request compiled into a plan that
// the later steps only read. Chinese text is translated first, the query parsed (PubMed
// syntax or plain words), compiled into ranking terms and a Boolean match tree, and the
// filters turned into a match tree of their own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "medsearch/core/deadline.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/query_compiler.hpp"
#include "medsearch/engine/search/search_request.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine {

// A Searcher's defaults for what a request leaves out: the index's ranking.json, else the
// built-in values (ranking_config.hpp).
struct RankingDefaults {
  lexical::RankingParams ranking{};
  PrfParams prf{};
  TransferParams transfer{};
};

struct SearchPlan {
  const SearchRequest& request;
  lexical::RankingParams ranking{};               // the request's, else the Searcher's default
  PrfParams prf{};                                // the request's values over the Searcher's defaults
  TransferParams transfer{};                      // likewise
  std::optional<QueryTranslation> translation{};  // a query with CJK characters
  CompiledQuery compiled{};                       // ranking terms, match tree, highlight terms
  std::optional<lexical::MatchNode> filters{};    // the request's filters; none when it has none
  std::string understood{};                       // the parsed query as shown to users
  std::string dense_text{};                       // the words a dense model reads
  // The query as typed when it was translated (Chinese): what a multilingual dense model
  // reads instead of dense_text (query_vector, retrieval.hpp). Empty otherwise.
  std::string typed_text{};
  // Free text with ranking terms: matches documents with any of them, ranked. Otherwise
  // the match tree decides what matches and its positive terms (if any) only score.
  bool ranked_free_text = false;
  std::size_t wanted = 0;  // offset + limit: hits to rank before the page is cut
  Deadline deadline{};     // the request's time budget: every later step's loops check it
};

// The index's vocabulary for the Chinese translator (query::ChineseVocabulary): about how
// many live documents hold `english` after the index's own analysis. One word: its
// documents. Several: the documents holding them as a phrase (adjacent, in order, in one
// field), so that a multi-word name counts only where the literature writes it ("colitis
// gravis", an old synonym of ulcerative colitis, has both words in some documents but is in
// none). A phrase count is bounded in cost, and where it would cost more the fewest
// documents of one word stands in for it (an upper bound):
//  - two words whose word-pair list every segment holds (lexical/word_pairs.hpp): that
//    list's documents, read from the lexicon (dead ones included: pair lists are not
//    adjusted for deletions);
//  - otherwise positions are read for the documents holding the rarest word, when it has
//    at most kPhrasePositionDocs documents and `budget` (the query's, in such documents,
//    lowered by each check) allows.
// compile_plan gives each query a budget of kPhrasePositionBudget.
inline constexpr std::uint64_t kPhrasePositionDocs = 2000;
inline constexpr std::uint64_t kPhrasePositionBudget = 5000;
// The pair choice's own budget (query::ChinesePhrases, decision 0044): it compares tens of
// candidate phrases per compound, so it gets a tenth of the vocabulary's. 500 kept every dev
// choice that 5,000 made and held translation's p99 within 0.15 ms of the choice's absence
// on the 1M synthetic index (docs/chinese.md, session 27).
inline constexpr std::uint64_t kPairPositionBudget = 500;
// count_phrase_documents says which: `exact` is false where the bound stands in.
struct PhraseDocuments {
  std::uint64_t documents = 0;
  bool exact = true;
};
PhraseDocuments count_phrase_documents(const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                                       std::string_view english, const Deadline& deadline, std::uint64_t& budget);
// The documents, exact or bound (the term list's and the senses' choice: a bound keeps a
// name the corpus may hold).
std::uint64_t vocabulary_documents(const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                                   std::string_view english, const Deadline& deadline, std::uint64_t& budget);

// Checks the request's limits and ranking (Error(InvalidArgument) naming the value), and
// compiles it. `chinese` null: CJK text is searched as typed (`unavailable` says why).
// `deadline`: the request's budget, already running (Error(DeadlineExceeded) past it).
SearchPlan compile_plan(const SearchRequest& request, const RankingDefaults& defaults,
                        const lexical::DocumentAnalyzer& analyzer, const IndexReader& index,
                        const query::ChineseQueryTranslator* chinese, const std::string& unavailable,
                        const Deadline& deadline = Deadline());

}  // namespace medsearch::engine
