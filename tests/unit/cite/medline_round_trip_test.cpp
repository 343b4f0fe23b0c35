// The MEDLINE export of real PubMed records carries the fields of the source XML: each
// record of a ../shared sample file is read by the ingest reader (as indexing does),
// written with cite::to_medline, read back by a small MEDLINE reader below, and compared
// field by field with what an independent string-search reader (simple_xml.hpp) finds in
// the XML itself.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "medsearch/cite/citation_format.hpp"
#include "medsearch/cite/medline_format.hpp"
#include "medsearch/ingest/record_source.hpp"
#include "support/require_shared.hpp"
#include "unit/cite/simple_xml.hpp"

namespace medsearch {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// MEDLINE records: "TAG - value" (tag in columns 1-4, "- " in 5-6), continuation lines
// starting with 6 spaces joined by a space; a blank line ends a record.
std::vector<Fields> read_medline(const std::string& text) {
  std::vector<Fields> records(1);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (!records.back().empty()) records.emplace_back();
      continue;
    }
    if (line.starts_with("      ")) {
      EXPECT_FALSE(records.back().empty()) << "continuation before a field: " << line;
      records.back().back().second += " " + line.substr(6);
      continue;
    }
    EXPECT_GE(line.size(), 6u) << line;
    EXPECT_EQ(line.substr(4, 2), "- ") << "tag column: " << line;
    std::string tag = line.substr(0, 4);
    tag.erase(tag.find_last_not_of(' ') + 1);
    records.back().emplace_back(tag, line.substr(6));
    EXPECT_LE(line.size(), cite::kMedlineLineWidth + 40) << "a long line not wrapped: " << line;
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

std::vector<std::string> values(const Fields& fields, const std::string& tag) {
  std::vector<std::string> out;
  for (const auto& [t, v] : fields) {
    if (t == tag) out.push_back(v);
  }
  return out;
}

std::string value(const Fields& fields, const std::string& tag) {
  const auto all = values(fields, tag);
  EXPECT_LE(all.size(), 1u) << tag;
  return all.empty() ? "" : all.front();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fields of one <MedlineCitation> as the simple reader sees them.
struct XmlRecord {
  std::string pmid, title, abstract, journal_title, iso, volume, issue, pages, doi;
  std::vector<std::string> au, fau, cn, languages, types, mesh, keywords;
};

XmlRecord read_xml_record(const std::string& xml) {
  using namespace test;
  XmlRecord r;
  r.pmid = first_text(xml, "PMID");
  r.title = first_text(xml, "ArticleTitle");
  for (const XmlElement& abstract : elements(xml, "Abstract")) {
    for (const XmlElement& section : elements(abstract.inner, "AbstractText")) {
      const std::string label = attribute(section.start_tag, "Label");
      const std::string text = text_of(section.inner);
      r.abstract += (r.abstract.empty() ? "" : " ") + (label.empty() ? text : label + ": " + text);
    }
  }
  for (const XmlElement& list : elements(xml, "AuthorList")) {
    for (const XmlElement& author : elements(list.inner, "Author")) {
      // ValidYN="N": a misspelt name NLM keeps only for retrieval; PubMed does not list it.
      if (attribute(author.start_tag, "ValidYN") == "N") continue;
      const std::string collective = first_text(author.inner, "CollectiveName");
      if (!collective.empty()) {
        r.cn.push_back(collective);
        continue;
      }
      const std::string last = first_text(author.inner, "LastName");
      const std::string fore = first_text(author.inner, "ForeName");
      const std::string initials = first_text(author.inner, "Initials");
      r.au.push_back(initials.empty() ? last : last + " " + initials);
      const std::string& given = fore.empty() ? initials : fore;
      r.fau.push_back(given.empty() ? last : last + ", " + given);
    }
  }
  for (const XmlElement& journal : elements(xml, "Journal")) {
    r.journal_title = first_text(journal.inner, "Title");
    r.iso = first_text(journal.inner, "ISOAbbreviation");
    r.volume = first_text(journal.inner, "Volume");
    r.issue = first_text(journal.inner, "Issue");
  }
  r.pages = first_text(xml, "MedlinePgn");
  for (const XmlElement& id : elements(xml, "ELocationID")) {
    if (attribute(id.start_tag, "EIdType") == "doi" && r.doi.empty()) r.doi = text_of(id.inner);
  }
  r.languages = texts(xml, "Language");
  r.types = texts(xml, "PublicationType");
  r.mesh = texts(xml, "DescriptorName");
  r.keywords = texts(xml, "Keyword");
  return r;
}

// Runs the comparison over every record of `file`; returns how many were compared.
std::size_t compare_file(const std::string& file) {
  std::map<std::string, Article> parsed;
  const auto source = ingest::open_record_source(file, ingest::InputFormat::Pubmed);
  ingest::Record record;
  while (source->next(record)) {
    if (record.kind == ingest::RecordKind::Article) parsed[record.article.id] = record.article;
  }
  const std::string xml = read_file(file);
  std::size_t compared = 0;
  for (const test::XmlElement& element : test::elements(xml, "MedlineCitation")) {
    const XmlRecord want = read_xml_record(element.inner);
    const auto it = parsed.find(want.pmid);
    if (it == parsed.end()) {
      ADD_FAILURE() << file << ": PMID " << want.pmid << " not read by ingest";
      continue;
    }
    const std::vector<Fields> records = read_medline(cite::to_medline(it->second));
    if (records.size() != 1) {
      ADD_FAILURE() << "PMID " << want.pmid << ": " << records.size() << " records";
      continue;
    }
    const Fields& got = records.front();
    SCOPED_TRACE(file + " PMID " + want.pmid);
    EXPECT_EQ(value(got, "PMID"), want.pmid);
    EXPECT_EQ(value(got, "TI"), want.title);
    EXPECT_EQ(value(got, "AB"), want.abstract);
    EXPECT_EQ(values(got, "AU"), want.au);
    EXPECT_EQ(values(got, "FAU"), want.fau);
    EXPECT_EQ(values(got, "CN"), want.cn);
    EXPECT_EQ(value(got, "JT"), want.journal_title);
    EXPECT_EQ(value(got, "TA"), want.iso);
    EXPECT_EQ(value(got, "VI"), want.volume);
    EXPECT_EQ(value(got, "IP"), want.issue);
    if (!want.pages.empty()) {
      EXPECT_EQ(value(got, "PG"), want.pages);
    }
    if (!want.doi.empty()) {
      EXPECT_EQ(value(got, "LID"), want.doi + " [doi]");
    }
    EXPECT_EQ(values(got, "LA"), want.languages);
    EXPECT_EQ(values(got, "PT"), want.types);
    std::vector<std::string> mesh;
    for (std::string mh : values(got, "MH")) {
      if (mh.starts_with("*")) mh.erase(0, 1);
      mesh.push_back(mh.substr(0, mh.find('/')));
    }
    EXPECT_EQ(mesh, want.mesh);
    EXPECT_EQ(values(got, "OT"), want.keywords);
    ++compared;
  }
  return compared;
}

const std::string kPubmed = std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed/";

TEST(MedlineRoundTrip, OneRecordWithAStructuredAbstractAndInlineMarkup) {
  REQUIRE_SHARED(kPubmed + "pubmed-29768149.xml");
  EXPECT_EQ(compare_file(kPubmed + "pubmed-29768149.xml"), 1u);
}

TEST(MedlineRoundTrip, EveryRecordOfTheMedsamp2017Sample) {
  REQUIRE_SHARED(kPubmed + "medsamp2017.xml");
  EXPECT_GE(compare_file(kPubmed + "medsamp2017.xml"), 90u);
}

TEST(MedlineRoundTrip, StructuredAbstractSample) {
  REQUIRE_SHARED(kPubmed + "doc_medline_test_structured_abstract.xml");
  EXPECT_GE(compare_file(kPubmed + "doc_medline_test_structured_abstract.xml"), 1u);
}

TEST(MedlineFormat, WrapsLongValuesAtTheLineWidthWithSixSpaceContinuations) {
  std::string words;
  for (int i = 0; i < 60; ++i) words += "word" + std::to_string(i) + " ";
  const std::string field = cite::medline_field("AB", words);
  std::istringstream in(field);
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) {
    EXPECT_LE(line.size(), cite::kMedlineLineWidth);
    EXPECT_TRUE(lines == 0 ? line.starts_with("AB  - ") : line.starts_with("      ")) << line;
    ++lines;
  }
  EXPECT_GT(lines, 3u);
  EXPECT_EQ(value(read_medline(field).front(), "AB"), test::squash(words));
}

TEST(MedlineFormat, EmptyFieldsAreLeftOutAndRecordsAreSeparatedByABlankLine) {
  Article a;
  a.id = "1";
  a.title = "One";
  Article b;
  b.id = "2";
  const std::vector<Article> both{a, b};
  EXPECT_EQ(cite::format_citations(both, cite::CitationFormat::Medline), "PMID- 1\nTI  - One\n\nPMID- 2\n");
}

}  // namespace
}  // namespace medsearch
