// Every Article field PubmedReader fills, on fixtures written here (current and old DTDs).
#include <gtest/gtest.h>

#include "ingest_test_util.hpp"
#include "medsearch/ingest/pubmed_reader.hpp"

namespace medsearch::ingest {
namespace {

using testing::pubmed_set;

// A current-DTD record (pubmed_190101.dtd) using every element PubmedReader reads.
const char* const kFullArticle = R"(<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="2"> 31234567 </PMID>
    <DateCompleted><Year>2019</Year><Month>7</Month><Day>5</Day></DateCompleted>
    <DateRevised><Year>2020</Year><Month>11</Month><Day>20</Day></DateRevised>
    <Article PubModel="Print-Electronic">
      <Journal>
        <ISSN IssnType="Electronic">1234-5678</ISSN>
        <JournalIssue CitedMedium="Internet">
          <Volume>12</Volume>
          <Issue>3</Issue>
          <PubDate><Year>2019</Year><Month>Mar</Month><Day>05</Day></PubDate>
        </JournalIssue>
        <Title>Journal of   Tests &amp; Fixtures</Title>
        <ISOAbbreviation>J Tests Fixtures</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Effects of <i>in vitro</i> <b>IL-6</b> on CO<sub>2</sub> and Ca<sup>2+</sup>
        in <u>mice</u>: the <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">
          <mml:msub><mml:mi>V</mml:mi> <mml:mn>max</mml:mn></mml:msub>
        </mml:math> study&#x2014;&#233;t&#xE9;.</ArticleTitle>
      <Pagination><MedlinePgn>100-9</MedlinePgn></Pagination>
      <ELocationID EIdType="pii" ValidYN="Y">S0000-0000(19)00001-1</ELocationID>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/eloc.doi</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Some
          background.</AbstractText>
        <AbstractText Label="METHODS" NlmCategory="METHODS">We used <i>x</i>.</AbstractText>
        <AbstractText>Unlabelled tail.</AbstractText>
        <CopyrightInformation>(c) 2019</CopyrightInformation>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y">
          <LastName>Smith</LastName><ForeName>John A</ForeName><Initials>JA</Initials>
          <Identifier Source="ORCID">0000-0001</Identifier>
          <AffiliationInfo><Affiliation>Dept. A, Univ. B.</Affiliation></AffiliationInfo>
          <AffiliationInfo><Affiliation>Institute C.</Affiliation></AffiliationInfo>
        </Author>
        <Author ValidYN="N"><LastName>Smtih</LastName><ForeName>J</ForeName><Initials>J</Initials></Author>
        <Author ValidYN="Y"><CollectiveName>The <i>Test</i> Study Group</CollectiveName></Author>
      </AuthorList>
      <Language>eng</Language>
      <Language>ger</Language>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D016454">Review</PublicationType>
      </PublicationTypeList>
      <VernacularTitle>Wirkungen von <i>IL-6</i>.</VernacularTitle>
      <ArticleDate DateType="Electronic"><Year>2019</Year><Month>01</Month><Day>02</Day></ArticleDate>
    </Article>
    <MedlineJournalInfo><Country>England</Country><MedlineTA>J Tests</MedlineTA></MedlineJournalInfo>
    <ChemicalList>
      <Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D015850">Interleukin-6</NameOfSubstance></Chemical>
      <Chemical><RegistryNumber>142M471B3J</RegistryNumber><NameOfSubstance UI="D002245">Carbon Dioxide</NameOfSubstance></Chemical>
    </ChemicalList>
    <CitationSubset>IM</CitationSubset>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D000818" MajorTopicYN="N">Animals</DescriptorName></MeshHeading>
      <MeshHeading>
        <DescriptorName UI="D015850" MajorTopicYN="Y">Interleukin-6</DescriptorName>
        <QualifierName UI="D000097" MajorTopicYN="N">blood</QualifierName>
        <QualifierName UI="Q000378" MajorTopicYN="Y">metabolism</QualifierName>
      </MeshHeading>
    </MeshHeadingList>
    <OtherAbstract Type="Publisher" Language="ger"><AbstractText>Deutsche Zusammenfassung.</AbstractText></OtherAbstract>
    <OtherAbstract Type="plain-language-summary">
      <AbstractText Label="WHAT">Plain words.</AbstractText><AbstractText>More.</AbstractText>
    </OtherAbstract>
    <KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">asthma</Keyword><Keyword MajorTopicYN="N">IL-<i>6</i></Keyword></KeywordList>
    <KeywordList Owner="NLM"><Keyword MajorTopicYN="Y">mice</Keyword></KeywordList>
  </MedlineCitation>
  <PubmedData>
    <History><PubMedPubDate PubStatus="received"><Year>2018</Year><Month>12</Month><Day>1</Day></PubMedPubDate></History>
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList>
      <ArticleId IdType="pubmed">31234567</ArticleId>
      <ArticleId IdType="doi">10.1000/real.doi</ArticleId>
      <ArticleId IdType="pmc">PMC6543210</ArticleId>
    </ArticleIdList>
    <ReferenceList><Reference><Citation>Cited work.</Citation>
      <ArticleIdList><ArticleId IdType="doi">10.1/cited</ArticleId><ArticleId IdType="pmc">PMC1</ArticleId></ArticleIdList>
    </Reference></ReferenceList>
  </PubmedData>
</PubmedArticle>
)";

Article expected_full_article() {
  Article a;
  a.id = "31234567";
  a.version = 2;
  a.title = "Effects of in vitro IL-6 on CO2 and Ca2+ in mice: the Vmax study\u2014\u00e9t\u00e9.";
  a.vernacular_title = "Wirkungen von IL-6.";
  a.abstract = {{"BACKGROUND", "BACKGROUND", "Some background."},
                {"METHODS", "METHODS", "We used x."},
                {"", "", "Unlabelled tail."}};
  a.other_abstracts = {{"Publisher", "ger", {{"", "", "Deutsche Zusammenfassung."}}},
                       {"plain-language-summary", "eng", {{"WHAT", "", "Plain words."}, {"", "", "More."}}}};
  a.authors = {{"Smith", "John A", "JA", "", {"Dept. A, Univ. B.", "Institute C."}},
               {"", "", "", "The Test Study Group", {}}};
  a.journal = {"Journal of Tests & Fixtures", "J Tests Fixtures", "1234-5678", "12", "3", "100-9"};
  a.pub_year = 2019;
  a.pub_month = 3;
  a.pub_date = "2019 Mar 05";
  a.languages = {"eng", "ger"};
  a.publication_types = {"Journal Article", "Review"};
  a.mesh_headings = {{"D000818", "Animals", false, {}},
                     {"D015850", "Interleukin-6", true, {{"D000097", "blood", false}, {"Q000378", "metabolism", true}}}};
  a.chemicals = {{"0", "D015850", "Interleukin-6"}, {"142M471B3J", "D002245", "Carbon Dioxide"}};
  a.keywords = {"asthma", "IL-6", "mice"};
  a.doi = "10.1000/real.doi";
  a.pmc = "PMC6543210";
  a.date_completed = "2019-07-05";
  a.date_revised = "2020-11-20";
  return a;
}

class PubmedFieldsTest : public testing::TempDirTest {
 protected:
  // The single article of a set holding `record`.
  Article only_article(const std::string& record) {
    PubmedReader reader(write("one.xml", pubmed_set(record)));
    Record r;
    EXPECT_TRUE(reader.next(r));
    EXPECT_EQ(r.kind, RecordKind::Article) << r.skipped.reason << " " << r.skipped.detail;
    Record extra;
    EXPECT_FALSE(reader.next(extra));
    return r.article;
  }
};

TEST_F(PubmedFieldsTest, FillsEveryFieldOfACurrentRecord) {
  const Article got = only_article(kFullArticle);
  const Article want = expected_full_article();
  // Field by field first, for readable failures; then the whole record.
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.version, want.version);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.vernacular_title, want.vernacular_title);
  EXPECT_EQ(got.abstract, want.abstract);
  EXPECT_EQ(got.other_abstracts, want.other_abstracts);
  EXPECT_EQ(got.authors, want.authors);
  EXPECT_EQ(got.journal, want.journal);
  EXPECT_EQ(got.pub_year, want.pub_year);
  EXPECT_EQ(got.pub_month, want.pub_month);
  EXPECT_EQ(got.pub_date, want.pub_date);
  EXPECT_EQ(got.languages, want.languages);
  EXPECT_EQ(got.publication_types, want.publication_types);
  EXPECT_EQ(got.mesh_headings, want.mesh_headings);
  EXPECT_EQ(got.chemicals, want.chemicals);
  EXPECT_EQ(got.keywords, want.keywords);
  EXPECT_EQ(got.doi, want.doi);
  EXPECT_EQ(got.pmc, want.pmc);
  EXPECT_EQ(got.date_completed, want.date_completed);
  EXPECT_EQ(got.date_revised, want.date_revised);
  EXPECT_EQ(got, want);
}

TEST_F(PubmedFieldsTest, GzipAndPlainGiveTheSameArticle) {
  const std::string xml = pubmed_set(kFullArticle);
  const auto records = testing::read_all(write("full.xml.gz", testing::gzip(xml)));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].article, expected_full_article());
}

TEST_F(PubmedFieldsTest, InlineMarkupIsFlattenedToText) {
  struct Case {
    const char* xml;
    const char* text;
  };
  const Case cases[] = {
      {"<i>in vivo</i> <b>and</b> <i>in vitro</i>", "in vivo and in vitro"},
      {"H<sub>2</sub>O<sup>+</sup> and 10<sup>-3</sup>", "H2O+ and 10-3"},
      {"  lead\n\t and  trail  ", "lead and trail"},
      {"<![CDATA[a < b]]> &amp; c", "a < b & c"},
      {"x <!-- comment --> y", "x y"},
      {"<b><i>nested</i></b>", "nested"},
      {"<i> spaced </i>words", "spaced words"},
      {"(<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">\n <mml:mrow>\n  <mml:mi>p</mml:mi>\n"
       "  <mml:mo>&lt;</mml:mo>\n  <mml:mn>0.05</mml:mn>\n </mml:mrow>\n</mml:math>)",
       "(p<0.05)"},
      {"value <DispFormula><mml:math><mml:mi>x</mml:mi> <mml:mtext> in  total </mml:mtext></mml:math></DispFormula>.",
       "value xin total."},
      {"", ""},
  };
  for (const Case& c : cases) {
    const std::string record =
        "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Abstract><AbstractText>" + std::string(c.xml) +
        "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>";
    const Article a = only_article(record);
    ASSERT_EQ(a.abstract.size(), 1u) << c.xml;
    EXPECT_EQ(a.abstract[0].text, c.text) << c.xml;
  }
}

TEST_F(PubmedFieldsTest, DoiFallsBackToElocationIdAndIgnoresReferences) {
  const std::string record =
      "<PubmedArticle><MedlineCitation><PMID Version=\"1\">5</PMID><Article>"
      "<ArticleTitle>T</ArticleTitle>"
      "<ELocationID EIdType=\"doi\" ValidYN=\"N\">10.1/invalid</ELocationID>"
      "<ELocationID EIdType=\"doi\">10.1/eloc</ELocationID></Article></MedlineCitation>"
      "<PubmedData><ArticleIdList><ArticleId IdType=\"pubmed\">5</ArticleId></ArticleIdList>"
      "<ReferenceList><Reference><Citation>c</Citation><ArticleIdList>"
      "<ArticleId IdType=\"doi\">10.1/cited</ArticleId></ArticleIdList></Reference></ReferenceList>"
      "</PubmedData></PubmedArticle>";
  const Article a = only_article(record);
  EXPECT_EQ(a.doi, "10.1/eloc");
  EXPECT_EQ(a.pmc, "");
}

TEST_F(PubmedFieldsTest, PaginationFallsBackToStartAndEndPage) {
  const Article both = only_article(testing::minimal_article(
      "1", "T", "<Pagination><StartPage>e100</StartPage><EndPage>e109</EndPage></Pagination>"));
  EXPECT_EQ(both.journal.pages, "e100-e109");
  const Article start = only_article(
      testing::minimal_article("1", "T", "<Pagination><StartPage>e100</StartPage></Pagination>"));
  EXPECT_EQ(start.journal.pages, "e100");
}

TEST_F(PubmedFieldsTest, MissingOptionalElementsLeaveDefaults) {
  const Article a = only_article(
      "<PubmedArticle><MedlineCitation><PMID>77</PMID><Article><Journal/></Article></MedlineCitation>"
      "</PubmedArticle>");
  Article want;
  want.id = "77";
  EXPECT_EQ(a, want);  // version 1 when PMID@Version is absent; everything else empty/0
}

TEST_F(PubmedFieldsTest, AuthorListOfEditorsIsNotAuthors) {
  const Article a = only_article(testing::minimal_article(
      "1", "T",
      "<AuthorList Type=\"editors\"><Author><LastName>Ed</LastName></Author></AuthorList>"
      "<AuthorList><Author><LastName>Au</LastName></Author></AuthorList>"));
  ASSERT_EQ(a.authors.size(), 1u);
  EXPECT_EQ(a.authors[0].last_name, "Au");
}

// pub_date / pub_year / pub_month from each PubDate form (DTD: (Year, ((Month, Day?) |
// Season)?) | MedlineDate).
struct PubDateCase {
  const char* xml;
  const char* pub_date;
  int year;
  int month;
};

TEST_F(PubmedFieldsTest, PubDateForms) {
  const PubDateCase cases[] = {
      {"<Year>2001</Year><Month>Dec</Month><Day>25</Day>", "2001 Dec 25", 2001, 12},
      {"<Year>2018</Year><Month>05</Month><Day>17</Day>", "2018 05 17", 2018, 5},
      {"<Year>2018</Year><Month>9</Month>", "2018 9", 2018, 9},
      {"<Year>1999</Year><Month>September</Month>", "1999 September", 1999, 9},
      {"<Year>2000</Year><Season>Spring</Season>", "2000 Spring", 2000, 0},
      {"<Year>2005</Year>", "2005", 2005, 0},
      {"<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", "1998 Dec-1999 Jan", 1998, 12},
      {"<MedlineDate>2000 Spring</MedlineDate>", "2000 Spring", 2000, 0},
      {"<MedlineDate>1975-1976</MedlineDate>", "1975-1976", 1975, 0},
      {"<MedlineDate>Winter 2001-2002</MedlineDate>", "Winter 2001-2002", 2001, 0},
      {"<MedlineDate>2001 Mar-Jun</MedlineDate>", "2001 Mar-Jun", 2001, 3},
      {"<MedlineDate>1999 Dec 23-30</MedlineDate>", "1999 Dec 23-30", 1999, 12},
      {"<MedlineDate>Mar-Apr 2001</MedlineDate>", "Mar-Apr 2001", 2001, 3},
      {"<MedlineDate>  1990  Fall </MedlineDate>", "1990 Fall", 1990, 0},
      {"<MedlineDate>undated</MedlineDate>", "undated", 0, 0},
  };
  for (const PubDateCase& c : cases) {
    const std::string record =
        "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue><PubDate>" +
        std::string(c.xml) + "</PubDate></JournalIssue></Journal></Article></MedlineCitation></PubmedArticle>";
    const Article a = only_article(record);
    EXPECT_EQ(a.pub_date, c.pub_date) << c.xml;
    EXPECT_EQ(a.pub_year, c.year) << c.xml;
    EXPECT_EQ(a.pub_month, c.month) << c.xml;
  }
}

TEST_F(PubmedFieldsTest, CompletionDatesAreIsoWithMissingPartsOmitted) {
  const std::string record =
      "<PubmedArticle><MedlineCitation><PMID>1</PMID>"
      "<DateCompleted><Year>1999</Year><Month>Dec</Month></DateCompleted>"
      "<DateRevised><Year>2006</Year></DateRevised>"
      "<Article/></MedlineCitation></PubmedArticle>";
  const Article a = only_article(record);
  EXPECT_EQ(a.date_completed, "1999-12");
  EXPECT_EQ(a.date_revised, "2006");
}

// The MEDLINE set DTD (nlmmedlinecitationset_*.dtd) as NLM's older files use it: no
// PubmedData, FirstName instead of ForeName, Affiliation directly in Author (2014) or one
// Article/Affiliation (before 2014), DateCreated.
TEST_F(PubmedFieldsTest, OldMedlineCitationSetRecords) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MedlineCitationSet PUBLIC "-//NLM//DTD Medline Citation, 1st January, 2014//EN" "http://www.nlm.nih.gov/databases/dtd/nlmmedlinecitationset_140101.dtd">
<MedlineCitationSet>
<MedlineCitation Owner="NLM" Status="MEDLINE">
<PMID Version="1">10540283</PMID>
<DateCreated><Year>1999</Year><Month>12</Month><Day>17</Day></DateCreated>
<DateCompleted><Year>1999</Year><Month>12</Month><Day>17</Day></DateCompleted>
<Article PubModel="Print">
<Journal><ISSN IssnType="Print">0950-382X</ISSN><JournalIssue CitedMedium="Print"><Volume>34</Volume><Issue>1</Issue>
<PubDate><Year>1999</Year><Month>Oct</Month></PubDate></JournalIssue>
<Title>Molecular microbiology</Title><ISOAbbreviation>Mol. Microbiol.</ISOAbbreviation></Journal>
<ArticleTitle>Transcription regulation of the nir gene cluster.</ArticleTitle>
<Pagination><MedlinePgn>24-36</MedlinePgn></Pagination>
<Affiliation>Department of Biology, Amsterdam.</Affiliation>
<AuthorList CompleteYN="Y">
<Author ValidYN="Y"><LastName>Saunders</LastName><FirstName>N F</FirstName><Initials>NF</Initials></Author>
<Author ValidYN="Y"><LastName>Houben</LastName><ForeName>E N</ForeName><Initials>EN</Initials></Author>
</AuthorList>
<Language>eng</Language>
<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>
</Article>
<MeshHeadingList><MeshHeading><DescriptorName MajorTopicYN="Y">Bacterial Proteins</DescriptorName><QualifierName MajorTopicYN="N">genetics</QualifierName></MeshHeading></MeshHeadingList>
</MedlineCitation>
<MedlineCitation Owner="NLM" Status="MEDLINE">
<PMID Version="1">10612833</PMID>
<Article PubModel="Print"><ArticleTitle>Second.</ArticleTitle>
<AuthorList><Author><LastName>Ortega</LastName><ForeName>D J</ForeName><Initials>DJ</Initials>
<Affiliation>Boys Town National Research Hospital, Omaha.</Affiliation></Author></AuthorList>
</Article>
</MedlineCitation>
<DeleteCitation><PMID Version="1">111</PMID></DeleteCitation>
</MedlineCitationSet>
)";
  PubmedReader reader(write("medline.xml", xml));
  const auto records = testing::read_all(reader);
  ASSERT_EQ(records.size(), 3u);
  ASSERT_EQ(records[0].kind, RecordKind::Article);
  const Article& a = records[0].article;
  EXPECT_EQ(a.id, "10540283");
  EXPECT_EQ(a.title, "Transcription regulation of the nir gene cluster.");
  EXPECT_EQ(a.journal, (Journal{"Molecular microbiology", "Mol. Microbiol.", "0950-382X", "34", "1", "24-36"}));
  EXPECT_EQ(a.pub_date, "1999 Oct");
  EXPECT_EQ(a.pub_year, 1999);
  EXPECT_EQ(a.pub_month, 10);
  EXPECT_EQ(a.authors, (std::vector<Author>{{"Saunders", "N F", "NF", "", {"Department of Biology, Amsterdam."}},
                                            {"Houben", "E N", "EN", "", {}}}));
  EXPECT_EQ(a.mesh_headings, (std::vector<MeshHeading>{{"", "Bacterial Proteins", true, {{"", "genetics", false}}}}));
  EXPECT_EQ(a.date_completed, "1999-12-17");
  EXPECT_EQ(a.doi, "");
  ASSERT_EQ(records[1].kind, RecordKind::Article);
  EXPECT_EQ(records[1].article.authors,
            (std::vector<Author>{{"Ortega", "D J", "DJ", "", {"Boys Town National Research Hospital, Omaha."}}}));
  ASSERT_EQ(records[2].kind, RecordKind::Deletion);
  EXPECT_EQ(records[2].deletion.id, "111");
}

TEST_F(PubmedFieldsTest, ReusedRecordDoesNotLeakFieldsBetweenArticles) {
  PubmedReader reader(write("two.xml", pubmed_set(std::string(kFullArticle) + testing::minimal_article("2", "Second"))));
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_TRUE(reader.next(r));
  Article want;
  want.id = "2";
  want.title = "Second";
  want.pub_year = 2020;
  want.pub_date = "2020";
  want.languages = {"eng"};
  EXPECT_EQ(r.article, want);
}

}  // namespace
}  // namespace medsearch::ingest
