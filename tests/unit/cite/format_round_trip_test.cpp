// RIS, BibTeX and CSV exports parse back to the values written: a small parser of each
// format below (written from the format descriptions, sharing no code with cite/) reads the
// export of a record full of characters each format must escape (braces, quotes, commas,
// line breaks, backslashes, non-ASCII) and of every record of a real PubMed sample.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "medsearch/cite/bibtex_format.hpp"
#include "medsearch/cite/citation_fields.hpp"
#include "medsearch/cite/citation_format.hpp"
#include "medsearch/cite/csv_format.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/ingest/record_source.hpp"
#include "support/require_shared.hpp"
#include "unit/cite/simple_xml.hpp"

namespace medsearch {
namespace {

using Multi = std::multimap<std::string, std::string>;

std::vector<std::string> all(const Multi& m, const std::string& key) {
  std::vector<std::string> out;
  for (auto [it, end] = m.equal_range(key); it != end; ++it) out.push_back(it->second);
  return out;
}

// RIS: "XX  - value" lines (CRLF), TY first, ER last.
std::vector<Multi> parse_ris(const std::string& text) {
  std::vector<Multi> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t eol = text.find("\r\n", pos);
    EXPECT_NE(eol, std::string::npos) << "RIS lines end in CRLF";
    const std::string line = text.substr(pos, eol - pos);
    pos = eol + 2;
    EXPECT_EQ(line.substr(2, 4), "  - ") << line;
    const std::string tag = line.substr(0, 2);
    if (tag == "TY") out.emplace_back();
    EXPECT_FALSE(out.empty());
    if (tag != "ER") out.back().emplace(tag, line.substr(6));
  }
  return out;
}

// BibTeX: @type{key, name = {value}, name = bare, ...}; braces nest; the escapes
// bibtex_format.hpp lists are undone.
std::vector<Multi> parse_bibtex(const std::string& text) {
  std::vector<Multi> out;
  std::size_t i = 0;
  const auto skip_space = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  while ((i = text.find('@', i)) != std::string::npos) {
    Multi entry;
    const std::size_t brace = text.find('{', i);
    entry.emplace("@type", text.substr(i + 1, brace - i - 1));
    const std::size_t comma = text.find(',', brace);
    entry.emplace("@key", text.substr(brace + 1, comma - brace - 1));
    i = comma + 1;
    for (;;) {
      skip_space();
      if (text[i] == '}') { ++i; break; }
      const std::size_t eq = text.find('=', i);
      std::string name = text.substr(i, eq - i);
      name.erase(name.find_last_not_of(' ') + 1);
      i = eq + 1;
      skip_space();
      std::string value;
      if (text[i] == '{') {
        int depth = 0;
        std::size_t start = i + 1;
        for (; i < text.size(); ++i) {
          if (text[i] == '\\') { ++i; continue; }
          if (text[i] == '{') ++depth;
          if (text[i] == '}' && --depth == 0) break;
        }
        value = text.substr(start, i - start);
        ++i;
      } else {
        const std::size_t end = text.find_first_of(",}", i);
        value = text.substr(i, end - i);
        i = end;
      }
      entry.emplace(name, value);
      skip_space();
      if (text[i] == ',') ++i;
    }
    out.push_back(entry);
  }
  return out;
}

std::string unescape_latex(std::string s) {
  const std::pair<std::string, std::string> words[] = {
      {"\\textbackslash{}", "\\"}, {"\\textasciitilde{}", "~"}, {"\\textasciicircum{}", "^"}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool done = false;
    for (const auto& [from, to] : words) {
      if (s.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size() - 1;
        done = true;
        break;
      }
    }
    if (done) continue;
    if (s[i] == '\\' && i + 1 < s.size() && std::string("{}%&$#_").find(s[i + 1]) != std::string::npos) {
      out += s[++i];
      continue;
    }
    out += s[i];
  }
  return out;
}

// RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold commas,
// CR, LF and doubled quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      EXPECT_TRUE(rows.back().back().empty()) << "a quote inside an unquoted field";
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.emplace_back(1);
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "a bare LF outside quotes";
      rows.back().back() += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

Article awkward() {
  Article a;
  a.id = "12345";
  a.title = "Effect of {braces}, \"quotes\", 50% & $5 #1 under_score, back\\slash ~ ^ on β-cells in Zürich";
  a.abstract = {{"BACKGROUND", "", "Line one,\nline two \"quoted\"."}, {"", "", "Second, with 中文 text."}};
  a.authors = {{"O'Brien", "Seán", "S", "", {}}, {"", "", "", "Study Group and Partners {X}", {}}};
  a.journal = {"Journal of Tests, Part A", "J Tests A", "1234-5678", "12", "3", "123-30"};
  a.pub_year = 2020;
  a.pub_month = 5;
  a.pub_date = "2020 May";
  a.languages = {"eng", "ger"};
  a.publication_types = {"Journal Article", "Review"};
  a.mesh_headings = {{"D1", "Insulin", true, {{"Q1", "metabolism", true}}}};
  a.keywords = {"β-cell", "a,b"};
  a.doi = "10.1000/x_{1}";
  a.pmc = "PMC999";
  return a;
}

TEST(RisRoundTrip, EveryFieldParsesBackToItsValue) {
  const Article a = awkward();
  const auto records = parse_ris(cite::format_citations(std::vector<Article>{a, a}, cite::CitationFormat::Ris));
  ASSERT_EQ(records.size(), 2u);
  const Multi& r = records[0];
  EXPECT_EQ(all(r, "TY"), std::vector<std::string>{"JOUR"});
  EXPECT_EQ(all(r, "TI"), std::vector<std::string>{a.title});
  EXPECT_EQ(all(r, "AU"), (std::vector<std::string>{"O'Brien, Seán", "Study Group and Partners {X}"}));
  EXPECT_EQ(all(r, "AB"), std::vector<std::string>{"BACKGROUND: Line one, line two \"quoted\". Second, with 中文 text."});
  EXPECT_EQ(all(r, "T2"), std::vector<std::string>{a.journal.title});
  EXPECT_EQ(all(r, "SP"), std::vector<std::string>{"123"});
  EXPECT_EQ(all(r, "EP"), std::vector<std::string>{"130"});
  EXPECT_EQ(all(r, "PY"), std::vector<std::string>{"2020"});
  EXPECT_EQ(all(r, "DA"), std::vector<std::string>{"2020/05//2020 May"});
  EXPECT_EQ(all(r, "KW"), (std::vector<std::string>{"Insulin", "β-cell", "a,b"}));
  EXPECT_EQ(all(r, "LA"), (std::vector<std::string>{"eng", "ger"}));
  EXPECT_EQ(all(r, "DO"), std::vector<std::string>{a.doi});
  EXPECT_EQ(all(r, "AN"), std::vector<std::string>{"12345"});
}

TEST(BibtexRoundTrip, SpecialCharactersAreEscapedAndParseBack) {
  const Article a = awkward();
  const std::string text = cite::format_citations(std::vector<Article>{a}, cite::CitationFormat::Bibtex);
  const auto entries = parse_bibtex(text);
  ASSERT_EQ(entries.size(), 1u) << text;
  const Multi& e = entries[0];
  EXPECT_EQ(all(e, "@type"), std::vector<std::string>{"article"});
  EXPECT_EQ(all(e, "@key"), std::vector<std::string>{"pmid12345"});
  // The title is double-braced; the inner group holds the escaped text.
  const std::string title = all(e, "title").at(0);
  ASSERT_TRUE(title.starts_with("{") && title.ends_with("}")) << title;
  EXPECT_EQ(unescape_latex(title.substr(1, title.size() - 2)), a.title);
  EXPECT_EQ(unescape_latex(all(e, "author").at(0)), "O'Brien, Seán and {Study Group and Partners {X}}");
  EXPECT_EQ(unescape_latex(all(e, "journal").at(0)), a.journal.title);
  EXPECT_EQ(all(e, "year").at(0), "2020");
  EXPECT_EQ(all(e, "month").at(0), "may");
  EXPECT_EQ(all(e, "pages").at(0), "123--130");
  EXPECT_EQ(unescape_latex(all(e, "doi").at(0)), a.doi);
  EXPECT_EQ(unescape_latex(all(e, "abstract").at(0)), "BACKGROUND: Line one, line two \"quoted\". Second, with 中文 text.");
  EXPECT_EQ(unescape_latex(all(e, "keywords").at(0)), "Insulin, β-cell, a,b");
  // Every brace in the file is balanced once escapes are skipped.
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') { ++i; continue; }
    depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
    ASSERT_GE(depth, 0);
  }
  EXPECT_EQ(depth, 0);
}

TEST(CsvRoundTrip, QuotesCommasAndLineBreaksSurviveRfc4180Parsing) {
  const Article a = awkward();
  Article plain;
  plain.id = "7";
  plain.title = "Plain";
  const auto rows = parse_csv(cite::format_citations(std::vector<Article>{a, plain}, cite::CitationFormat::Csv));
  ASSERT_EQ(rows.size(), 3u);
  const std::vector<std::string>& header = rows[0];
  ASSERT_EQ(rows[1].size(), header.size());
  ASSERT_EQ(rows[2].size(), header.size());
  std::map<std::string, std::string> row;
  for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = rows[1][i];
  EXPECT_EQ(row["PMID"], "12345");
  EXPECT_EQ(row["Title"], a.title);
  EXPECT_EQ(row["Authors"], "O'Brien S; Study Group and Partners {X}");
  EXPECT_EQ(row["Journal"], a.journal.title);
  EXPECT_EQ(row["Abstract"], a.abstract_text());
  EXPECT_NE(row["Abstract"].find('\n'), std::string::npos);  // the line break kept, quoted
  EXPECT_EQ(row["MeSH Terms"], "*Insulin/*metabolism");
  EXPECT_EQ(row["Keywords"], "β-cell; a,b");
  EXPECT_EQ(row["Pages"], "123-30");
  EXPECT_EQ(rows[2][0], "7");
  EXPECT_EQ(cite::csv_field("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(cite::csv_field("plain"), "plain");
}

TEST(FormatRoundTrip, RealRecordsParseBackInEveryFormat) {
  const std::string sample = std::string(MEDSEARCH_SHARED_DIR) + "/data/pubmed/medsamp2017.xml";
  REQUIRE_SHARED(sample);
  std::vector<Article> articles;
  const auto source = ingest::open_record_source(sample, ingest::InputFormat::Pubmed);
  ingest::Record record;
  while (source->next(record)) {
    if (record.kind == ingest::RecordKind::Article) articles.push_back(record.article);
  }
  ASSERT_GE(articles.size(), 90u);
  const auto ris = parse_ris(cite::format_citations(articles, cite::CitationFormat::Ris));
  const auto bib = parse_bibtex(cite::format_citations(articles, cite::CitationFormat::Bibtex));
  const auto csv = parse_csv(cite::format_citations(articles, cite::CitationFormat::Csv));
  ASSERT_EQ(ris.size(), articles.size());
  ASSERT_EQ(bib.size(), articles.size());
  ASSERT_EQ(csv.size(), articles.size() + 1);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const Article& a = articles[i];
    SCOPED_TRACE("PMID " + a.id);
    EXPECT_EQ(all(ris[i], "AN"), std::vector<std::string>{a.id});
    EXPECT_EQ(all(ris[i], "TI"), std::vector<std::string>{cite::collapse_space(a.title)});
    EXPECT_EQ(all(ris[i], "AU").size(), a.authors.size());
    EXPECT_EQ(all(bib[i], "pmid"), std::vector<std::string>{a.id});
    const std::string title = all(bib[i], "title").at(0);
    EXPECT_EQ(unescape_latex(title.substr(1, title.size() - 2)), cite::collapse_space(a.title));
    ASSERT_EQ(csv[i + 1].size(), csv[0].size());
    EXPECT_EQ(csv[i + 1][0], a.id);
    EXPECT_EQ(csv[i + 1][1], a.title);
    EXPECT_EQ(csv[i + 1].back(), a.abstract_text());
  }
}

TEST(CitationFormat, NamesTypesAndErrors) {
  EXPECT_EQ(cite::parse_citation_format("nbib"), cite::CitationFormat::Medline);
  EXPECT_EQ(cite::parse_citation_format("bib"), cite::CitationFormat::Bibtex);
  EXPECT_EQ(cite::file_extension(cite::CitationFormat::Medline), "nbib");
  EXPECT_TRUE(cite::content_type(cite::CitationFormat::Csv).starts_with("text/csv"));
  try {
    cite::parse_citation_format("endnote");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("endnote"), std::string::npos);
  }
}

TEST(CitationFields, PageRangesExpandAbbreviatedLastPages) {
  EXPECT_EQ(cite::page_range("123-30"), (std::pair<std::string, std::string>{"123", "130"}));
  EXPECT_EQ(cite::page_range("1865-1876"), (std::pair<std::string, std::string>{"1865", "1876"}));
  EXPECT_EQ(cite::page_range("e1234"), (std::pair<std::string, std::string>{"e1234", ""}));
  EXPECT_EQ(cite::page_range("S12-S15"), (std::pair<std::string, std::string>{"S12", "S15"}));
}

}  // namespace
}  // namespace medsearch
