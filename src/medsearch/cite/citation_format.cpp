#include "medsearch/cite/citation_format.hpp"

#include "medsearch/cite/bibtex_format.hpp"
#include "medsearch/cite/csv_format.hpp"
#include "medsearch/cite/medline_format.hpp"
#include "medsearch/cite/ris_format.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::cite {

CitationFormat parse_citation_format(std::string_view name) {
  if (name == "ris") return CitationFormat::Ris;
  if (name == "bibtex" || name == "bib") return CitationFormat::Bibtex;
  if (name == "medline" || name == "nbib") return CitationFormat::Medline;
  if (name == "csv") return CitationFormat::Csv;
  throw Error(ErrorCode::InvalidArgument,
              "format must be ris, bibtex, medline or csv, got '" + std::string(name.substr(0, 32)) + "'");
}

std::string_view format_name(CitationFormat format) {
  switch (format) {
    case CitationFormat::Ris: return "ris";
    case CitationFormat::Bibtex: return "bibtex";
    case CitationFormat::Medline: return "medline";
    case CitationFormat::Csv: return "csv";
  }
  return "";
}

// MIME types: RIS has no registered type; application/x-research-info-systems is what
// reference managers (Zotero, EndNote) register for .ris. BibTeX: application/x-bibtex
// (the type Zotero and JabRef use). MEDLINE: PubMed serves its .nbib as
// application/nbib. CSV: text/csv (RFC 4180 §3, with the header parameter).
std::string_view content_type(CitationFormat format) {
  switch (format) {
    case CitationFormat::Ris: return "application/x-research-info-systems; charset=utf-8";
    case CitationFormat::Bibtex: return "application/x-bibtex; charset=utf-8";
    case CitationFormat::Medline: return "application/nbib; charset=utf-8";
    case CitationFormat::Csv: return "text/csv; charset=utf-8; header=present";
  }
  return "";
}

std::string_view file_extension(CitationFormat format) {
  switch (format) {
    case CitationFormat::Ris: return "ris";
    case CitationFormat::Bibtex: return "bib";
    case CitationFormat::Medline: return "nbib";
    case CitationFormat::Csv: return "csv";
  }
  return "";
}

std::string format_citations(std::span<const Article> articles, CitationFormat format) {
  std::string out;
  if (format == CitationFormat::Csv) out += csv_header();
  for (const Article& article : articles) {
    switch (format) {
      case CitationFormat::Ris: out += to_ris(article); break;
      case CitationFormat::Bibtex: out += to_bibtex(article); break;
      // Records of a MEDLINE file are separated by a blank line, as PubMed writes them.
      case CitationFormat::Medline: out += (out.empty() ? "" : "\n") + to_medline(article); break;
      case CitationFormat::Csv: out += to_csv_row(article); break;
    }
  }
  return out;
}

}  // namespace medsearch::cite
