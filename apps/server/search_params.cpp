#include "search_params.hpp"

#include <charconv>
#include <cstdlib>
#include <set>

#include "medsearch/engine/snippet.hpp"

namespace medsearch::server {
namespace {

[[noreturn]] void bad(const std::string& name, const std::string& what) {
  throw Error(ErrorCode::InvalidArgument, "parameter '" + name + "' " + what);
}

// The single value of `name`, or nullptr. A repeated single-valued parameter is an error.
const std::string* single(const HttpRequest& r, const std::string& name) {
  const auto [first, last] = r.params.equal_range(name);
  if (first == last) return nullptr;
  if (std::next(first) != last) bad(name, "must be given once");
  return &first->second;
}

std::vector<std::string> all(const HttpRequest& r, const std::string& name) {
  std::vector<std::string> out;
  const auto [first, last] = r.params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) bad(name, "must not be empty");
    out.push_back(it->second);
  }
  return out;
}

long long integer(const std::string& name, const std::string& text, long long min, long long max) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    bad(name, "must be " + std::to_string(min) + ".." + std::to_string(max));
  }
  return value;
}

bool boolean(const std::string& name, const std::string& text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  bad(name, "must be 0 or 1");
}

const std::set<std::string>& known_params() {
  static const std::set<std::string> names = {"q", "mode", "syntax", "k", "limit", "offset", "sort", "year_from",
                                              "year_to", "journal", "pt", "lang", "mesh", "has_abstract", "highlight",
                                              "fusion", "alpha", "depth", "ef_search", "nprobe"};
  return names;
}

}  // namespace

engine::SearchRequest parse_search_params(const HttpRequest& r, const ParamLimits& limits, bool with_query) {
  for (const auto& [name, value] : r.params) {
    if (!known_params().contains(name) || (!with_query && name == "q")) {
      throw Error(ErrorCode::InvalidArgument, "unknown parameter '" + name.substr(0, 64) + "'");
    }
  }
  engine::SearchRequest request;
  if (with_query) {
    const std::string* q = single(r, "q");
    if (q == nullptr || q->find_first_not_of(" \t\r\n") == std::string::npos) bad("q", "is required");
    if (q->size() > limits.max_query_bytes) bad("q", "must be at most " + std::to_string(limits.max_query_bytes) + " bytes");
    request.query = *q;
  }
  if (const std::string* mode = single(r, "mode")) {
    if (*mode == "bm25") request.ranking.model = lexical::RankingModel::Bm25;
    else if (*mode == "tfidf") request.ranking.model = lexical::RankingModel::TfIdf;
    else if (*mode == "dense") request.mode = engine::RetrievalMode::Dense;
    else if (*mode == "hybrid") request.mode = engine::RetrievalMode::Hybrid;
    else bad("mode", "must be bm25, tfidf, dense or hybrid");
  }
  if (const std::string* fusion = single(r, "fusion")) {
    if (*fusion == "rrf") request.hybrid.fusion = rank::FusionMethod::Rrf;
    else if (*fusion == "weighted") request.hybrid.fusion = rank::FusionMethod::WeightedSum;
    else bad("fusion", "must be rrf or weighted");
  }
  if (const std::string* alpha = single(r, "alpha")) {
    // A weight in hundredths would be awkward in URLs; parse a decimal in 0..1.
    char* end = nullptr;
    const double value = std::strtod(alpha->c_str(), &end);
    if (alpha->empty() || end != alpha->c_str() + alpha->size() || !(value >= 0 && value <= 1)) bad("alpha", "must be a number in 0..1");
    request.hybrid.alpha = static_cast<float>(value);
  }
  if (const std::string* depth = single(r, "depth")) request.hybrid.depth = integer("depth", *depth, 1, engine::kMaxDepth);
  if (const std::string* ef = single(r, "ef_search")) request.hybrid.dense.ef_search = integer("ef_search", *ef, 1, 100000);
  if (const std::string* nprobe = single(r, "nprobe")) request.hybrid.dense.nprobe = integer("nprobe", *nprobe, 1, 100000);
  if (const std::string* syntax = single(r, "syntax")) {
    if (*syntax == "pubmed") request.syntax = engine::QuerySyntax::Pubmed;
    else if (*syntax == "plain") request.syntax = engine::QuerySyntax::Plain;
    else bad("syntax", "must be pubmed or plain");
  }
  const std::string* k = single(r, "k");
  const std::string* limit = single(r, "limit");
  if (k != nullptr && limit != nullptr) bad("limit", "cannot be given with 'k'");
  if (k != nullptr) request.limit = integer("k", *k, 1, engine::kMaxLimit);
  if (limit != nullptr) request.limit = integer("limit", *limit, 1, engine::kMaxLimit);
  if (const std::string* offset = single(r, "offset")) request.offset = integer("offset", *offset, 0, engine::kMaxOffset);
  if (const std::string* sort = single(r, "sort")) {
    if (*sort == "relevance") request.sort = engine::SortOrder::Relevance;
    else if (*sort == "date") request.sort = engine::SortOrder::Date;
    else bad("sort", "must be relevance or date");
  }
  // An empty year (a cleared form field) means open.
  if (const std::string* y = single(r, "year_from"); y != nullptr && !y->empty()) {
    request.filters.year_from = static_cast<std::uint16_t>(integer("year_from", *y, 1000, 2999));
  }
  if (const std::string* y = single(r, "year_to"); y != nullptr && !y->empty()) {
    request.filters.year_to = static_cast<std::uint16_t>(integer("year_to", *y, 1000, 2999));
  }
  if (request.filters.year_from != 0 && request.filters.year_to != 0 && request.filters.year_from > request.filters.year_to) {
    bad("year_to", "must not be before year_from");
  }
  request.filters.journals = all(r, "journal");
  request.filters.publication_types = all(r, "pt");
  request.filters.languages = all(r, "lang");
  request.filters.mesh = all(r, "mesh");
  if (const std::string* h = single(r, "has_abstract")) request.filters.has_abstract = boolean("has_abstract", *h);
  return request;
}

bool parse_highlight(const HttpRequest& r) {
  const std::string* h = single(r, "highlight");
  return h == nullptr || boolean("highlight", *h);
}

std::string pubmed_url(const std::string& pmid) { return "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/"; }

nlohmann::ordered_json search_response_to_json(const engine::SearchResponse& response, const engine::SearchRequest& request,
                                               const engine::IndexReader& index, bool highlight) {
  nlohmann::ordered_json out;
  out["query_understood"] = response.understood;
  out["total"] = response.total;
  out["total_is_exact"] = response.total_is_exact;
  out["took_ms"] = response.took_ms;
  out["offset"] = request.offset;
  out["limit"] = request.limit;
  out["hits"] = nlohmann::ordered_json::array();
  for (const engine::SearchHit& hit : response.hits) {
    nlohmann::ordered_json h;
    h["id"] = hit.id;
    h["title"] = hit.title;
    h["journal"] = hit.journal;
    h["year"] = hit.year;
    h["authors"] = hit.authors;
    h["score"] = hit.score;
    h["snippet"] = highlight ? engine::snippet_html(hit.snippet) : engine::snippet_marked(hit.snippet, "", "");
    if (std::string doi = index.article(hit.doc).doi; !doi.empty()) h["doi"] = std::move(doi);
    h["pubmed_url"] = pubmed_url(hit.id);
    out["hits"].push_back(std::move(h));
  }
  return out;
}

}  // namespace medsearch::server
