#include "medsearch/engine/search/similar.hpp"

#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/search/searcher.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/fields.hpp"

namespace medsearch::engine {
namespace {

struct Candidate {
  std::string word;
  std::uint32_t tf = 0;
};

// Document frequency among live documents, as the rankers count it.
std::uint64_t doc_freq(const IndexReader& index, const std::string& term) {
  return lexical::live_doc_freq(index.lexical_segments(), term, &index.dead_documents());
}

bool worth_querying(const std::string& term) {
  if (term.size() < 3) return false;  // "6", "il": too ambiguous on their own
  return !std::all_of(term.begin(), term.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<SimilarTerm> similar_terms(const IndexReader& index, const Searcher& searcher, DocId doc,
                                       std::size_t max_terms) {
  if (!index.is_live(doc)) throw Error(ErrorCode::InvalidArgument, "doc " + std::to_string(doc.value) + " is not a live document");
  const Article article = index.article(doc);
  const std::string text = article.title + "\n" + article.abstract_text();
  std::vector<text::Token> tokens;
  searcher.analyzer().prose().analyze(text, tokens);
  std::map<std::string, Candidate> candidates;
  for (const text::Token& token : tokens) {
    if (!worth_querying(token.term)) continue;
    Candidate& c = candidates[token.term];
    if (c.tf++ == 0) c.word = text.substr(token.start_offset, token.end_offset - token.start_offset);
  }
  const double n = std::max<double>(1.0, static_cast<double>(index.live_count()));
  std::vector<SimilarTerm> out;
  for (const auto& [term, c] : candidates) {
    const std::uint64_t df = doc_freq(index, term);
    if (df <= 1) continue;
    out.push_back({c.word, term, c.tf * std::log(n / static_cast<double>(df))});
  }
  // Ties broken by term so the query (and so the result) is deterministic.
  std::sort(out.begin(), out.end(), [](const SimilarTerm& a, const SimilarTerm& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
  });
  if (out.size() > max_terms) out.resize(max_terms);
  return out;
}

SearchResponse search_similar(const IndexReader& index, const Searcher& searcher, DocId doc, SearchRequest request,
                              std::size_t max_terms) {
  const std::vector<SimilarTerm> terms = similar_terms(index, searcher, doc, max_terms);
  SearchResponse response;
  if (request.mode != RetrievalMode::Lexical) {
    // Dense and hybrid: the nearest neighbours of the document's stored vector.
    const DenseIndex& dense = searcher.dense();
    request.query_vector.assign(dense.dim(), 0.0f);
    if (!dense.vector_of(doc, request.query_vector.data())) {
      throw Error(ErrorCode::Unavailable, "document " + index.external_id(doc) + " has no vector yet; run `medsearch embed`");
    }
  } else if (terms.empty()) {
    return response;
  }
  request.syntax = QuerySyntax::Plain;
  request.query.clear();
  std::map<std::string, bool> seen;  // two terms may share a surface word ("IL-6" → il6, il)
  for (const SimilarTerm& t : terms) {
    if (seen.emplace(t.word, true).second) request.query += (request.query.empty() ? "" : " ") + t.word;
  }
  const std::size_t limit = request.limit, offset = request.offset;
  if (offset + limit >= kMaxLimit) {
    throw Error(ErrorCode::InvalidArgument, "offset + limit must be below " + std::to_string(kMaxLimit) + " for similar articles");
  }
  request.offset = 0;
  request.limit = offset + limit + 1;  // one extra: the document itself is dropped
  response = searcher.search(request);
  // The document matches its own words, so it is nearly always the first hit; were it
  // ranked beyond the window, `total` would count it.
  if (std::erase_if(response.hits, [&](const SearchHit& hit) { return hit.doc == doc; }) > 0 && response.total > 0) {
    response.total -= 1;
  }
  response.hits.erase(response.hits.begin(), response.hits.begin() + std::min(offset, response.hits.size()));
  if (response.hits.size() > limit) response.hits.resize(limit);
  return response;
}

}  // namespace medsearch::engine
