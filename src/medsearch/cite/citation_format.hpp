// cite::CitationFormat: the citation export formats (RIS, BibTeX, MEDLINE .nbib, CSV) and
// the one entry point that writes a list of articles in one of them. Pure functions of
// core::Article: no I/O, thread-safe. Only fields an Article holds are written; what
// PubMed exports but the doc store does not keep is listed in docs/export.md.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

enum class CitationFormat { Ris, Bibtex, Medline, Csv };

// "ris", "bibtex" (or "bib"), "medline" (or "nbib"), "csv"; throws
// Error(InvalidArgument) naming the value otherwise.
CitationFormat parse_citation_format(std::string_view name);
std::string_view format_name(CitationFormat format);       // "ris", "bibtex", "medline", "csv"
std::string_view content_type(CitationFormat format);      // MIME type with charset=utf-8
std::string_view file_extension(CitationFormat format);    // "ris", "bib", "nbib", "csv"

// The articles as one file of `format`, in the given order (CSV: a header row first).
std::string format_citations(std::span<const Article> articles, CitationFormat format);

}  // namespace medsearch::cite
