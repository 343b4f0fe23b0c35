// engine::Searcher: the one search API the apps use (CLI, HTTP server, eval and tune).
// Immutable after construction; search() is const and thread-safe, so one Searcher over
// one IndexReader serves every thread. Per-request state lives inside search().
// At construction it reads what the index carries for searching: ranking.json (the
// default ranking, `medsearch tune --save`), so every app ranks an index alike.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/dense_index.hpp"
#include "medsearch/engine/index_reader.hpp"
#include "medsearch/engine/search_request.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/ranking.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::engine {

class Searcher {
 public:
  // Throws Error(Corrupt) naming ranking.json when the index has one that is not valid.
  explicit Searcher(const IndexReader& index);
  // With a given Chinese translator (null: Chinese text is searched as typed); the other
  // constructor loads the process-wide one (engine/chinese_query.hpp) on first CJK query.
  Searcher(const IndexReader& index, std::shared_ptr<const query::ChineseQueryTranslator> chinese);
  // The ranking a request without its own gets: the index's ranking.json, else the built-in
  // defaults. Request parsers start from it, so a request that sets only k1 keeps the rest.
  const lexical::RankingParams& default_ranking() const { return default_ranking_; }
  // Throws Error(InvalidArgument) for a malformed query (with its position) or a bad
  // parameter (named).
  SearchResponse search(const SearchRequest& request) const;
  // Loads now what the first query would otherwise load: the Chinese dictionaries (for the
  // process-wide translator) and, when the index has one, the dense model, FAISS index and
  // vectors, then embeds one query so that the encoder's first-call costs are paid too.
  // Returns one line per part with its time ("Chinese dictionaries 812 ms"), or the reason a
  // part is unavailable; never throws (a part that fails to load fails again at query time).
  std::vector<std::string> warm_up() const;
  const lexical::DocumentAnalyzer& analyzer() const { return analyzer_; }

 private:
  // Dense mode: replaces `ranked` by the dense hits. Hybrid: fuses `ranked` (the lexical
  // list) with the dense list. Sets the response's total.
  void dense_rank(const SearchRequest& request, const std::string& text, const lexical::DocBitmap* allowed,
                  std::size_t wanted, std::vector<lexical::ScoredDoc>& ranked, SearchResponse& response) const;

  const IndexReader& index_;
  lexical::RankingParams default_ranking_;
  lexical::DocumentAnalyzer analyzer_;
  bool chinese_default_ = true;
  std::shared_ptr<const query::ChineseQueryTranslator> chinese_;
};

}  // namespace medsearch::engine
