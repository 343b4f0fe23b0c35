// JSON views of index content for the CLI and (later) the HTTP API. nlohmann::ordered_json is the
// apps' common currency (docs/decisions/0003-json-in-engine-api.md).
#pragma once

#include <nlohmann/json.hpp>

#include "medsearch/core/article.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"

namespace medsearch::engine {

// Every field of the stored record; absent optional fields are omitted, lists kept.
nlohmann::ordered_json article_to_json(const Article& article);

// `medsearch stats`: documents (live), doc_ids_used, deletions applied, replacements,
// skipped records by reason, files applied, segments, has-abstract count, the ids of the
// first five live documents (sample_ids), and histograms
// over live documents of year, language and publication type.
nlohmann::ordered_json index_stats(const IndexReader& index);

// The summary `medsearch ingest` prints at the end.
nlohmann::ordered_json ingest_summary_to_json(const IngestSummary& summary);

}  // namespace medsearch::engine
