// A stream of input records (citations, deletions, skipped records) read from one file,
// one at a time, in bounded memory. Implementations: PubmedReader (PubMed/MEDLINE XML,
// plain or gzip), BeirReader (BEIR corpus.jsonl).
//
// Contract:
// - next() fills `out` and returns true, or returns false at the end of the file.
// - A malformed record (bad XML inside one citation, a missing or non-numeric PMID, a
//   JSON line that is not an object with "_id") is a value: RecordKind::Skipped with a
//   short machine-readable reason ("xml-error", "missing-pmid", "bad-pmid", "bad-json",
//   "missing-id") and a detail naming the file and line. Reading continues after it.
// - A file that cannot be read on (truncated or corrupt gzip, XML that is not PubMed,
//   XML cut off in the middle of a record) throws Error(Corrupt or InvalidArgument) whose
//   message names the file and the byte offset (of the uncompressed stream) or line.
// - A missing or unreadable file throws Error(NotFound or Io) naming the path.
// Not thread-safe: one reader per thread. Records come in file order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "medsearch/core/article.hpp"

namespace medsearch::ingest {

enum class RecordKind { Article, Deletion, Skipped };

struct SkippedRecord {
  std::string reason;  // a short key counted in the ingest statistics, e.g. "missing-pmid"
  std::string detail;  // human-readable, names file and line/byte position
};

struct Record {
  RecordKind kind = RecordKind::Article;
  Article article;    // when kind == Article
  Deletion deletion;  // when kind == Deletion (one per PMID inside DeleteCitation)
  SkippedRecord skipped;  // when kind == Skipped
};

struct ReadProgress {
  std::uint64_t compressed_bytes = 0;    // bytes of the file consumed so far
  std::uint64_t uncompressed_bytes = 0;  // bytes of XML/JSON produced so far
  std::uint64_t file_bytes = 0;          // size of the file on disk
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual bool next(Record& out) = 0;
  virtual ReadProgress progress() const = 0;
  virtual const std::string& path() const = 0;
};

enum class InputFormat { Auto, Pubmed, Beir };

// Parses "auto", "pubmed", "beir"; throws Error(InvalidArgument) naming the value.
InputFormat parse_input_format(const std::string& name);

// Opens `path` with the reader for `format`. Auto picks Beir for names ending in ".jsonl"
// (or ".jsonl.gz"), else Pubmed.
std::unique_ptr<RecordSource> open_record_source(const std::string& path, InputFormat format);

}  // namespace medsearch::ingest
