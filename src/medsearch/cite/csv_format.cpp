#include "medsearch/cite/csv_format.hpp"

#include <vector>

#include "medsearch/cite/citation_fields.hpp"

namespace medsearch::cite {
namespace {

constexpr const char* kColumns[] = {"PMID", "Title", "Authors", "Journal", "Journal Abbreviation", "Year",
                                    "Publication Date", "Volume", "Issue", "Pages", "DOI", "PMCID", "Languages",
                                    "Publication Types", "MeSH Terms", "Keywords", "Abstract"};

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : "; ") + v;
  return out;
}

std::string row(const std::vector<std::string>& fields) {
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : ",") + csv_field(f);
  return out + "\r\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_header() { return row(std::vector<std::string>(std::begin(kColumns), std::end(kColumns))); }

std::string to_csv_row(const Article& a) {
  std::vector<std::string> authors, mesh;
  for (const Author& author : a.authors) authors.push_back(short_name(author));
  for (const MeshHeading& h : a.mesh_headings) mesh.push_back(mesh_line(h));
  // Text fields keep their line breaks (quoted), so a spreadsheet shows what the record holds.
  return row({a.id, a.title, joined(authors), a.journal.title, a.journal.iso_abbreviation,
              a.pub_year ? std::to_string(a.pub_year) : "", a.pub_date, a.journal.volume, a.journal.issue,
              a.journal.pages, a.doi, a.pmc, joined(a.languages), joined(a.publication_types), joined(mesh),
              joined(a.keywords), a.abstract_text()});
}

}  // namespace medsearch::cite
