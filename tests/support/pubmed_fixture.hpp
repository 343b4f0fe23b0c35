// Writes small PubMed XML files for tests: citations with the fields the engine tests
// look at, DeleteCitation blocks, optional gzip.
#pragma once

#include <zlib.h>

#include <string>
#include <vector>

namespace medsearch::testing {

// Letters-only made-up words ("zqaa", "zqab", …): the analyzer keeps them as they are (no
// stop word, no stem), so a test can count them by splitting its texts.
inline std::string word(int i) { return std::string("zq") + char('a' + i / 26) + char('a' + i % 26); }

struct FixtureCitation {
  std::string pmid;
  std::string title;
  int year = 2020;
  std::string language = "eng";
  std::string abstract = "An abstract.";
  std::string article_xml;   // extra elements inside <Article> (e.g. an AuthorList)
  std::string citation_xml;  // extra elements after </Article> (e.g. a MeshHeadingList)
  std::string publication_type = "Journal Article";
  std::string journal = "Test J";
};

inline std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

inline std::string pubmed_xml(const std::vector<FixtureCitation>& citations,
                              const std::vector<std::string>& deleted_pmids = {}) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<PubmedArticleSet>\n";
  for (const FixtureCitation& c : citations) {
    xml += "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">" + c.pmid +
           "</PMID><Article PubModel=\"Print\"><Journal><ISSN>1234-5678</ISSN><JournalIssue><Volume>1</Volume>"
           "<PubDate><Year>" + std::to_string(c.year) + "</Year><Month>Mar</Month></PubDate></JournalIssue>"
           "<Title>Test Journal</Title><ISOAbbreviation>" + c.journal + "</ISOAbbreviation></Journal><ArticleTitle>" +
           xml_escape(c.title) + "</ArticleTitle>";
    if (!c.abstract.empty()) xml += "<Abstract><AbstractText>" + xml_escape(c.abstract) + "</AbstractText></Abstract>";
    xml += c.article_xml + "<Language>" + c.language + "</Language><PublicationTypeList><PublicationType UI=\"D016428\">" +
           c.publication_type + "</PublicationType></PublicationTypeList></Article>" + c.citation_xml +
           "</MedlineCitation></PubmedArticle>\n";
  }
  if (!deleted_pmids.empty()) {
    xml += "<DeleteCitation>";
    for (const std::string& pmid : deleted_pmids) xml += "<PMID Version=\"1\">" + pmid + "</PMID>";
    xml += "</DeleteCitation>\n";
  }
  return xml + "</PubmedArticleSet>\n";
}

// One gzip member holding `data` (level 6, like NLM's files).
inline std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// `count` citations, PMIDs first..first+count-1, whose titles and abstracts pair ten
// medical words by PMID (so every word query matches a predictable tenth), gzipped.
inline std::string ten_word_corpus_gz(int first, int count) {
  static const char* const words[] = {"stroke", "aspirin", "asthma", "diabetes", "insulin",
                                      "cancer", "tumor",   "heart",  "lung",     "kidney"};
  std::vector<FixtureCitation> citations;
  for (int i = first; i < first + count; ++i) {
    citations.push_back({std::to_string(i), std::string(words[i % 10]) + " and " + words[(i / 10) % 10] + " study",
                         2000 + i % 20, "eng", std::string("patients with ") + words[(i / 7) % 10] + " treated"});
  }
  return gzip(pubmed_xml(citations));
}

}  // namespace medsearch::testing
