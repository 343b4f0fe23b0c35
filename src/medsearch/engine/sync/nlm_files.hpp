// NLM's distribution of PubMed (https://ftp.ncbi.nlm.nih.gov/pubmed/): file names,
// directory listings and .md5 files. Pure functions of text; no I/O.
//
//   baseline/pubmed26n0001.xml.gz      the yearly baseline, numbered from 0001
//   baseline/pubmed26n0001.xml.gz.md5  "MD5(pubmed26n0001.xml.gz)= <32 hex digits>"
//   updatefiles/pubmed26n1335.xml.gz   daily updates, numbered on after the baseline
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::engine::sync {

// A data file's name taken apart: "pubmed26n0042.xml.gz" → series "pubmed26" (the
// baseline year's file set; "medline16" for older years), year 26, number 42.
struct NlmFileName {
  std::string name;
  std::string series;
  int year = 0;              // two digits, as in the name
  std::uint32_t number = 0;  // the file's place in NLM's order within its series
};

// nullopt for any other name (md5 files, README, stats, links to parents).
std::optional<NlmFileName> parse_nlm_file_name(std::string_view name);

// The file names an HTML directory listing (Apache or nginx style index page) links to:
// each href's last path segment, percent-decoded, without query or fragment; links to
// directories, parents and sort orders are dropped. Order as in the page; duplicates kept.
std::vector<std::string> parse_listing(std::string_view html);

// The lower-case hex digest of an .md5 file: NLM's "MD5(name)= hex", md5sum's "hex  name"
// or a bare digest. nullopt when the text holds no 32-hex-digit word.
std::optional<std::string> parse_md5_file(std::string_view text);

}  // namespace medsearch::engine::sync
