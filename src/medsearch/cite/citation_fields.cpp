#include "medsearch/cite/citation_fields.hpp"

#include <algorithm>

namespace medsearch::cite {

std::string short_name(const Author& author) {
  if (!author.collective_name.empty()) return author.collective_name;
  if (author.initials.empty()) return author.last_name;
  return author.last_name + " " + author.initials;
}

std::string full_name(const Author& author) {
  if (!author.collective_name.empty()) return author.collective_name;
  const std::string& given = author.fore_name.empty() ? author.initials : author.fore_name;
  if (given.empty()) return author.last_name;
  return author.last_name + ", " + given;
}

std::string collapse_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string abstract_paragraph(const std::vector<AbstractSection>& sections) {
  std::string out;
  for (const AbstractSection& s : sections) {
    const std::string text = collapse_space(s.text);
    std::string part = s.label.empty() ? text : collapse_space(s.label) + ": " + text;
    if (part.empty()) continue;
    out += (out.empty() ? "" : " ") + part;
  }
  return out;
}

std::pair<std::string, std::string> page_range(std::string_view pages) {
  const std::string text = collapse_space(pages);
  const std::size_t dash = text.find('-');
  if (dash == std::string::npos) return {text, ""};
  std::string first = text.substr(0, dash);
  std::string last = text.substr(dash + 1);
  // "123-30": the last page's missing leading digits are the first page's (NLM's
  // abbreviated MedlinePgn); anything but two runs of digits is left as written.
  const bool digits = !first.empty() && !last.empty() &&
                      std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                      std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && last.size() < first.size()) last = first.substr(0, first.size() - last.size()) + last;
  return {first, last};
}

std::string mesh_line(const MeshHeading& heading) {
  std::string out = (heading.major_topic ? "*" : "") + heading.descriptor_name;
  for (const MeshQualifier& q : heading.qualifiers) out += "/" + std::string(q.major_topic ? "*" : "") + q.name;
  return out;
}

}  // namespace medsearch::cite
