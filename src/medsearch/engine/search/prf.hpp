// Pseudo-relevance feedback on the lexical side: RM3 (Lavrenko & Croft, "Relevance-Based
// Language Models", SIGIR 2001, RM1; interpolated with the original query as in Abdul-Jaleel
// et al., "UMass at TREC 2004: Novelty and HARD", RM3). The query's first `docs` results are
// taken as relevant, the `terms` words most likely under their relevance model are added to
// the query, and the expanded query is searched again (docs/ranking.md "Pseudo-relevance
// feedback"; decision 0026).
//
//   P(w|d)   = tf(w, d) / |d|                 (maximum likelihood; tf and |d| over the prose fields)
//   P(Q|d)  ≈ s(d) / Σ_{d'∈F} s(d')          (the first stage's BM25F score, as Anserini's RM3)
//   P(w|R)   = Σ_{d∈F} P(w|d) · P(Q|d), cut to the `terms` largest of the words in at most
//              `max_doc_fraction` of the documents, and renormalised to sum 1
//   P'(w|Q)  = λ · P(w|Q) + (1 − λ) · P(w|R),  P(w|Q) = boost(w) / Σ boosts
//
// The expanded terms carry P'(w|Q) · Σ boosts as their BM25F boost, so λ = 1 (or no
// expansion words) reproduces the original query's scores exactly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "medsearch/core/doc_set.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_plan.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/top_k.hpp"

namespace medsearch::engine {

// One feedback document: its prose terms with their tf summed over the four prose fields,
// its length (the fields' lengths summed) and its first-stage score.
struct FeedbackDocument {
  std::vector<std::pair<std::string, double>> tf;
  double length = 0;
  double score = 0;
};

// The expanded query (pure). Original terms keep their field scope; expansion words search
// every prose field, and a word already in the query unscoped gets the two weights summed.
// Words of one character or only digits are not added (they carry no topic). Ties in
// P(w|R) are broken by the word, so the result does not depend on input order.
// `doc_fraction(w)`: the share of the collection's documents holding w, asked only for
// words that would otherwise be added, most likely first (a few lexicon lookups, not one
// per word of the feedback documents); a word above params.max_doc_fraction is passed over
// for the next one (Anserini's RM3 df cut). Null: no cut.
std::vector<lexical::QueryTerm> rm3_expand(const std::vector<lexical::QueryTerm>& original,
                                           const std::vector<FeedbackDocument>& feedback, const PrfParams& params,
                                           const std::function<double(const std::string&)>& doc_fraction = nullptr);

// The feedback documents of `ranked` (its first params.docs), read from the document store
// and analysed with the index's analyzer; documents with a score ≤ 0 are left out.
std::vector<FeedbackDocument> feedback_documents(const RankedList& ranked, std::size_t docs, const IndexReader& index,
                                                 const lexical::DocumentAnalyzer& analyzer);

// The plan with its ranking terms expanded when plan.prf is on and it applies
// (relevance order, a lexical or hybrid mode, ranking terms); otherwise nullopt. Runs the
// first lexical search over `allowed` for the feedback documents.
std::optional<SearchPlan> expand_plan(const SearchPlan& plan, const std::optional<DocSet>& allowed, const IndexReader& index,
                                      const lexical::DocumentAnalyzer& analyzer);

}  // namespace medsearch::engine
