// Builds lexical::DeadDocuments (the dead documents' share of the BM25F statistics) from
// the documents themselves: each one is read from its segment's doc store and analysed
// again with the indexing analyzer, so the terms and lengths are those it was indexed with.
// The Indexer calls it at commit for the documents that commit killed; IndexReader calls
// it for every dead document of an index written before the .stats file existed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/lexical/dead_documents.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

// Adds the documents `docs` (DocIds, any order) of the index in `dir` whose segments are
// `segments` (sorted by doc_base, as in the manifest) to `into`. Throws Error(Corrupt)
// naming the file when a document cannot be read.
void add_dead_documents(const std::string& dir, const std::vector<store::SegmentInfo>& segments,
                        std::vector<std::uint32_t> docs, const lexical::DocumentAnalyzer& analyzer,
                        lexical::DeadDocuments& into);

}  // namespace medsearch::engine
