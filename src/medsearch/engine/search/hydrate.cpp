#include "medsearch/engine/search/hydrate.hpp"

#include <set>

#include "medsearch/engine/search/snippet.hpp"

namespace medsearch::engine {
namespace {

std::string author_label(const ArticleHeadline::AuthorName& a) {
  if (!a.collective_name.empty()) return std::string(a.collective_name);
  std::string label(a.last_name);
  if (!a.initials.empty()) label.append(" ").append(a.initials);
  return label;
}

// The abstract on one line, for snippets: "LABEL: text" sections joined by spaces.
std::string snippet_source(const ArticleHeadline& a) {
  std::string out;
  for (const ArticleHeadline::Section& s : a.abstract) {
    if (!out.empty()) out += ' ';
    if (!s.label.empty()) out.append(s.label).append(": ");
    out += s.text;
  }
  return out;
}

}  // namespace

std::vector<SearchHit> hydrate(const SearchPlan& plan, const RankedList& ranked, const IndexReader& index,
                               const lexical::DocumentAnalyzer& analyzer) {
  const SearchRequest& request = plan.request;
  const std::set<std::string> highlight(plan.compiled.highlight_terms.begin(), plan.compiled.highlight_terms.end());
  std::vector<SearchHit> hits;
  ArticleHeadline article;  // views into `record`; both reused hit after hit
  std::string record;
  if (request.fetch_documents) {
    // The page's records are scattered through the doc stores: start loading them all, so
    // that their cache misses overlap instead of stalling one decode after another.
    for (std::size_t i = request.offset; i < ranked.size() && i < plan.wanted; ++i)
      index.prefetch_record(ranked[i].doc);
  }
  for (std::size_t i = request.offset; i < ranked.size() && i < plan.wanted; ++i) {
    SearchHit hit;
    hit.doc = ranked[i].doc;
    hit.score = ranked[i].score;
    if (!request.fetch_documents) {
      hit.id = index.external_id(hit.doc);
      hits.push_back(std::move(hit));
      continue;
    }
    index.headline(hit.doc, article, record);
    hit.id = article.id;
    hit.title = article.title.empty() ? article.vernacular_title : article.title;
    hit.journal = article.journal_iso_abbreviation.empty() ? article.journal_title : article.journal_iso_abbreviation;
    hit.year = article.pub_year;
    hit.doi = article.doi;
    hit.authors.reserve(article.authors.size());
    for (const ArticleHeadline::AuthorName& a : article.authors) hit.authors.push_back(author_label(a));
    if (request.snippets) {
      const std::string abstract = snippet_source(article);
      hit.snippet = make_snippet(analyzer.prose(), abstract.empty() ? hit.title : abstract, highlight);
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace medsearch::engine
