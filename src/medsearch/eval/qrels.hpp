// Relevance judgments ("qrels"): which documents are relevant to which query, and how much.
//
// Two text formats are read, told apart by the first non-blank line:
// - TREC (trec_eval's "qrels" format): `qid iter docid grade` per line, fields separated
//   by spaces or tabs; `iter` is ignored (conventionally 0).
// - BEIR (Thakur et al., NeurIPS 2021 Datasets and Benchmarks; the beir package's
//   GenericDataLoader): a TSV file whose first line is the header
//   `query-id<TAB>corpus-id<TAB>score`, then `qid<TAB>docid<TAB>grade` per line.
//   A three-field first line without the header is read as headerless BEIR.
// Grades are integers. trec_eval's reading: grade >= 1 is relevant (its default
// relevance level, option -l), 0 is judged non-relevant, negative grades (-1 "in the pool
// but not judged") count as non-relevant for every metric of this module.
// Blank lines and comment lines (first non-blank character '#', which current trec_eval
// skips too) are skipped; a trailing '\r' is ignored. Grades must be integers: trec_eval's
// atol would read "1.5" as 1 silently; here it is an error.
//
// Errors: Error(InvalidArgument) "<file>:<line>: <problem>" for a malformed line (wrong
// field count, grade not an integer, empty id) or a second judgment of the same (query,
// document) pair — trec_eval stops on that too ("duplicate docs"); Error(InvalidArgument)
// for a file without judgments; NotFound/Io when the file cannot be read.
#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <string>
#include <string_view>

namespace medsearch::eval {

// doc id -> grade, for one query. Ordered maps keep output and iteration deterministic.
using Judgments = std::map<std::string, int, std::less<>>;
// query id -> its judgments.
using Qrels = std::map<std::string, Judgments, std::less<>>;

enum class QrelsFormat { Trec, Beir };

std::string_view qrels_format_name(QrelsFormat format);  // "trec", "beir"

struct QrelsFile {
  Qrels qrels;
  QrelsFormat format = QrelsFormat::Trec;  // as detected
  std::size_t judgments = 0;               // lines read
};

// Reads a qrels file in either format (detected). `path` names the file in errors.
QrelsFile read_qrels_file(const std::string& path);
Qrels read_qrels(const std::string& path);

// Parses qrels text from a stream; `source` names it in error messages.
QrelsFile parse_qrels(std::istream& in, std::string_view source);

// Number of judged documents of one query with grade >= relevance_level.
std::size_t count_relevant(const Judgments& judgments, int relevance_level = 1);

}  // namespace medsearch::eval
