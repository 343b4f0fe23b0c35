// BeirReader: the RecordSource for a BEIR corpus file (corpus.jsonl, plain or gzip): one
// JSON object per line, {"_id": "...", "title": "...", "text": "...", "metadata": {...}}
// (Thakur et al., BEIR, NeurIPS 2021 Datasets and Benchmarks; the beir package's
// GenericDataLoader reads the same keys).
//
// Each line gives one record (see record_source.hpp for the general contract):
// - Article: id = "_id" (a string, or a number written in decimal), title = "title",
//   abstract = one unlabelled section with "text" (none when "text" is empty); other keys
//   ("metadata") are ignored and every other Article field is left empty;
// - Skipped "bad-json": the line is not valid JSON or not a JSON object;
// - Skipped "missing-id": "_id" is absent, empty, or neither a string nor a number.
// Blank lines (only whitespace) are ignored. Detail: "<file>: line N: why".
// Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "medsearch/ingest/gzip_input.hpp"
#include "medsearch/ingest/line_reader.hpp"
#include "medsearch/ingest/record_source.hpp"

namespace medsearch::ingest {

class BeirReader : public RecordSource {
 public:
  // `read_bytes`: file chunk and line reader read size; `max_line_bytes`: line_reader.hpp.
  explicit BeirReader(const std::string& path, std::size_t read_bytes = std::size_t{1} << 20,
                      std::size_t max_line_bytes = LineReader::kDefaultMaxLineBytes);

  bool next(Record& out) override;
  ReadProgress progress() const override;
  const std::string& path() const override { return input_.path(); }

 private:
  GzipInput input_;
  LineReader lines_;
};

}  // namespace medsearch::ingest
