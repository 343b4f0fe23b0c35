// BibTeX @article entries, key "pmidNNNN" (the PMID keeps keys unique within an export).
// Values are brace-delimited; LaTeX's special characters are escaped (\{ \} \% \& \$ \#
// \_, \textbackslash{}, \textasciitilde{}, \textasciicircum{}) so the entry parses and
// prints the text as written; non-ASCII text stays UTF-8 (biber and BibTeX 0.99d read it).
// Authors are joined by " and "; a collective name is braced so BibTeX does not split it.
#pragma once

#include <string>
#include <string_view>

#include "medsearch/core/article.hpp"

namespace medsearch::cite {

std::string to_bibtex(const Article& article);
// `text` with whitespace collapsed and LaTeX's special characters escaped.
std::string bibtex_escape(std::string_view text);

}  // namespace medsearch::cite
