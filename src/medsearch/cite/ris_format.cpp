#include "medsearch/cite/ris_format.hpp"

#include <string_view>

#include "medsearch/cite/citation_fields.hpp"

namespace medsearch::cite {

std::string to_ris(const Article& a) {
  std::string out;
  const auto field = [&out](std::string_view tag, std::string_view value) {
    const std::string text = collapse_space(value);
    if (!text.empty()) out += std::string(tag) + "  - " + text + "\r\n";
  };
  // Journal article unless the record is something else PubMed-wide; RIS readers map JOUR
  // to "Journal Article", which is what a PubMed citation is.
  out += "TY  - JOUR\r\n";
  field("TI", a.title);
  field("TT", a.vernacular_title);
  for (const Author& author : a.authors) field("AU", full_name(author));
  if (a.pub_year != 0) field("PY", std::to_string(a.pub_year));
  if (a.pub_year != 0) {
    // DA: YYYY/MM/DD/other; the month when known, the date as published in "other".
    const std::string month = a.pub_month ? (a.pub_month < 10 ? "0" : "") + std::to_string(a.pub_month) : "";
    field("DA", std::to_string(a.pub_year) + "/" + month + "//" + a.pub_date);
  }
  field("T2", a.journal.title);
  field("J2", a.journal.iso_abbreviation);
  field("SN", a.journal.issn);
  field("VL", a.journal.volume);
  field("IS", a.journal.issue);
  const auto [start_page, end_page] = page_range(a.journal.pages);
  field("SP", start_page);
  field("EP", end_page);
  field("AB", abstract_paragraph(a.abstract));
  for (const MeshHeading& heading : a.mesh_headings) field("KW", heading.descriptor_name);
  for (const std::string& keyword : a.keywords) field("KW", keyword);
  for (const std::string& language : a.languages) field("LA", language);
  for (const std::string& type : a.publication_types) field("M3", type);
  field("DO", a.doi);
  field("AN", a.id);
  field("C2", a.pmc);
  if (!a.id.empty()) field("UR", "https://pubmed.ncbi.nlm.nih.gov/" + a.id + "/");
  field("DB", "PubMed");
  out += "ER  - \r\n";
  return out;
}

}  // namespace medsearch::cite
