// Article fields from <MedlineCitation>/<PubmedData> (contracts in pubmed_fields.hpp).
// Each container's children are walked once and dispatched by name, rather than looked
// up one by one, because field extraction runs once per citation on the hot path.
#include <pugixml.hpp>

#include <cstdlib>
#include <cstring>

#include "medsearch/ingest/pubmed_dates.hpp"
#include "medsearch/ingest/pubmed_fields.hpp"

namespace medsearch::ingest {
namespace {

using pugi::xml_node;

bool is(const xml_node& node, const char* name) { return std::strcmp(node.name(), name) == 0; }

bool attribute_is(const xml_node& node, const char* attribute, const char* value) {
  return std::strcmp(node.attribute(attribute).value(), value) == 0;
}

// Children of `parent` that are elements named `name`, in order.
template <typename F>
void for_each_child(const xml_node& parent, const char* name, F&& f) {
  for (xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && is(child, name)) f(child);
  }
}

// MajorTopicYN defaults to "N" (DTD ATTLIST DescriptorName/QualifierName).
bool major_topic(const xml_node& node) { return attribute_is(node, "MajorTopicYN", "Y"); }

AbstractSection read_abstract_text(const xml_node& node) {
  AbstractSection section;
  section.label = node.attribute("Label").value();
  section.nlm_category = node.attribute("NlmCategory").value();
  section.text = flat_text(node);
  return section;
}

void read_abstract(const xml_node& abstract, std::vector<AbstractSection>& out) {
  for_each_child(abstract, "AbstractText", [&](const xml_node& text) {
    out.push_back(read_abstract_text(text));
  });
}

Author read_author(const xml_node& node) {
  Author author;
  for (xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (is(child, "LastName")) {
      author.last_name = flat_text(child);
    } else if (is(child, "ForeName") || is(child, "FirstName")) {  // FirstName: older DTDs
      author.fore_name = flat_text(child);
    } else if (is(child, "Initials")) {
      author.initials = flat_text(child);
    } else if (is(child, "CollectiveName")) {
      author.collective_name = flat_text(child);
    } else if (is(child, "AffiliationInfo")) {
      for_each_child(child, "Affiliation", [&](const xml_node& affiliation) {
        author.affiliations.push_back(flat_text(affiliation));
      });
    } else if (is(child, "Affiliation")) {  // 2014 DTD: directly inside Author
      author.affiliations.push_back(flat_text(child));
    }
  }
  return author;
}

void read_author_list(const xml_node& list, std::vector<Author>& out) {
  // Type="editors" lists editors of a book, not the citation's authors (DTD AuthorList).
  if (attribute_is(list, "Type", "editors")) return;
  for_each_child(list, "Author", [&](const xml_node& node) {
    // ValidYN="N" marks an invalid name, e.g. one misspelled in print and corrected by an
    // erratum (NLM's MEDLINE/PubMed element descriptions, "ValidYN"): not an author.
    if (attribute_is(node, "ValidYN", "N")) return;
    out.push_back(read_author(node));
  });
}

void read_pub_date(const xml_node& pub_date, Article& out) {
  xml_node year, month, day, season, medline_date;
  for (xml_node child = pub_date.first_child(); child; child = child.next_sibling()) {
    if (is(child, "Year")) year = child;
    else if (is(child, "Month")) month = child;
    else if (is(child, "Day")) day = child;
    else if (is(child, "Season")) season = child;
    else if (is(child, "MedlineDate")) medline_date = child;
  }
  if (medline_date) {
    out.pub_date = flat_text(medline_date);
    const YearMonth parsed = parse_medline_date(out.pub_date);
    out.pub_year = parsed.year;
    out.pub_month = parsed.month;
    return;
  }
  // "Year Month Day" or "Year Season", each part as written in the XML.
  for (const xml_node& part : {year, month, day, season}) {
    if (!part) continue;
    const std::string text = flat_text(part);
    if (text.empty()) continue;
    if (!out.pub_date.empty()) out.pub_date.push_back(' ');
    out.pub_date += text;
  }
  out.pub_year = find_year(year.child_value());
  out.pub_month = parse_month(month.child_value());
}

void read_journal(const xml_node& journal, Article& out) {
  for (xml_node child = journal.first_child(); child; child = child.next_sibling()) {
    if (is(child, "Title")) {
      out.journal.title = flat_text(child);
    } else if (is(child, "ISOAbbreviation")) {
      out.journal.iso_abbreviation = flat_text(child);
    } else if (is(child, "ISSN")) {
      out.journal.issn = flat_text(child);
    } else if (is(child, "JournalIssue")) {
      for (xml_node part = child.first_child(); part; part = part.next_sibling()) {
        if (is(part, "Volume")) out.journal.volume = flat_text(part);
        else if (is(part, "Issue")) out.journal.issue = flat_text(part);
        else if (is(part, "PubDate")) read_pub_date(part, out);
      }
    }
  }
}

// Pagination/MedlinePgn, else StartPage-EndPage (DTD: StartPage, EndPage?, MedlinePgn?).
void read_pagination(const xml_node& pagination, Journal& journal) {
  std::string start, end;
  for (xml_node child = pagination.first_child(); child; child = child.next_sibling()) {
    if (is(child, "MedlinePgn")) {
      journal.pages = flat_text(child);
      if (!journal.pages.empty()) return;
    } else if (is(child, "StartPage")) {
      start = flat_text(child);
    } else if (is(child, "EndPage")) {
      end = flat_text(child);
    }
  }
  journal.pages = start;
  if (!end.empty()) journal.pages += (start.empty() ? "" : "-") + end;
}

void read_article(const xml_node& article, Article& out, std::string& elocation_doi) {
  std::string old_affiliation;
  for (xml_node child = article.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (is(child, "Journal")) {
      read_journal(child, out);
    } else if (is(child, "ArticleTitle")) {
      out.title = flat_text(child);
    } else if (is(child, "VernacularTitle")) {
      out.vernacular_title = flat_text(child);
    } else if (is(child, "Pagination")) {
      read_pagination(child, out.journal);
    } else if (is(child, "ELocationID")) {
      if (elocation_doi.empty() && attribute_is(child, "EIdType", "doi") &&
          !attribute_is(child, "ValidYN", "N")) {
        elocation_doi = flat_text(child);
      }
    } else if (is(child, "Abstract")) {
      read_abstract(child, out.abstract);
    } else if (is(child, "AuthorList")) {
      read_author_list(child, out.authors);
    } else if (is(child, "Language")) {
      out.languages.push_back(flat_text(child));
    } else if (is(child, "PublicationTypeList")) {
      for_each_child(child, "PublicationType", [&](const xml_node& type) {
        out.publication_types.push_back(flat_text(type));
      });
    } else if (is(child, "Affiliation")) {
      old_affiliation = flat_text(child);
    }
  }
  // DTDs before 2014 kept a single Article/Affiliation, which NLM filled with the first
  // author's affiliation (element descriptions, "Affiliation"): attach it to that author.
  if (!old_affiliation.empty() && !out.authors.empty()) {
    out.authors.front().affiliations.insert(out.authors.front().affiliations.begin(),
                                            std::move(old_affiliation));
  }
}

MeshHeading read_mesh_heading(const xml_node& node) {
  MeshHeading heading;
  for (xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (is(child, "DescriptorName")) {
      heading.descriptor_ui = child.attribute("UI").value();
      heading.descriptor_name = flat_text(child);
      heading.major_topic = major_topic(child);
    } else if (is(child, "QualifierName")) {
      heading.qualifiers.push_back({child.attribute("UI").value(), flat_text(child), major_topic(child)});
    }
  }
  return heading;
}

Chemical read_chemical(const xml_node& node) {
  Chemical chemical;
  for (xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (is(child, "RegistryNumber")) {
      chemical.registry_number = flat_text(child);
    } else if (is(child, "NameOfSubstance")) {
      chemical.ui = child.attribute("UI").value();
      chemical.name = flat_text(child);
    }
  }
  return chemical;
}

OtherAbstract read_other_abstract(const xml_node& node) {
  OtherAbstract other;
  other.type = node.attribute("Type").value();
  // Language defaults to "eng" (DTD ATTLIST OtherAbstract); no DTD is read, so apply it.
  const pugi::xml_attribute language = node.attribute("Language");
  other.language = language ? language.value() : "eng";
  read_abstract(node, other.sections);
  return other;
}

std::string read_date(const xml_node& date) {
  return format_iso_date(date.child("Year").child_value(), date.child("Month").child_value(),
                         date.child("Day").child_value());
}

void read_pubmed_data(const xml_node& pubmed_data, Article& out) {
  // Only PubmedData/ArticleIdList: ReferenceList/Reference/ArticleIdList holds the ids
  // of cited works.
  for_each_child(pubmed_data, "ArticleIdList", [&](const xml_node& list) {
    for_each_child(list, "ArticleId", [&](const xml_node& id) {
      if (out.doi.empty() && attribute_is(id, "IdType", "doi")) out.doi = flat_text(id);
      else if (out.pmc.empty() && attribute_is(id, "IdType", "pmc")) out.pmc = flat_text(id);
    });
  });
}

}  // namespace

void reset_article(Article& a) {
  a.id.clear();
  a.version = 1;
  a.title.clear();
  a.vernacular_title.clear();
  a.abstract.clear();
  a.other_abstracts.clear();
  a.authors.clear();
  a.journal = Journal{};
  a.pub_year = 0;
  a.pub_month = 0;
  a.pub_date.clear();
  a.languages.clear();
  a.publication_types.clear();
  a.mesh_headings.clear();
  a.chemicals.clear();
  a.keywords.clear();
  a.doi.clear();
  a.pmc.clear();
  a.date_completed.clear();
  a.date_revised.clear();
}

PmidStatus extract_citation(const xml_node& citation, const xml_node& pubmed_data, Article& out) {
  reset_article(out);
  const xml_node pmid = citation.child("PMID");
  const PmidStatus status = read_pmid(pmid, out.id);
  if (status != PmidStatus::Ok) return status;
  // PMID@Version is #REQUIRED in the DTD; 1 when absent or not a positive number.
  const unsigned long version = std::strtoul(pmid.attribute("Version").value(), nullptr, 10);
  out.version = version >= 1 && version <= 0xFFFFFFFFul ? static_cast<std::uint32_t>(version) : 1;

  std::string elocation_doi;
  for (xml_node child = citation.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (is(child, "Article")) {
      read_article(child, out, elocation_doi);
    } else if (is(child, "DateCompleted")) {
      out.date_completed = read_date(child);
    } else if (is(child, "DateRevised")) {
      out.date_revised = read_date(child);
    } else if (is(child, "MeshHeadingList")) {
      for_each_child(child, "MeshHeading", [&](const xml_node& h) { out.mesh_headings.push_back(read_mesh_heading(h)); });
    } else if (is(child, "ChemicalList")) {
      for_each_child(child, "Chemical", [&](const xml_node& c) { out.chemicals.push_back(read_chemical(c)); });
    } else if (is(child, "OtherAbstract")) {
      out.other_abstracts.push_back(read_other_abstract(child));
    } else if (is(child, "KeywordList")) {
      for_each_child(child, "Keyword", [&](const xml_node& k) { out.keywords.push_back(flat_text(k)); });
    }
  }
  if (pubmed_data) read_pubmed_data(pubmed_data, out);
  if (out.doi.empty()) out.doi = std::move(elocation_doi);
  return PmidStatus::Ok;
}

}  // namespace medsearch::ingest
