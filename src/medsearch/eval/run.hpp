// Runs: the ranked lists a system returned, one per query, in trec_eval's "trec_results"
// format: `qid Q0 docid rank score tag` per line, fields separated by spaces or tabs.
//
// Ranking rule (trec_eval, form_res_rels.c): within a query, documents are ranked by
// score descending, and equal scores by document id descending (byte-wise strcmp order,
// reversed). The file's rank column and line order are ignored, like trec_eval ignores
// them. So a system that breaks ties differently (say, doc id ascending) is evaluated
// by its scores, not its order: write distinct scores when the order matters.
//
// read_run/parse_run return every query's list already in that order. write_run writes
// each list in that order too, with ranks 1..n, so the rank column agrees with what any
// trec_eval-compatible tool computes, and scores in the shortest text that reads back
// to the same double (so ties and near-ties survive the round trip).
//
// Blank lines and comment lines (first non-blank character '#') are skipped, a trailing
// '\r' is ignored.
//
// Errors: Error(InvalidArgument) "<file>:<line>: <problem>" for a line without 6 fields,
// an unparsable or NaN score, or a document listed twice for one query (trec_eval stops
// with "duplicate docs"); NotFound/Io when the file cannot be read or written. A file
// with no lines is a valid, empty run (every query then scores 0).
#pragma once

#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::eval {

struct ScoredDoc {
  std::string doc_id;
  double score = 0.0;
  friend bool operator==(const ScoredDoc&, const ScoredDoc&) = default;
};

// One query's retrieved documents.
using Ranking = std::vector<ScoredDoc>;
// query id -> its ranking. (In a GoogleTest body write eval::Run: the fixture's member
// function testing::Test::Run hides the name.)
using Run = std::map<std::string, Ranking, std::less<>>;

// trec_eval's order: true if `a` ranks above `b` (higher score; on equal scores, the
// greater doc id). A strict weak order for scores that are not NaN.
bool ranks_before(const ScoredDoc& a, const ScoredDoc& b);

// Sorts one ranking into trec_eval's order.
void sort_ranking(Ranking& ranking);

// Reads a run file; `path` names it in errors.
Run read_run(const std::string& path);

// Parses run text; `source` names it in error messages.
Run parse_run(std::istream& in, std::string_view source);

// Writes `run` as trec_results lines `qid Q0 docid rank score tag`, queries in id order.
// Ids and the tag must be non-empty and free of whitespace (Error(InvalidArgument)
// otherwise), scores not NaN.
void write_run(std::ostream& out, const Run& run, std::string_view tag);
void write_run_file(const std::string& path, const Run& run, std::string_view tag);

}  // namespace medsearch::eval
