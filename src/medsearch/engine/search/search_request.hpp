// The types of one search: engine::SearchRequest (what to find, how to rank it, which page)
// and engine::SearchResponse (what was found), shared by the Searcher, the one parameter
// parser (engine/search_params.hpp: CLI flags and HTTP parameters → SearchRequest) and the
// one JSON view (engine/search_json.hpp). The limits on a request are defined here once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "medsearch/core/ids.hpp"
#include "medsearch/engine/dense/dense_index.hpp"
#include "medsearch/engine/search/facets.hpp"
#include "medsearch/engine/search/snippet.hpp"
#include "medsearch/lexical/ranking.hpp"
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

// Lexical: BM25 or TF-IDF (the ranking's model). Dense: the query's vector against the
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

// The learned re-ranker (ranker.bin, `medsearch train-ranker`): the first stage's best
// `depth` candidates re-ordered by the model's score; the rest follow in first-stage order.
struct RerankParams {
  std::optional<bool> on;  // nullopt: on when the index has a model
  std::size_t depth = 100;
};

// Pseudo-relevance feedback, RM3 (engine/search/prf.hpp, docs/ranking.md): the lexical
// query is expanded with the `terms` most likely words of its first `docs` results and
// searched again; `original_weight` (λ) is the original query's share; a word in more than
// `max_doc_fraction` of the live documents is never added. Off by default.
struct PrfParams {
  bool on = false;
  std::size_t docs = 10;         // fbDocs (Anserini's RM3 default)
  std::size_t terms = 10;        // fbTerms
  float original_weight = 0.5f;  // λ: 1 keeps the original query's ranking
  // Anserini's RM3 df cut (Lin; castorini/anserini PR #289): a word in more than 10% of the
  // documents acts as a stop word for feedback; 1 adds words whatever their frequency.
  float max_doc_fraction = 0.1f;
  bool operator==(const PrfParams&) const = default;
};

// What a request asks of PRF: each value not given is the Searcher's default (the index's
// ranking.json "prf", else PrfParams{}).
struct PrfRequest {
  std::optional<bool> on;
  std::optional<std::size_t> docs;
  std::optional<std::size_t> terms;
  std::optional<float> original_weight;
  std::optional<float> max_doc_fraction;

  static PrfRequest all(const PrfParams& p) { return {p.on, p.docs, p.terms, p.original_weight, p.max_doc_fraction}; }
  PrfParams over(const PrfParams& base) const {
    return {on.value_or(base.on), docs.value_or(base.docs), terms.value_or(base.terms),
            original_weight.value_or(base.original_weight), max_doc_fraction.value_or(base.max_doc_fraction)};
  }
};

// Judgment transfer (engine/search/judgment_transfer.hpp, decision 0040): the documents
// judged relevant to the `neighbours` judged queries most like this one join the first
// stage's list with `weight` × their normalised transfer score. Acts only where the index
// has judged queries (`medsearch train-transfer`); weight 0 turns it off. The defaults were
// chosen on nfcorpus-dev (docs/ranking.md "Judgment transfer").
struct TransferParams {
  float weight = 0.7f;
  std::size_t neighbours = 3;
  bool operator==(const TransferParams&) const = default;
};

// What a request asks of judgment transfer: each value not given is the Searcher's default
// (the index's ranking.json "transfer", else TransferParams{}).
struct TransferRequest {
  std::optional<float> weight;
  std::optional<std::size_t> neighbours;
  TransferParams over(const TransferParams& base) const {
    return {weight.value_or(base.weight), neighbours.value_or(base.neighbours)};
  }
};

// Limits on a request: the parser rejects a larger value naming the parameter, and the
// Searcher checks them again for requests built in code (Error(InvalidArgument)).
inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::size_t kMaxOffset = 10000;
inline constexpr std::size_t kMaxDepth = 10000;
inline constexpr std::size_t kMaxRerankDepth = 1000;
inline constexpr std::size_t kMaxPrfDocs = 100;
inline constexpr std::size_t kMaxPrfTerms = 100;
inline constexpr float kMaxTransferWeight = 100;
inline constexpr std::size_t kMaxTransferNeighbours = 100;
inline constexpr std::size_t kMaxEfSearch = 100000;
inline constexpr std::size_t kMaxNprobe = 100000;
inline constexpr std::size_t kMaxQueryBytes = 4096;  // the HTTP API's default for `q`
inline constexpr std::size_t kMaxTruncations = 256;  // truncated words (`term*`): the parser's leaf limit
inline constexpr std::uint32_t kMaxBudgetMs = 600000;  // the longest time budget a request may ask

struct SearchRequest {
  std::string query;
  QuerySyntax syntax = QuerySyntax::Pubmed;  // Plain: words only (query::parse_plain)
  // Model (bm25 | tfidf), k1, b, field weights. nullopt: the Searcher's defaults, which are
  // the index's ranking.json (written by `medsearch tune --save`) or the built-in ones.
  std::optional<lexical::RankingParams> ranking;
  RetrievalMode mode = RetrievalMode::Lexical;
  HybridParams hybrid;  // dense and hybrid modes
  RerankParams rerank;  // relevance order only
  PrfRequest prf;       // lexical side, relevance order only
  TransferRequest transfer;  // relevance order only, where the index has judged queries
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
  // The time budget (core/deadline.hpp), from the start of Searcher::search: past it the
  // search stops with Error(DeadlineExceeded). 0: no limit.
  std::uint32_t budget_ms = 0;
  // Truncated words (`term*`) allowed in the query; each scans the lexicon for its
  // expansions. More is Error(InvalidArgument) naming `q`. Servers lower it (docs/api.md).
  std::size_t max_truncations = kMaxTruncations;
  // Facet counts (year timeline, publication types, languages, journals, has-abstract)
  // over every matching document (facets.hpp); off by default: they cost a pass over the
  // matches. `facet_top`: values listed per facet, 1..kMaxFacetTop.
  bool facets = false;
  std::size_t facet_top = kDefaultFacetTop;
};

struct SearchHit {
  DocId doc;
  std::string id;  // PMID
  float score = 0;
  std::string title;
  std::string journal;
  std::uint16_t year = 0;  // 0: unknown
  std::vector<std::string> authors;  // "Smith JA"
  std::string doi;                   // "" when the record has none
  Snippet snippet;                   // abstract (else title) excerpt with matches marked
};

// How a Chinese query was understood (docs/chinese.md).
struct QueryTranslation {
  std::string searched;  // the English words searched ("" when the dictionaries are absent)
  std::string shown;     // the concepts as shown to the user ("deep brain stimulation, parkinson's disease")
  std::string note;      // why it was not translated ("" when it was)
  // Parts no dictionary or rule translated (searched as typed; shown as "未识别: …").
  std::vector<std::string> unrecognized;
  // The dense side (dense, hybrid, or the re-ranker's dense feature) embedded the query as
  // typed, not the translation: the model is multilingual (TextEmbedder::multilingual).
  bool dense_as_typed = false;
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  std::uint64_t total = 0;        // matching documents
  bool total_is_exact = true;     // false: `total` is a lower bound (pruned ranked search)
  std::string understood;         // the parsed query (of the translation, for Chinese), canonical form
  std::optional<QueryTranslation> translation;  // set for a query with CJK characters
  std::vector<std::string> highlight_terms;     // analysed prose terms the snippets mark (make_snippet)
  std::optional<FacetCounts> facets;            // when SearchRequest::facets
  double took_ms = 0;
};

}  // namespace medsearch::engine
