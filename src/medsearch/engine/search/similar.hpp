// "More like this": the documents most similar to one document, found by searching for
// its most characteristic words (a term-selection approach as in Lucene's MoreLikeThis:
// weight = term frequency in the document × idf, idf = ln(N / df)).
// Stateless functions over an immutable IndexReader/Searcher: thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "medsearch/core/ids.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/searcher.hpp"

namespace medsearch::engine {

struct SimilarTerm {
  std::string word;  // the word as written in the document (its first occurrence)
  std::string term;  // the analysed prose term
  double weight = 0; // tf (title + abstract) × idf
};

// Up to `max_terms` terms of the document's title and abstract, highest weight first.
// Terms that occur in no other document (df ≤ 1) are skipped: they cannot find anything.
std::vector<SimilarTerm> similar_terms(const IndexReader& index, const Searcher& searcher, DocId doc,
                                       std::size_t max_terms = 20);

// Searches with the words of similar_terms(doc) as a plain-syntax query and `request`'s
// ranking, limit, offset and filters (its query and syntax are replaced). The document itself
// is never among the hits; `total` excludes it. `understood` is the query that was run.
// Throws Error(InvalidArgument) for a dead or out-of-range DocId, or offset + limit ≥ kMaxLimit.
SearchResponse search_similar(const IndexReader& index, const Searcher& searcher, DocId doc,
                              SearchRequest request, std::size_t max_terms = 20);

}  // namespace medsearch::engine
