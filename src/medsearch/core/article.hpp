// The citation record every module shares: what ingest produces from PubMed/MEDLINE XML
// (or another corpus format), what the doc store keeps and `medsearch doc` prints.
// Element names follow NLM's PubMed DTD (pubmed_190101.dtd); empty string / 0 = absent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medsearch {

struct AbstractSection {
  std::string label;         // AbstractText@Label, e.g. "METHODS"
  std::string nlm_category;  // AbstractText@NlmCategory: BACKGROUND OBJECTIVE METHODS RESULTS CONCLUSIONS UNASSIGNED
  std::string text;          // inline markup flattened to text
  bool operator==(const AbstractSection&) const = default;
};

struct OtherAbstract {
  std::string type;      // OtherAbstract@Type, e.g. "Publisher", "NASA"
  std::string language;  // OtherAbstract@Language, e.g. "chi", "ger"
  std::vector<AbstractSection> sections;
  bool operator==(const OtherAbstract&) const = default;
};

struct Author {
  std::string last_name;
  std::string fore_name;
  std::string initials;
  std::string collective_name;  // set instead of the name parts for group authors
  std::vector<std::string> affiliations;
  bool operator==(const Author&) const = default;
};

struct Journal {
  std::string title;
  std::string iso_abbreviation;
  std::string issn;
  std::string volume;
  std::string issue;
  std::string pages;  // Pagination/MedlinePgn, else StartPage-EndPage
  bool operator==(const Journal&) const = default;
};

struct MeshQualifier {
  std::string ui;  // e.g. "Q000188"
  std::string name;
  bool major_topic = false;
  bool operator==(const MeshQualifier&) const = default;
};

struct MeshHeading {
  std::string descriptor_ui;  // e.g. "D006801"
  std::string descriptor_name;
  bool major_topic = false;
  std::vector<MeshQualifier> qualifiers;
  bool operator==(const MeshHeading&) const = default;
};

struct Chemical {
  std::string registry_number;
  std::string ui;
  std::string name;
  bool operator==(const Chemical&) const = default;
};

struct Article {
  std::string id;           // external id: the PMID for PubMed records, "_id" for BEIR
  std::uint32_t version = 1;  // PMID@Version
  std::string title;
  std::string vernacular_title;
  std::vector<AbstractSection> abstract;
  std::vector<OtherAbstract> other_abstracts;
  std::vector<Author> authors;
  Journal journal;
  std::uint16_t pub_year = 0;   // 0 when no year can be derived
  std::uint8_t pub_month = 0;   // 1..12, 0 when unknown
  std::string pub_date;         // the date as published: "2001 Dec 25", "1998 Dec-1999 Jan", "2000 Spring"
  std::vector<std::string> languages;          // Language, e.g. "eng"
  std::vector<std::string> publication_types;  // PublicationType text
  std::vector<MeshHeading> mesh_headings;
  std::vector<Chemical> chemicals;
  std::vector<std::string> keywords;
  std::string doi;
  std::string pmc;
  std::string date_completed;  // "YYYY-MM-DD" (month/day may be absent), "" when absent
  std::string date_revised;

  bool has_abstract() const { return !abstract.empty(); }
  // Abstract sections joined by a blank line, labels as "LABEL: text".
  std::string abstract_text() const;
  bool operator==(const Article&) const = default;
};

// A DeleteCitation entry of an update file: the PMID (and version, 0 = all versions).
struct Deletion {
  std::string id;
  bool operator==(const Deletion&) const = default;
};

}  // namespace medsearch
