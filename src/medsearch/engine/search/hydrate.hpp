// Step 5 of a search (engine/search/searcher.cpp): the page of ranked documents
// (offset .. offset + limit) as hits. Each article is decoded once, for its title, journal,
// year, authors, DOI and snippet; with fetch_documents off only the external id is read.
#pragma once

#include <vector>

#include "medsearch/core/scored_doc.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/search/search_plan.hpp"
#include "medsearch/lexical/document_analyzer.hpp"

namespace medsearch::engine {

std::vector<SearchHit> hydrate(const SearchPlan& plan, const RankedList& ranked, const IndexReader& index,
                               const lexical::DocumentAnalyzer& analyzer);

}  // namespace medsearch::engine
