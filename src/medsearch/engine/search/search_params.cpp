#include "medsearch/engine/search/search_params.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iterator>

#include "medsearch/core/error.hpp"

namespace medsearch::engine {
namespace {

constexpr SearchParamInfo kTable[] = {
    {"q", "TEXT", "The query: PubMed syntax (docs/query-syntax.md), or plain words with syntax=plain; Chinese is translated", false, true},
    {"mode", "bm25|tfidf|dense|hybrid", "Ranking: BM25F or TF-IDF (lexical), dense vectors, or both fused (default: the index's lexical model)"},
    {"syntax", "pubmed|plain", "Query syntax (default pubmed; plain: words only, no operators, tags, phrases or truncation)"},
    {"k", "N", "Number of results, 1..1000 (default 10); same as limit"},
    {"limit", "N", "Number of results, 1..1000 (default 10)"},
    {"offset", "N", "Results to skip, 0..10000 (paging)"},
    {"sort", "relevance|date", "Order (date: newest first; lexical modes only)"},
    {"year_from", "YEAR", "Published in this year or later"},
    {"year_to", "YEAR", "Published in this year or earlier"},
    {"journal", "NAME", "Journal (ISO abbreviation or title); repeat for any of several", true},
    {"pt", "TYPE", "Publication type, e.g. Review; repeat for any of several", true},
    {"lang", "CODE", "Language, e.g. eng or english; repeat for any of several", true},
    {"mesh", "HEADING", "MeSH heading that must be present; repeat for all of several", true},
    {"has_abstract", "", "Only documents with an abstract (0|1)"},
    {"k1", "X", "BM25 k1, above 0 and at most 100 (default: ranking.json's, else 1.2)"},
    {"b", "X|FIELD=X,...", "BM25 length normalisation b in 0..1, for every field or per field (title, abstract, keywords, mesh)"},
    {"weights", "FIELD=X,...", "Field weights, e.g. title=2,abstract=1,keywords=1,mesh=1 (fields not named keep theirs)"},
    {"fusion", "weighted|rrf", "Hybrid fusion: weighted sum of normalised scores (default) or reciprocal rank fusion (k = 60)"},
    {"alpha", "0..1", "Hybrid weighted fusion: weight of the dense list (default 0.4)"},
    {"depth", "N", "Hybrid: candidates taken from each list, 1..10000 (default 100)"},
    {"rerank", "on|off", "Learned re-ranking of the first stage's candidates (default: on when the index has a model from train-ranker)"},
    {"rerank_depth", "N", "Re-ranking: candidates re-ordered by the model, 1..1000 (default 100)"},
    {"prf", "on|off", "Pseudo-relevance feedback (RM3): expand the lexical query with words of its first results and search again (default: ranking.json's, else off)"},
    {"prf_docs", "N", "PRF: feedback documents, 1..100 (default 10)"},
    {"prf_terms", "N", "PRF: expansion words, 0..100 (default 10)"},
    {"prf_weight", "0..1", "PRF: weight of the original query against the expansion (default 0.5)"},
    {"prf_max_df", "0..1", "PRF: words in more than this share of the documents are not added (default 0.1; 1: no cut)"},
    {"transfer", "X", "Judgment transfer: weight 0..100 of the documents judged relevant to similar judged queries (default: ranking.json's, else 0.7; 0: off; acts where the index has judged queries from train-transfer)"},
    {"transfer_neighbours", "N", "Judgment transfer: similar judged queries used, 1..100 (default 3)"},
    {"ef_search", "N", "Dense: HNSW search breadth, 1..100000 (default: the index's)"},
    {"nprobe", "N", "Dense: IVF lists probed, 1..100000 (default: the index's)"},
    {"chinese", "0|1", "Translate a query with Chinese characters to English (default 1)"},
    {"budget_ms", "N", "Time budget in ms: past it the search stops (HTTP 503); may only lower the server's (default: the server's, none on the CLI)"},
    {"facets", "", "Also count the matches by year, publication type, language, journal and abstract (0|1; docs/api.md)"},
    {"facet_top", "N", "Facets: values listed per facet, 1..200 (default 10)"},
    {"highlight", "0|1", "Snippets with <mark> HTML (1, default) or as plain text (0)", false, true},
};

class Reader {
 public:
  Reader(const SearchParams& params, ParamStyle style) : params_(params), style_(style) {}

  [[noreturn]] void bad(const std::string& name, const std::string& what) const {
    throw Error(ErrorCode::InvalidArgument, label(name) + " " + what);
  }

  std::string label(const std::string& name) const {
    return style_ == ParamStyle::Http ? "parameter '" + name + "'" : "option '" + cli_flag(name) + "'";
  }

  // The single value of `name`, or nullptr. A repeated single-valued parameter is an error.
  const std::string* single(const std::string& name) const {
    const auto [first, last] = params_.equal_range(name);
    if (first == last) return nullptr;
    if (std::next(first) != last) bad(name, "must be given once");
    return &first->second;
  }

  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    const auto [first, last] = params_.equal_range(name);
    for (auto it = first; it != last; ++it) {
      if (it->second.empty()) bad(name, "must not be empty");
      out.push_back(it->second);
    }
    return out;
  }

  long long integer(const std::string& name, const std::string& text, long long min, long long max) const {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
      bad(name, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max) + ", got '" + text.substr(0, 32) + "'");
    }
    return value;
  }

  double real(const std::string& name, const std::string& text, double min, double max) const {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(value >= min && value <= max)) {
      bad(name, "must be a number in " + format(min) + ".." + format(max) + ", got '" + text.substr(0, 32) + "'");
    }
    return value;
  }

  bool boolean(const std::string& name, const std::string& text) const {
    if (text == "1" || text == "true") return true;
    if (text == "0" || text == "false") return false;
    bad(name, "must be 0 or 1, got '" + text.substr(0, 32) + "'");
  }

  // "title=2,abstract=1" (any subset of the text fields), or one number for every field
  // when `single_allowed`.
  void field_values(const std::string& name, const std::string& text, bool single_allowed, double max,
                    std::array<float, lexical::kTextFieldCount>& out) const {
    if (single_allowed && text.find('=') == std::string::npos) {
      out.fill(static_cast<float>(real(name, text, 0, max)));
      return;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      const std::string item = text.substr(start, comma - start);
      const std::size_t eq = item.find('=');
      bool known = false;
      for (std::size_t f = 0; f < lexical::kTextFieldCount && eq != std::string::npos; ++f) {
        if (item.substr(0, eq) != lexical::text_field_name(static_cast<lexical::TextField>(f))) continue;
        out[f] = static_cast<float>(real(name, item.substr(eq + 1), 0, max));
        known = true;
      }
      if (!known) {
        bad(name, "takes FIELD=NUMBER items with FIELD one of title, abstract, keywords, mesh; got '" + item.substr(0, 32) + "'");
      }
      start = comma + 1;
    }
  }

 private:
  static std::string format(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

  const SearchParams& params_;
  ParamStyle style_;
};

// A server's cap never widens the engine's limit.
long long cap(std::size_t engine_max, std::size_t server_max) { return static_cast<long long>(std::min(engine_max, server_max)); }

bool known(const std::string& name) {
  for (const SearchParamInfo& p : kTable) {
    if (name == p.name) return true;
  }
  return false;
}

}  // namespace

std::span<const SearchParamInfo> search_param_table() { return kTable; }

std::string cli_flag(std::string_view name) {
  std::string flag = "--";
  flag += name;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

ParsedSearch parse_search_params(const SearchParams& params, const SearchParamContext& context) {
  const Reader r(params, context.style);
  for (const auto& [name, value] : params) {
    if (!known(name) || (!context.with_query && name == "q")) {
      throw Error(ErrorCode::InvalidArgument, "unknown " + r.label(name.substr(0, 64)));
    }
  }
  ParsedSearch out;
  SearchRequest& request = out.request;
  const SearchCaps& c = context.caps;
  if (context.with_query) {
    const std::string* q = r.single("q");
    if (q == nullptr || q->find_first_not_of(" \t\r\n") == std::string::npos) r.bad("q", "is required");
    if (q->size() > context.max_query_bytes) r.bad("q", "must be at most " + std::to_string(context.max_query_bytes) + " bytes");
    request.query = *q;
  }

  // Ranking knobs apply to the base ranking; none given leaves the Searcher's default.
  lexical::RankingParams ranking = context.base_ranking;
  bool ranking_given = false;
  if (const std::string* mode = r.single("mode")) {
    if (*mode == "bm25" || *mode == "tfidf") {
      ranking.model = *mode == "bm25" ? lexical::RankingModel::Bm25 : lexical::RankingModel::TfIdf;
      ranking_given = true;
    } else if (*mode == "dense") {
      request.mode = RetrievalMode::Dense;
    } else if (*mode == "hybrid") {
      request.mode = RetrievalMode::Hybrid;
    } else {
      r.bad("mode", "must be bm25, tfidf, dense or hybrid");
    }
  }
  if (const std::string* k1 = r.single("k1")) {
    ranking.k1 = static_cast<float>(r.real("k1", *k1, 0, 100));
    if (ranking.k1 <= 0) r.bad("k1", "must be above 0");  // BM25 needs k1 > 0 (lexical::RankingParams::validate)
    ranking_given = true;
  }
  if (const std::string* b = r.single("b")) r.field_values("b", *b, true, 1, ranking.b), ranking_given = true;
  if (const std::string* w = r.single("weights")) r.field_values("weights", *w, false, 100, ranking.weight), ranking_given = true;
  if (ranking_given) request.ranking = ranking;

  if (const std::string* fusion = r.single("fusion")) {
    if (*fusion == "rrf") request.hybrid.fusion = rank::FusionMethod::Rrf;
    else if (*fusion == "weighted") request.hybrid.fusion = rank::FusionMethod::WeightedSum;
    else r.bad("fusion", "must be weighted or rrf");
  }
  if (const std::string* alpha = r.single("alpha")) request.hybrid.alpha = static_cast<float>(r.real("alpha", *alpha, 0, 1));
  if (const std::string* depth = r.single("depth")) request.hybrid.depth = r.integer("depth", *depth, 1, cap(kMaxDepth, c.max_depth));
  if (const std::string* rerank = r.single("rerank")) {
    if (*rerank == "on" || *rerank == "1") request.rerank.on = true;
    else if (*rerank == "off" || *rerank == "0") request.rerank.on = false;
    else r.bad("rerank", "must be on or off");
  }
  if (const std::string* d = r.single("rerank_depth")) request.rerank.depth = r.integer("rerank_depth", *d, 1, cap(kMaxRerankDepth, c.max_rerank_depth));
  if (const std::string* prf = r.single("prf")) {
    if (*prf == "on" || *prf == "1") request.prf.on = true;
    else if (*prf == "off" || *prf == "0") request.prf.on = false;
    else r.bad("prf", "must be on or off");
  }
  if (const std::string* d = r.single("prf_docs")) request.prf.docs = static_cast<std::size_t>(r.integer("prf_docs", *d, 1, kMaxPrfDocs));
  if (const std::string* t = r.single("prf_terms")) request.prf.terms = static_cast<std::size_t>(r.integer("prf_terms", *t, 0, kMaxPrfTerms));
  if (const std::string* w = r.single("prf_weight")) request.prf.original_weight = static_cast<float>(r.real("prf_weight", *w, 0, 1));
  if (const std::string* f = r.single("prf_max_df")) request.prf.max_doc_fraction = static_cast<float>(r.real("prf_max_df", *f, 0, 1));
  if (const std::string* w = r.single("transfer")) request.transfer.weight = static_cast<float>(r.real("transfer", *w, 0, kMaxTransferWeight));
  if (const std::string* n = r.single("transfer_neighbours")) {
    request.transfer.neighbours = static_cast<std::size_t>(r.integer("transfer_neighbours", *n, 1, kMaxTransferNeighbours));
  }
  if (const std::string* ef = r.single("ef_search")) request.hybrid.dense.ef_search = r.integer("ef_search", *ef, 1, cap(kMaxEfSearch, c.max_ef_search));
  if (const std::string* nprobe = r.single("nprobe")) request.hybrid.dense.nprobe = r.integer("nprobe", *nprobe, 1, cap(kMaxNprobe, c.max_nprobe));
  request.hybrid.dense.max_visits = c.max_dense_visits;  // not a parameter: the server's bound
  if (const std::string* syntax = r.single("syntax")) {
    if (*syntax == "pubmed") request.syntax = QuerySyntax::Pubmed;
    else if (*syntax == "plain") request.syntax = QuerySyntax::Plain;
    else r.bad("syntax", "must be pubmed or plain");
  }
  const std::string* k = r.single("k");
  const std::string* limit = r.single("limit");
  if (k != nullptr && limit != nullptr) r.bad("limit", "cannot be given with " + r.label("k"));
  if (k != nullptr) request.limit = r.integer("k", *k, 1, cap(kMaxLimit, c.max_limit));
  if (limit != nullptr) request.limit = r.integer("limit", *limit, 1, cap(kMaxLimit, c.max_limit));
  if (const std::string* offset = r.single("offset")) request.offset = r.integer("offset", *offset, 0, cap(kMaxOffset, c.max_offset));
  if (const std::string* sort = r.single("sort")) {
    if (*sort == "relevance") request.sort = SortOrder::Relevance;
    else if (*sort == "date") request.sort = SortOrder::Date;
    else r.bad("sort", "must be relevance or date");
  }
  // An empty year (a cleared form field) means open.
  if (const std::string* y = r.single("year_from"); y != nullptr && !y->empty()) {
    request.filters.year_from = static_cast<std::uint16_t>(r.integer("year_from", *y, 1000, 2999));
  }
  if (const std::string* y = r.single("year_to"); y != nullptr && !y->empty()) {
    request.filters.year_to = static_cast<std::uint16_t>(r.integer("year_to", *y, 1000, 2999));
  }
  if (request.filters.year_from != 0 && request.filters.year_to != 0 && request.filters.year_from > request.filters.year_to) {
    r.bad("year_to", "must not be before year_from");
  }
  request.filters.journals = r.all("journal");
  request.filters.publication_types = r.all("pt");
  request.filters.languages = r.all("lang");
  request.filters.mesh = r.all("mesh");
  if (const std::string* h = r.single("has_abstract")) request.filters.has_abstract = r.boolean("has_abstract", *h);
  if (const std::string* c = r.single("chinese")) request.chinese = r.boolean("chinese", *c);
  if (const std::string* f = r.single("facets")) request.facets = r.boolean("facets", *f);
  if (const std::string* t = r.single("facet_top")) request.facet_top = r.integer("facet_top", *t, 1, kMaxFacetTop);
  if (const std::string* h = r.single("highlight")) out.highlight = r.boolean("highlight", *h);
  // The server's budget is the default and the most a request may ask (kMaxBudgetMs without one).
  request.budget_ms = c.budget_ms;
  if (const std::string* b = r.single("budget_ms")) {
    request.budget_ms = static_cast<std::uint32_t>(r.integer("budget_ms", *b, 1, c.budget_ms > 0 ? c.budget_ms : kMaxBudgetMs));
  }
  request.max_truncations = cap(kMaxTruncations, c.max_truncations);
  return out;
}

}  // namespace medsearch::engine
