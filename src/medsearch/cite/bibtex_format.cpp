#include "medsearch/cite/bibtex_format.hpp"

#include "medsearch/cite/citation_fields.hpp"

namespace medsearch::cite {
namespace {

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

std::string key_of(const Article& a) {
  std::string key = "pmid";
  for (char c : a.id) {
    // BibTeX keys may not hold spaces, commas or braces; a BEIR id may.
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == ':') key += c;
  }
  return key;
}

}  // namespace

std::string bibtex_escape(std::string_view text) {
  std::string out;
  for (char c : collapse_space(text)) {
    switch (c) {
      case '{': case '}': case '%': case '&': case '$': case '#': case '_':
        out += '\\';
        out += c;
        break;
      case '\\': out += "\\textbackslash{}"; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      default: out += c;
    }
  }
  return out;
}

std::string to_bibtex(const Article& a) {
  std::string out = "@article{" + key_of(a) + ",\n";
  const auto field = [&out](std::string_view name, std::string_view value, bool escaped = false) {
    const std::string text = escaped ? std::string(value) : bibtex_escape(value);
    if (!text.empty()) out += "  " + std::string(name) + " = {" + text + "},\n";
  };
  std::string authors;
  for (const Author& author : a.authors) {
    std::string name = bibtex_escape(full_name(author));
    if (!author.collective_name.empty()) name = "{" + name + "}";
    if (!name.empty()) authors += (authors.empty() ? "" : " and ") + name;
  }
  field("author", authors, true);
  // Double braces keep the title's capitalisation under styles that lower-case titles.
  const std::string title = bibtex_escape(a.title);
  if (!title.empty()) field("title", "{" + title + "}", true);
  field("journal", a.journal.title.empty() ? a.journal.iso_abbreviation : a.journal.title);
  if (a.pub_year != 0) field("year", std::to_string(a.pub_year));
  if (a.pub_month >= 1 && a.pub_month <= 12) out += "  month = " + std::string(kMonths[a.pub_month - 1]) + ",\n";
  field("volume", a.journal.volume);
  field("number", a.journal.issue);
  const auto [first, last] = page_range(a.journal.pages);
  field("pages", last.empty() ? first : first + "--" + last);
  field("issn", a.journal.issn);
  field("doi", a.doi);
  field("pmid", a.id);
  field("pmcid", a.pmc);
  field("abstract", abstract_paragraph(a.abstract));
  std::string keywords;
  for (const MeshHeading& h : a.mesh_headings) keywords += (keywords.empty() ? "" : ", ") + h.descriptor_name;
  for (const std::string& k : a.keywords) keywords += (keywords.empty() ? "" : ", ") + k;
  field("keywords", keywords);
  std::string languages;
  for (const std::string& l : a.languages) languages += (languages.empty() ? "" : ", ") + l;
  field("language", languages);
  return out + "}\n\n";
}

}  // namespace medsearch::cite
