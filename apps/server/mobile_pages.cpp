#include "mobile_pages.hpp"

#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/search_json.hpp"
#include "medsearch/engine/search/search_params.hpp"
#include "medsearch/engine/search/snippet.hpp"
#include "mobile_links.hpp"

namespace medsearch::server {
namespace {

using engine::html_escape;

// The pages load only their stylesheet.
constexpr const char* kMobilePolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct Labels {
  const char* lang;
  const char* search;
  const char* placeholder;
  const char* searched;     // "检索" before the understood query
  const char* results;      // "共 %s 条结果"
  const char* results_end;
  const char* none;
  const char* previous;
  const char* next;
  const char* page;
  const char* page_end;
  const char* abstract;
  const char* no_abstract;
  const char* understood;   // how the query was understood
  const char* unrecognized;  // parts of a Chinese query no dictionary translated
  const char* back;
  const char* not_found;
  const char* other_ui;     // the link to the other language
  const char* other_ui_param;
};

constexpr Labels kChinese = {"zh-CN", "检索", "输入检索词（中文或英文）", "检索", "共 ", " 条结果", "没有找到结果，请换个说法。",
                             "上一页", "下一页", "第 ", " 页", "摘要", "（无摘要）", "查询解读", "未识别", "返回结果",
                             "没有这篇文献", "English", "en"};
constexpr Labels kEnglish = {"en", "Search", "Search words (Chinese or English)", "Searched", "", " results",
                             "No results; try other words.", "Previous", "Next", "Page ", "", "Abstract",
                             "(no abstract)", "How the query was understood", "Not recognised", "Back to results", "No such article",
                             "中文", "zh"};

std::string first_param(const HttpRequest& request, const char* name) {
  const auto it = request.params.find(name);
  return it == request.params.end() ? std::string() : it->second;
}

const Labels& labels_for(const HttpRequest& request) { return first_param(request, "ui") == "en" ? kEnglish : kChinese; }

// "&ui=en" for English pages, so links keep the language.
std::string ui_suffix(const Labels& l) { return &l == &kEnglish ? "&ui=en" : ""; }

std::string search_form(const Labels& l, const std::string& query) {
  std::string html = "<form class=\"search\" action=\"/m/search\" method=\"get\" role=\"search\">"
                     "<input type=\"search\" name=\"q\" value=\"" + html_escape(query) + "\" placeholder=\"" +
                     l.placeholder + "\" aria-label=\"" + l.search + "\">";
  if (&l == &kEnglish) html += "<input type=\"hidden\" name=\"ui\" value=\"en\">";
  return html + "<button type=\"submit\">" + l.search + "</button></form>";
}

HttpResponse page(const Labels& l, int status, const std::string& title, const std::string& query, const std::string& main,
                  const std::string& other_ui_url) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::string("<!doctype html><html lang=\"") + l.lang + "\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>" + html_escape(title) + "</title><link rel=\"icon\" href=\"/favicon.svg\"><link rel=\"stylesheet\" href=\"/m.css\"></head><body>"
                  "<header>" + search_form(l, query) + "</header><main>" + main + "</main>"
                  "<footer><a href=\"" + html_escape(other_ui_url) + "\">" + l.other_ui + "</a> · medsearch</footer>"
                  "</body></html>";
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Security-Policy", kMobilePolicy);
  return response;
}

std::string understood_html(const Labels& l, const engine::SearchResponse& response) {
  if (!response.translation) return {};
  const engine::QueryTranslation& t = *response.translation;
  const std::string text = t.shown.empty() ? t.note : t.shown;
  std::string html;
  if (!text.empty()) html = std::string("<p class=\"understood\">") + l.understood + "：<strong>" + html_escape(text) + "</strong></p>";
  if (!t.unrecognized.empty()) {
    std::string parts;
    for (const std::string& part : t.unrecognized) parts += (parts.empty() ? "" : "、") + part;
    html += std::string("<p class=\"unrecognized\">") + l.unrecognized + "：" + html_escape(parts) + "</p>";
  }
  return html;
}

std::string authors_line(const Article& article) {
  std::string line;
  std::size_t count = 0;
  for (const Author& author : article.authors) {
    const std::string name = author.collective_name.empty() ? author.last_name + " " + author.initials : author.collective_name;
    if (++count > 10) {
      line += ", et al.";
      break;
    }
    line += (line.empty() ? "" : ", ") + name;
  }
  return line;
}

// The request's search over the shared parameter parser: page/ui are the page's own.
engine::ParsedSearch parse_page_search(const engine::Searcher& searcher, const HttpRequest& request, const engine::SearchCaps& caps,
                                       std::size_t& page_number) {
  engine::SearchParams params;
  page_number = 1;
  for (const auto& [name, value] : request.params) {
    if (name == "page") {
      if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoul(value) < 1 || std::stoul(value) > 1000) {
        throw Error(ErrorCode::InvalidArgument, "parameter 'page' must be an integer in 1..1000");
      }
      page_number = std::stoul(value);
    } else if (name != "ui") {
      params.emplace(name, value);
    }
  }
  params.erase("k");
  params.erase("offset");
  params.emplace("k", std::to_string(kMobilePageSize));
  params.emplace("offset", std::to_string((page_number - 1) * kMobilePageSize));
  engine::SearchParamContext context;
  context.base_ranking = searcher.default_ranking();
  context.caps = caps;
  return engine::parse_search_params(params, context);
}

}  // namespace

HttpResponse mobile_search_page(const engine::Searcher& searcher, const HttpRequest& request, const engine::SearchCaps& caps) {
  const Labels& l = labels_for(request);
  const std::string query = first_param(request, "q");
  const std::string other_ui = mobile_search_url("", query) + (&l == &kEnglish ? "" : "&ui=en");
  if (query.empty()) return page(l, 200, "medsearch", query, "", other_ui);
  std::size_t page_number = 1;
  engine::SearchResponse response;
  try {
    const engine::ParsedSearch parsed = parse_page_search(searcher, request, caps, page_number);
    response = searcher.search(parsed.request);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::InvalidArgument) throw;
    return page(l, 400, query, query, "<p class=\"error\">" + html_escape(e.what()) + "</p>", other_ui);
  }
  std::string main = understood_html(l, response);
  if (response.hits.empty()) {
    main += std::string("<p class=\"count\">") + l.none + "</p>";
    return page(l, 200, query, query, main, other_ui);
  }
  const std::string total = std::to_string(response.total) + (response.total_is_exact ? "" : "+");
  main += std::string("<p class=\"count\">") + l.results + total + l.results_end + "</p>";
  const std::size_t first = (page_number - 1) * kMobilePageSize;
  main += "<ol class=\"hits\" start=\"" + std::to_string(first + 1) + "\">";
  for (const engine::SearchHit& hit : response.hits) {
    main += "<li><a class=\"title\" href=\"" + html_escape(mobile_doc_url("", hit.id, query) + ui_suffix(l)) + "\">" +
            html_escape(hit.title) + "</a><div class=\"meta\">" + html_escape(hit.journal) +
            (hit.year > 0 ? " · " + std::to_string(hit.year) : "") + "</div><p class=\"snippet\">" +
            engine::snippet_html(hit.snippet) + "</p></li>";
  }
  main += "</ol><nav class=\"pager\">";
  if (page_number > 1) {
    main += "<a href=\"" + html_escape(mobile_search_url("", query, page_number - 1) + ui_suffix(l)) + "\">" + l.previous + "</a>";
  }
  main += std::string("<span>") + l.page + std::to_string(page_number) + l.page_end + "</span>";
  if (first + response.hits.size() < response.total) {
    main += "<a href=\"" + html_escape(mobile_search_url("", query, page_number + 1) + ui_suffix(l)) + "\">" + l.next + "</a>";
  }
  main += "</nav>";
  return page(l, 200, query, query, main, other_ui);
}

HttpResponse mobile_doc_page(const engine::Searcher& searcher, const HttpRequest& request, const std::string& pmid) {
  const Labels& l = labels_for(request);
  const std::string query = first_param(request, "q");
  const std::string other_ui = mobile_doc_url("", pmid, query) + (query.empty() ? "?" : "&") +
                               "ui=" + l.other_ui_param;
  const std::optional<DocId> doc = pmid.size() <= 64 ? searcher.index().find(pmid) : std::nullopt;
  if (!doc) return page(l, 404, l.not_found, query, std::string("<p class=\"error\">") + l.not_found + "</p>", other_ui);
  const Article article = searcher.index().article(*doc);
  // The query's terms and translation, as its search computes them (one hit, no documents).
  std::set<std::string> terms;
  std::string main;
  if (!query.empty() && query.size() <= engine::kMaxQueryBytes) {
    engine::SearchRequest search;
    search.query = query;
    search.syntax = engine::QuerySyntax::Plain;
    search.limit = 1;
    search.fetch_documents = false;
    const engine::SearchResponse response = searcher.search(search);
    terms.insert(response.highlight_terms.begin(), response.highlight_terms.end());
    main += "<p class=\"back\"><a href=\"" + html_escape(mobile_search_url("", query) + ui_suffix(l)) + "\">← " + l.back +
            "</a></p>" + understood_html(l, response);
  }
  main += "<article><h1>" + html_escape(article.title) + "</h1><p class=\"authors\">" + html_escape(authors_line(article)) +
          "</p><p class=\"meta\">" + html_escape(article.journal.title.empty() ? article.journal.iso_abbreviation : article.journal.title) +
          (article.pub_year > 0 ? " · " + std::to_string(article.pub_year) : "") + "</p>";
  main += std::string("<h2>") + l.abstract + "</h2>";
  if (article.abstract.empty()) main += std::string("<p class=\"abstract\">") + l.no_abstract + "</p>";
  for (const AbstractSection& section : article.abstract) {
    // The whole section as one "snippet" marks every occurrence of the query's terms.
    const engine::Snippet marked = engine::make_snippet(searcher.analyzer().prose(), section.text, terms, section.text.size() + 1);
    main += "<p class=\"abstract\">" + (section.label.empty() ? "" : "<b>" + html_escape(section.label) + "</b> ") +
            engine::snippet_html(marked) + "</p>";
  }
  main += "<p class=\"links\"><a href=\"" + html_escape(engine::pubmed_url(article.id)) + "\">PubMed " + html_escape(article.id) + "</a>";
  if (!article.doi.empty()) {
    main += " · <a href=\"https://doi.org/" + html_escape(article.doi) + "\">DOI " + html_escape(article.doi) + "</a>";
  }
  main += "</p></article>";
  return page(l, 200, article.title, query, main, other_ui);
}

}  // namespace medsearch::server
