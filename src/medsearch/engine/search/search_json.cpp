#include "medsearch/engine/search/search_json.hpp"

namespace medsearch::engine {

namespace {

nlohmann::ordered_json facets_json(const FacetCounts& facets) {
  using json = nlohmann::ordered_json;
  const auto values = [](const std::vector<FacetValue>& list) {
    json out = json::array();
    for (const FacetValue& v : list) out.push_back({{"value", v.value}, {"count", v.count}});
    return out;
  };
  json years = json::array();
  for (const YearCount& y : facets.years) years.push_back({{"year", y.year}, {"count", y.count}});
  return {{"documents", facets.documents},   {"years", std::move(years)},
          {"unknown_year", facets.unknown_year}, {"has_abstract", facets.has_abstract},
          {"publication_types", values(facets.publication_types)}, {"languages", values(facets.languages)},
          {"journals", values(facets.journals)}};
}

}  // namespace

std::string pubmed_url(const std::string& pmid) { return "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/"; }

nlohmann::ordered_json to_json(const SearchResponse& response, const SearchRequest& request, bool highlight) {
  using json = nlohmann::ordered_json;
  json out;
  out["query_understood"] = response.understood;
  if (response.translation) {
    out["translation"] = {{"searched", response.translation->searched},
                          {"shown", response.translation->shown},
                          {"note", response.translation->note},
                          {"unrecognized", response.translation->unrecognized},
                          {"dense_as_typed", response.translation->dense_as_typed}};
  } else {
    out["translation"] = nullptr;
  }
  out["total"] = response.total;
  out["total_is_exact"] = response.total_is_exact;
  out["took_ms"] = response.took_ms;
  out["offset"] = request.offset;
  out["limit"] = request.limit;
  if (response.facets) out["facets"] = facets_json(*response.facets);
  out["hits"] = json::array();
  for (const SearchHit& hit : response.hits) {
    json h;
    h["id"] = hit.id;
    h["title"] = hit.title;
    h["journal"] = hit.journal;
    h["year"] = hit.year == 0 ? json(nullptr) : json(hit.year);
    h["authors"] = hit.authors;
    h["score"] = hit.score;
    h["snippet"] = highlight ? snippet_html(hit.snippet) : snippet_marked(hit.snippet, "", "");
    h["doi"] = hit.doi.empty() ? json(nullptr) : json(hit.doi);
    h["pubmed_url"] = pubmed_url(hit.id);
    out["hits"].push_back(std::move(h));
  }
  return out;
}

}  // namespace medsearch::engine
