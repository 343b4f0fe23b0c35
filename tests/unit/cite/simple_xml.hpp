// An independent, deliberately simple reader of PubMed XML for the round-trip tests: string
// search for elements, inline tags dropped, the five named entities and numeric character
// references decoded. It shares no code with ingest/ (pugixml), so an export that agrees
// with it field by field agrees with the source file, not with our own parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::test {

// Whitespace runs as one space, trimmed.
inline std::string squash(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Inner text of an element: tags removed, entities decoded, whitespace squashed.
inline std::string text_of(std::string_view inner) {
  std::string out;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '<') {
      const std::size_t close = inner.find('>', i);
      i = close == std::string_view::npos ? inner.size() : close;
      continue;
    }
    if (inner[i] == '&') {
      const std::size_t semi = inner.find(';', i);
      const std::string_view name = inner.substr(i + 1, semi - i - 1);
      if (name == "amp") out += '&';
      else if (name == "lt") out += '<';
      else if (name == "gt") out += '>';
      else if (name == "quot") out += '"';
      else if (name == "apos") out += '\'';
      else if (name.starts_with("#x")) append_utf8(out, std::stoul(std::string(name.substr(2)), nullptr, 16));
      else if (name.starts_with("#")) append_utf8(out, std::stoul(std::string(name.substr(1))));
      i = semi;
      continue;
    }
    out += inner[i];
  }
  return squash(out);
}

struct XmlElement {
  std::string start_tag;  // "<AbstractText Label=\"METHODS\">"
  std::string inner;      // raw inner XML
};

// Every <tag ...>...</tag> (or <tag .../>) in `xml`, in order; elements must not nest
// inside one of the same name (true of the PubMed elements the tests read).
inline std::vector<XmlElement> elements(std::string_view xml, std::string_view tag) {
  std::vector<XmlElement> out;
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  std::size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const char after = xml[pos + open.size()];
    if (after != '>' && after != ' ' && after != '/') {
      pos += open.size();
      continue;
    }
    const std::size_t start_end = xml.find('>', pos);
    XmlElement e{std::string(xml.substr(pos, start_end - pos + 1)), ""};
    if (xml[start_end - 1] == '/') {
      out.push_back(e);
      pos = start_end;
      continue;
    }
    const std::size_t end = xml.find(close, start_end);
    e.inner = std::string(xml.substr(start_end + 1, end - start_end - 1));
    out.push_back(e);
    pos = end + close.size();
  }
  return out;
}

inline std::vector<std::string> texts(std::string_view xml, std::string_view tag) {
  std::vector<std::string> out;
  for (const XmlElement& e : elements(xml, tag)) out.push_back(text_of(e.inner));
  return out;
}

inline std::string first_text(std::string_view xml, std::string_view tag) {
  const auto all = texts(xml, tag);
  return all.empty() ? "" : all.front();
}

// The value of attribute `name` in a start tag, "" when absent.
inline std::string attribute(std::string_view start_tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t at = start_tag.find(key);
  if (at == std::string_view::npos) return "";
  const std::size_t begin = at + key.size();
  return text_of(start_tag.substr(begin, start_tag.find('"', begin) - begin));
}

}  // namespace medsearch::test
