// Field extraction from one parsed PubMed/MEDLINE record into an Article. Internal to
// ingest (PubmedReader's helper); pugixml types are only forward-declared here so that the
// XML library's header stays in this module's .cpp files (DESIGN.md §2).
//
// Element paths follow pubmed_190101.dtd and nlmmedlinecitationset_150101.dtd, with the
// older variants found in NLM's archives and samples: Author/FirstName, Author/Affiliation
// (2014 DTD) and Article/Affiliation (DTDs before 2014).
#pragma once

#include <string>

#include "medsearch/core/article.hpp"

namespace pugi {
class xml_node;
}

namespace medsearch::ingest {

enum class PmidStatus { Ok, Missing, NotNumeric };

// The text content of `node`: all descendant text, with the inline markup (<i>, <b>, <sup>,
// <sub>, <u>, MathML) dropped, every run of XML whitespace collapsed to one space, and no
// leading or trailing space. Inside MathML (mml:* elements) whitespace
// between elements is insignificant (MathML 3.0 §2.1.7), so tokens are joined without
// spaces: <mml:mi>V</mml:mi> <mml:mn>2</mml:mn> gives "V2".
std::string flat_text(const pugi::xml_node& node);

// Reads a PMID element's text: `id` gets the trimmed text; Missing when the element is
// absent or empty, NotNumeric when it holds anything but ASCII digits.
PmidStatus read_pmid(const pugi::xml_node& pmid, std::string& id);

// Fills `out` from a <MedlineCitation> and its record's <PubmedData> (may be empty, as in
// MedlineCitationSet files). `out` is reset first. Returns the PMID's status; when it is
// not Ok, out.id holds the raw PMID text and the other fields are unspecified.
PmidStatus extract_citation(const pugi::xml_node& citation, const pugi::xml_node& pubmed_data,
                            Article& out);

// Clears every field of `article`, keeping string capacity where it can.
void reset_article(Article& article);

}  // namespace medsearch::ingest
