// An index's judged queries: DIR/judged-queries.bin, written by `medsearch train-transfer`
// from qrels or the experts' judgments, and read by the Searcher for judgment transfer
// (judgment_transfer.hpp; docs/ranking.md "Judgment transfer"). Each query keeps its text
// and the documents judged relevant to it (external ids: PMIDs or BEIR ids, so the file
// stays valid when segments merge and DocIds change), with their grades.
// Payload: JSON {"format": 1, "trained": {...}, "queries": [{"id", "text", "relevant":
// [[id, grade], ...]}, ...]}. Footer: magic "SMCHJQ01", version 1. Replaced atomically
// (tmp, fsync, rename): a reader sees the old or the new file, never half of one.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "medsearch/eval/qrels.hpp"

namespace medsearch::engine {

inline constexpr const char* kJudgedQueriesFileName = "judged-queries.bin";

struct JudgedQuery {
  std::string id;
  std::string text;
  std::vector<std::pair<std::string, int>> relevant;  // (external document id, grade ≥ 1)
};

struct JudgedQueries {
  nlohmann::json trained;  // where they came from (source, counts), shown by `stats`-like tools
  std::vector<JudgedQuery> queries;
};

// The judged queries of `queries` (id, text) that have at least one document with grade
// ≥ 1 in `qrels`; grades of 0 and below (judged not relevant) are left out. Queries keep
// the order given, their documents are sorted by id.
std::vector<JudgedQuery> judged_queries(const std::vector<std::pair<std::string, std::string>>& queries,
                                        const eval::Qrels& qrels);

// nullopt when the index has no judged-queries.bin. Error(Corrupt) naming the file for a
// damaged one (checksum, JSON, a grade outside 1..1000, an empty id).
std::optional<JudgedQueries> load_judged_queries(const std::string& index_dir);
void save_judged_queries(const std::string& index_dir, const JudgedQueries& judged);

}  // namespace medsearch::engine
