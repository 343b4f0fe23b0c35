// PubmedReader: the RecordSource for PubMed/MEDLINE XML files (NLM's baseline and update
// files, E-utilities efetch output, the old MedlineCitationSet files), plain or gzip.
//
// Records, in file order (see record_source.hpp for the general contract):
// - <PubmedArticle> / <MedlineCitation> -> RecordKind::Article, fields as described in
//   pubmed_fields.hpp;
// - <DeleteCitation> -> one RecordKind::Deletion per PMID child, in order;
// - Skipped records, with reasons: "xml-error" (the record is not well-formed XML),
//   "missing-pmid", "bad-pmid" (not all digits), "book-article" (<PubmedBookArticle>:
//   NCBI Bookshelf documents, not journal citations), "unknown-element" (any other child
//   of the set). Detail: "<file>: <Element> at line L (byte B): why".
// The constructor opens the file and reads up to the root element, so a missing file, a
// corrupt gzip header or a file that is not PubMed XML fails there; later corruption
// throws from next(). Memory is bounded by the largest record. Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "medsearch/ingest/record_source.hpp"
#include "medsearch/ingest/xml_record_splitter.hpp"

namespace medsearch::ingest {

// Buffer sizes and the record cap (xml_record_splitter.hpp); the defaults suit ingest,
// smaller reads suit many tiny files (the fuzz targets).
struct PubmedReaderOptions {
  std::size_t read_bytes = std::size_t{1} << 20;  // file chunk and splitter read size
  std::size_t max_record_bytes = kDefaultMaxRecordBytes;
};

class PubmedReader : public RecordSource {
 public:
  explicit PubmedReader(const std::string& path, const PubmedReaderOptions& options = {});
  ~PubmedReader() override;

  bool next(Record& out) override;
  ReadProgress progress() const override;
  const std::string& path() const override;

 private:
  struct State;  // input, splitter, XML document, pending deletions
  std::unique_ptr<State> state_;
};

}  // namespace medsearch::ingest
