#include "medsearch/engine/search/hydrate.hpp"

#include <set>

#include "medsearch/engine/search/snippet.hpp"

namespace medsearch::engine {
namespace {

std::string author_label(const Author& a) {
  if (!a.collective_name.empty()) return a.collective_name;
  return a.initials.empty() ? a.last_name : a.last_name + " " + a.initials;
}

// The abstract on one line, for snippets: "LABEL: text" sections joined by spaces.
std::string snippet_source(const Article& a) {
  std::string out;
  for (const AbstractSection& s : a.abstract) {
    if (!out.empty()) out += ' ';
    if (!s.label.empty()) out += s.label + ": ";
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
  for (std::size_t i = request.offset; i < ranked.size() && i < plan.wanted; ++i) {
    SearchHit hit;
    hit.doc = ranked[i].doc;
    hit.score = ranked[i].score;
    if (!request.fetch_documents) {
      hit.id = index.external_id(hit.doc);
      hits.push_back(std::move(hit));
      continue;
    }
    const Article article = index.article(hit.doc);
    hit.id = article.id;
    hit.title = article.title.empty() ? article.vernacular_title : article.title;
    hit.journal = article.journal.iso_abbreviation.empty() ? article.journal.title : article.journal.iso_abbreviation;
    hit.year = article.pub_year;
    hit.doi = article.doi;
    for (const Author& a : article.authors) hit.authors.push_back(author_label(a));
    if (request.snippets) {
      const std::string abstract = snippet_source(article);
      hit.snippet = make_snippet(analyzer.prose(), abstract.empty() ? hit.title : abstract, highlight);
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace medsearch::engine
