// Real text for tests that check a property on many words or abstracts: the contents of
// <AbstractText> and <ArticleTitle> elements of the PubMed samples in ../shared/data/pubmed
// (MEDSEARCH_SHARED_DIR), read raw (entities and inline markup left as they are, which the
// analyzers must take anyway). Empty when the shared data is absent: callers skip.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::testing {

// The whole of a file, gzip or plain (zlib reads both); empty when it cannot be read.
inline std::string read_maybe_gzip(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  std::string out;
  if (file == nullptr) return out;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  gzclose(file);
  return out;
}

// The text between <`element`...> and </`element`> of every such element in `xml`.
inline void append_element_texts(std::string_view xml, std::string_view element, std::vector<std::string>& out) {
  const std::string open = "<" + std::string(element);
  const std::string close = "</" + std::string(element) + ">";
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const char next = at + open.size() < xml.size() ? xml[at + open.size()] : '\0';
    if (next != '>' && next != ' ') continue;  // <AbstractTextX> is another element
    const std::size_t open_end = xml.find('>', at);
    const std::size_t end = open_end == std::string_view::npos ? open_end : xml.find(close, open_end);
    if (end == std::string_view::npos) break;
    out.emplace_back(xml.substr(open_end + 1, end - open_end - 1));
  }
}

// Abstract sections and titles of the shared PubMed samples.
inline std::vector<std::string> shared_pubmed_texts() {
  const std::filesystem::path dir = std::filesystem::path(MEDSEARCH_SHARED_DIR) / "data/pubmed";
  std::vector<std::string> texts;
  for (const char* name : {"medsamp2014.xml.gz", "medsamp2017.xml", "pubmedsample18n0001.xml.gz",
                           "medline16n0902.xml.gz", "test_current_medline.xml.gz"}) {
    const std::string xml = read_maybe_gzip(dir / name);
    append_element_texts(xml, "AbstractText", texts);
    append_element_texts(xml, "ArticleTitle", texts);
  }
  return texts;
}

}  // namespace medsearch::testing
