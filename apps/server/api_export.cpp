// GET or POST /api/export (docs/api.md "Citation export"): the citations of named PMIDs
// (`pmid`, repeatable or comma-separated) or of a query's results (`q` and every search
// parameter, up to `max`) as a RIS, BibTeX, MEDLINE or CSV file download. POST sends the
// PMIDs as a text/plain body (separated by commas or white space, like a PMID file) with
// the other parameters in the URL: a GET URL passes the HTTP library's 8 KB request-line
// limit at about 800 PMIDs, and so does a form body (its url-encoded bodies are capped at
// 8 KB too), while bodies of other types may be ServerOptions::max_body_bytes (64 KB).
#include "api.hpp"
#include "medsearch/cite/citation_format.hpp"
#include "medsearch/engine/search/export_selection.hpp"

namespace medsearch::server {
namespace {

// "1,2, 3" and repeated parameters alike → {"1","2","3"}.
std::vector<std::string> split_ids(const std::multimap<std::string, std::string>& params) {
  std::vector<std::string> ids;
  for (auto [it, end] = params.equal_range("pmid"); it != end; ++it) {
    std::size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      const std::size_t comma = std::min(v.find(',', start), v.size());
      std::string id = v.substr(start, comma - start);
      id.erase(0, id.find_first_not_of(' '));
      id.erase(id.find_last_not_of(' ') + 1);
      if (id.empty()) throw Error(ErrorCode::InvalidArgument, "parameter 'pmid' has an empty item");
      ids.push_back(id);
      start = comma + 1;
    }
  }
  return ids;
}

// A POST's body as one comma-separated `pmid` parameter.
HttpRequest with_posted_pmids(const HttpRequest& request) {
  const auto type = request.headers.find("content-type");
  if (type == request.headers.end() || type->second.rfind("text/plain", 0) != 0) {
    throw Error(ErrorCode::InvalidArgument, "POST /api/export takes its PMIDs as a text/plain body, got Content-Type '" +
                                                (type == request.headers.end() ? std::string() : type->second.substr(0, 64)) + "'");
  }
  if (request.params.count("pmid") != 0) {
    throw Error(ErrorCode::InvalidArgument, "POST /api/export takes its PMIDs in the body, not as parameter 'pmid'");
  }
  std::string joined;
  std::size_t i = 0;
  const std::string& body = request.body;
  const auto separator = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < body.size()) {
    while (i < body.size() && separator(body[i])) ++i;
    const std::size_t start = i;
    while (i < body.size() && !separator(body[i])) ++i;
    if (i > start) joined.append(joined.empty() ? "" : ",").append(body, start, i - start);
  }
  if (joined.empty()) throw Error(ErrorCode::InvalidArgument, "POST /api/export: the body names no PMID");
  HttpRequest out = request;
  out.params.emplace("pmid", std::move(joined));
  return out;
}

}  // namespace

HttpResponse Api::export_citations(const HttpRequest& raw) const {
  const HttpRequest request = raw.method == "POST" ? with_posted_pmids(raw) : raw;
  HttpRequest search = request;  // the search parameters: what is not the export's own
  const auto single = [&](const char* name) -> std::string {
    const auto [first, last] = request.params.equal_range(name);
    if (first == last) return "";
    if (std::next(first) != last) throw Error(ErrorCode::InvalidArgument, std::string("parameter '") + name + "' must be given once");
    return first->second;
  };
  const std::string format_name = single("format");
  if (format_name.empty()) throw Error(ErrorCode::InvalidArgument, "parameter 'format' is required (ris, bibtex, medline or csv)");
  const cite::CitationFormat format = cite::parse_citation_format(format_name);
  const std::string max = single("max");
  for (const char* own : {"format", "max", "pmid"}) search.params.erase(own);

  std::vector<Article> articles;
  std::string name = "medsearch-citations";
  if (request.params.count("pmid") != 0) {
    if (!search.params.empty()) {
      throw Error(ErrorCode::InvalidArgument, "parameter 'pmid' cannot be given with '" + search.params.begin()->first.substr(0, 64) + "'");
    }
    if (!max.empty()) throw Error(ErrorCode::InvalidArgument, "parameter 'max' applies to a query export, not to 'pmid'");
    const std::vector<std::string> ids = split_ids(request.params);
    articles = engine::articles_by_id(index_, ids);
    if (articles.size() == 1) name = "pubmed-" + articles.front().id;
  } else {
    std::size_t max_results = engine::kDefaultExportResults;
    if (!max.empty()) {
      try {
        std::size_t used = 0;
        max_results = std::stoul(max, &used);
        if (used != max.size()) throw std::invalid_argument(max);
      } catch (const std::logic_error&) {
        max_results = 0;
      }
      if (max_results == 0 || max_results > engine::kMaxExportResults) {
        throw Error(ErrorCode::InvalidArgument, "parameter 'max' must be an integer in 1.." +
                                                    std::to_string(engine::kMaxExportResults) + ", got '" + max.substr(0, 32) + "'");
      }
    }
    const engine::ParsedSearch parsed = parse_search(search, true);
    articles = engine::articles_for_query(index_, searcher_, parsed.request, max_results);
  }
  HttpResponse response;
  response.content_type = std::string(cite::content_type(format));
  response.body = cite::format_citations(articles, format);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "." +
                                                           std::string(cite::file_extension(format)) + "\"");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace medsearch::server
