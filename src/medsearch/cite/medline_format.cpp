#include "medsearch/cite/medline_format.hpp"

#include "medsearch/cite/citation_fields.hpp"

namespace medsearch::cite {
namespace {

// "2001-12-25" (Article::date_completed) → "20011225", MEDLINE's DCOM/LR form.
std::string compact_date(std::string_view date) {
  std::string out;
  for (char c : date) {
    if (c != '-') out += c;
  }
  return out;
}

// SO: "TA. DP;VI(IP):PG." — NLM's source line, built from the parts the record has.
std::string source_line(const Article& a) {
  const Journal& j = a.journal;
  std::string out = j.iso_abbreviation.empty() ? j.title : j.iso_abbreviation;
  const std::string date = a.pub_date.empty() ? (a.pub_year ? std::to_string(a.pub_year) : "") : a.pub_date;
  if (!date.empty()) out += ". " + date;
  if (!j.volume.empty() || !j.issue.empty()) out += ";" + j.volume + (j.issue.empty() ? "" : "(" + j.issue + ")");
  if (!j.pages.empty()) out += ":" + j.pages;
  if (!a.doi.empty()) out += ". doi: " + a.doi;
  return out.empty() ? out : out + ".";
}

}  // namespace

std::string medline_field(std::string_view tag, std::string_view value) {
  const std::string text = collapse_space(value);
  if (text.empty()) return "";
  std::string head(tag);
  head.resize(4, ' ');
  std::string out = head + "- ";
  std::size_t line_length = out.size();
  std::size_t pos = 0;
  bool first_word = true;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::size_t word = end - pos;
    if (!first_word && line_length + 1 + word > kMedlineLineWidth) {
      out += "\n      ";
      line_length = 6;
    } else if (!first_word) {
      out += ' ';
      ++line_length;
    }
    out.append(text, pos, word);
    line_length += word;
    first_word = false;
    pos = end + 1;
  }
  return out + "\n";
}

std::string to_medline(const Article& a) {
  std::string out;
  const auto field = [&out](std::string_view tag, std::string_view value) { out += medline_field(tag, value); };
  field("PMID", a.id);
  field("DCOM", compact_date(a.date_completed));
  field("LR", compact_date(a.date_revised));
  field("IS", a.journal.issn);
  field("VI", a.journal.volume);
  field("IP", a.journal.issue);
  field("DP", a.pub_date.empty() && a.pub_year ? std::to_string(a.pub_year) : a.pub_date);
  field("TI", a.title);
  field("PG", a.journal.pages);
  if (!a.doi.empty()) field("LID", a.doi + " [doi]");
  field("AB", abstract_paragraph(a.abstract));
  for (const Author& author : a.authors) {
    if (!author.collective_name.empty()) {
      field("CN", author.collective_name);
    } else {
      field("FAU", full_name(author));
      field("AU", short_name(author));
    }
    for (const std::string& affiliation : author.affiliations) field("AD", affiliation);
  }
  for (const std::string& language : a.languages) field("LA", language);
  for (const std::string& type : a.publication_types) field("PT", type);
  field("TT", a.vernacular_title);
  field("TA", a.journal.iso_abbreviation);
  field("JT", a.journal.title);
  for (const Chemical& c : a.chemicals) {
    field("RN", (c.registry_number.empty() ? "0" : c.registry_number) + " (" + c.name + ")");
  }
  for (const MeshHeading& heading : a.mesh_headings) field("MH", mesh_line(heading));
  for (const OtherAbstract& other : a.other_abstracts) {
    field("OAB", abstract_paragraph(other.sections));
    field("OABL", other.language);
  }
  for (const std::string& keyword : a.keywords) field("OT", keyword);
  field("PMC", a.pmc);
  if (!a.doi.empty()) field("AID", a.doi + " [doi]");
  field("SO", source_line(a));
  return out;
}

}  // namespace medsearch::cite
