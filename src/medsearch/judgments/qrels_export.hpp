// Turns stored judgments into qrels for `medsearch eval` and `medsearch tune`
// (docs/eval.md "Judging in the web page").
//
// Query ids: "q" + the first 12 hex digits of the 64-bit FNV-1a hash of the normalised
// query text (Fowler–Noll–Vo, draft-eastlake-fnv), so a query keeps its id across exports
// and stores. Two texts with the same id (a 48-bit collision) are an Error(InvalidArgument).
// Grades: each judge has one grade per (query, document) (the latest: the store updates in
// place); the exported grade is their mean rounded half up — one "relevant" (2) and one
// "not relevant" (0) give 1, "partly" (1) and "relevant" (2) give 2. A single judge's grade
// is exported as is.
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/eval/qrels.hpp"
#include "medsearch/judgments/judgment_store.hpp"

namespace medsearch::judgments {

struct JudgedQrels {
  eval::Qrels qrels;                          // qid -> doc_id -> grade
  std::map<std::string, std::string> queries;  // qid -> normalised query text
};

// "q" + 12 lower-case hex digits (see above).
std::string query_id(std::string_view normalized_query);

JudgedQrels to_qrels(const std::vector<Judgment>& judgments);

// TREC qrels text: "# qid<TAB>query text" comment lines first (read_qrels skips them), then
// "qid 0 doc_id grade" lines ordered by qid and doc_id.
std::string qrels_trec_text(const JudgedQrels& judged);
// BEIR qrels TSV: the header "query-id<TAB>corpus-id<TAB>score", then one line per pair.
std::string qrels_tsv_text(const JudgedQrels& judged);
// "qid<TAB>query text" lines: a query file for `medsearch search --queries` and `tune`.
std::string queries_tsv_text(const JudgedQrels& judged);

}  // namespace medsearch::judgments
