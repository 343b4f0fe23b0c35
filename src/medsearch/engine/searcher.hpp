// engine::Searcher: the one search API the apps use (CLI now; HTTP later).
// Immutable after construction; search() is const and thread-safe, so one Searcher over
// one IndexReader serves every thread. Per-request state lives inside search().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/engine/dense_index.hpp"
#include "medsearch/engine/index_reader.hpp"
#include "medsearch/engine/snippet.hpp"
#include "medsearch/lexical/boolean_match.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/ranking.hpp"
#include "medsearch/query/chinese_translator.hpp"
#include "medsearch/rank/fusion.hpp"

namespace medsearch::engine {

enum class SortOrder : std::uint8_t { Relevance, Date };

struct SearchFilters {
  std::uint16_t year_from = 0;  // inclusive; 0 = open
  std::uint16_t year_to = 0;    // inclusive; 0 = open
  std::vector<std::string> journals;           // any of (ISO abbreviation or title)
  std::vector<std::string> publication_types;  // any of ("Review", "Randomized Controlled Trial")
  std::vector<std::string> languages;          // any of ("eng", or "english")
  std::vector<std::string> mesh;               // all of (descriptor names)
  bool has_abstract = false;
};

enum class QuerySyntax : std::uint8_t { Pubmed, Plain };

// Lexical: BM25 or TF-IDF (SearchRequest::ranking). Dense: the query's vector against the
// documents' (IndexReader::dense()). Hybrid: both lists fused (docs/dense.md).
enum class RetrievalMode : std::uint8_t { Lexical, Dense, Hybrid };

struct HybridParams {
  rank::FusionMethod fusion = rank::FusionMethod::WeightedSum;
  // Weight of the dense list in a weighted sum; the lexical list gets 1 − alpha.
  float alpha = 0.4f;
  // Documents taken from each list before fusing (at least offset + limit).
  std::size_t depth = 100;
  DenseSearchParams dense;  // FAISS knobs (HNSW ef_search, IVF nprobe)
};

struct SearchRequest {
  std::string query;
  QuerySyntax syntax = QuerySyntax::Pubmed;  // Plain: words only (query::parse_plain)
  lexical::RankingParams ranking;  // model (bm25 | tfidf), k1, b, field weights
  RetrievalMode mode = RetrievalMode::Lexical;
  HybridParams hybrid;  // dense and hybrid modes
  // Dense and hybrid modes: this vector instead of the query's (similar articles pass a
  // document's stored vector). Empty: the query text is embedded.
  std::vector<float> query_vector;
  std::size_t limit = 10;
  std::size_t offset = 0;
  SortOrder sort = SortOrder::Relevance;
  SearchFilters filters;
  bool snippets = true;
  // false: hits carry only doc, id and score (no title, authors, snippet): batch runs.
  bool fetch_documents = true;
  // Chinese query understanding (docs/chinese.md): a query with CJK characters is
  // translated to English and the translation searched as plain words.
  bool chinese = true;
};

// Limits on a request (a larger value is an Error(InvalidArgument) naming it).
inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::size_t kMaxOffset = 10000;
inline constexpr std::size_t kMaxDepth = 10000;

struct SearchHit {
  DocId doc;
  std::string id;  // PMID
  float score = 0;
  std::string title;
  std::string journal;
  std::uint16_t year = 0;
  std::vector<std::string> authors;  // "Smith JA"
  Snippet snippet;                   // abstract (else title) excerpt with matches marked
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  std::uint64_t total = 0;        // matching documents
  bool total_is_exact = true;     // false: `total` is a lower bound (pruned ranked search)
  std::string understood;         // the parsed query, canonical form
  std::string translated;         // Chinese queries: "检索: deep brain stimulation, ..." ("" if none)
  double took_ms = 0;
};

class Searcher {
 public:
  explicit Searcher(const IndexReader& index);
  // With a given Chinese translator (null: Chinese text is searched as typed); the other
  // constructor loads the process-wide one (engine/chinese_query.hpp) on first CJK query.
  Searcher(const IndexReader& index, std::shared_ptr<const query::ChineseQueryTranslator> chinese);
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
  lexical::DocumentAnalyzer analyzer_;
  bool chinese_default_ = true;
  std::shared_ptr<const query::ChineseQueryTranslator> chinese_;
};

}  // namespace medsearch::engine
