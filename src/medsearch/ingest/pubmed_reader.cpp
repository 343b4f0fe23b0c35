#include "medsearch/ingest/pubmed_reader.hpp"

#include <pugixml.hpp>

#include <cstring>
#include <vector>

#include "medsearch/ingest/gzip_input.hpp"
#include "medsearch/ingest/pubmed_fields.hpp"
#include "medsearch/ingest/xml_record_splitter.hpp"

namespace medsearch::ingest {
namespace {

// No DOCTYPE reaches pugixml (records are cut out of the file), so no external DTD is
// ever fetched; predefined and numeric character references are expanded (parse_escapes).
// parse_ws_pcdata keeps whitespace-only text between inline elements: without it
// "<i>in vitro</i> <b>data</b>" would read "in vitrodata". No parse_eol: flat_text treats
// '\r' as whitespace anyway.
constexpr unsigned kParseOptions = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_ws_pcdata;

bool named(const RecordChunk& chunk, const char* name) { return chunk.name == name; }

}  // namespace

struct PubmedReader::State {
  State(const std::string& path, const PubmedReaderOptions& options)
      : input(path, options.read_bytes), splitter(input, options.read_bytes, options.max_record_bytes) {}

  GzipInput input;
  XmlRecordSplitter splitter;
  pugi::xml_document document;
  std::vector<Record> pending;  // deletions of one DeleteCitation not yet returned
  std::size_t pending_next = 0;

  std::string detail(const RecordChunk& chunk, const std::string& why) const {
    return input.path() + ": <" + std::string(chunk.name) + "> at line " + std::to_string(chunk.line) +
           " (byte " + std::to_string(chunk.byte_offset) + "): " + why;
  }

  static void skip(Record& out, const char* reason, std::string detail) {
    out.kind = RecordKind::Skipped;
    out.skipped.reason = reason;
    out.skipped.detail = std::move(detail);
  }

  // Turns one chunk into `out` (or into `pending`); false when it yields no record.
  bool read_chunk(RecordChunk& chunk, Record& out) {
    // PubmedBookArticle: an NCBI Bookshelf document (BookDocument), not a journal
    // citation; skipped before parsing.
    if (named(chunk, "PubmedBookArticle")) {
      skip(out, "book-article", detail(chunk, "book records are not indexed"));
      return true;
    }
    const bool article = named(chunk, "PubmedArticle") || named(chunk, "MedlineCitation");
    const bool deletion = named(chunk, "DeleteCitation");
    if (!article && !deletion) {
      skip(out, "unknown-element", detail(chunk, "not a citation element of <" + splitter.root_name() + ">"));
      return true;
    }
    const pugi::xml_parse_result parsed =
        document.load_buffer_inplace(chunk.data, chunk.size, kParseOptions, pugi::encoding_utf8);
    if (!parsed) {
      skip(out, "xml-error",
           detail(chunk, std::string(parsed.description()) + " at byte " +
                             std::to_string(chunk.byte_offset + static_cast<std::uint64_t>(parsed.offset))));
      return true;
    }
    const pugi::xml_node root = document.document_element();
    if (deletion) return read_deletions(chunk, root, out);

    const bool wrapped = named(chunk, "PubmedArticle");
    const pugi::xml_node citation = wrapped ? root.child("MedlineCitation") : root;
    const pugi::xml_node pubmed_data = wrapped ? root.child("PubmedData") : pugi::xml_node();
    switch (extract_citation(citation, pubmed_data, out.article)) {
      case PmidStatus::Ok:
        out.kind = RecordKind::Article;
        return true;
      case PmidStatus::Missing:
        skip(out, "missing-pmid", detail(chunk, "no MedlineCitation/PMID"));
        return true;
      case PmidStatus::NotNumeric:
        skip(out, "bad-pmid", detail(chunk, "PMID '" + out.article.id + "' is not a number"));
        return true;
    }
    return true;
  }

  bool read_deletions(const RecordChunk& chunk, const pugi::xml_node& root, Record& out) {
    pending.clear();
    pending_next = 0;
    std::string id;
    for (pugi::xml_node pmid = root.child("PMID"); pmid; pmid = pmid.next_sibling("PMID")) {
      Record& record = pending.emplace_back();
      switch (read_pmid(pmid, id)) {
        case PmidStatus::Ok:
          record.kind = RecordKind::Deletion;
          record.deletion.id = id;
          break;
        case PmidStatus::Missing:
          skip(record, "missing-pmid", detail(chunk, "empty PMID"));
          break;
        case PmidStatus::NotNumeric:
          skip(record, "bad-pmid", detail(chunk, "PMID '" + id + "' is not a number"));
          break;
      }
    }
    if (pending.empty()) return false;
    out = std::move(pending[pending_next++]);
    return true;
  }
};

PubmedReader::PubmedReader(const std::string& path, const PubmedReaderOptions& options)
    : state_(std::make_unique<State>(path, options)) {
  state_->splitter.start();
}

PubmedReader::~PubmedReader() = default;

bool PubmedReader::next(Record& out) {
  State& s = *state_;
  if (s.pending_next < s.pending.size()) {
    out = std::move(s.pending[s.pending_next++]);
    return true;
  }
  RecordChunk chunk;
  while (s.splitter.next(chunk)) {
    if (s.read_chunk(chunk, out)) return true;
  }
  return false;
}

ReadProgress PubmedReader::progress() const {
  const GzipInput& input = state_->input;
  return {input.compressed_bytes(), input.uncompressed_bytes(), input.file_bytes()};
}

const std::string& PubmedReader::path() const { return state_->input.path(); }

}  // namespace medsearch::ingest
