// Biomedical tokens: findable whole and by parts (docs/analysis.md, "Compounds").
#include <gtest/gtest.h>

#include "medsearch/text/analyzer.hpp"
#include "unit/text/token_render.hpp"

namespace medsearch::text {
namespace {

using testing::phrase_matches;
using testing::render;
using testing::sources;

const Analyzer& prose() {
  static const Analyzer analyzer(prose_options());
  return analyzer;
}

const Analyzer& keyword() {
  static const Analyzer analyzer(keyword_options());
  return analyzer;
}

TEST(AnalyzerCompound, HyphenatedGeneNameYieldsJoinedFormThenParts) {
  EXPECT_EQ(render(prose(), "IL-6"), "il6@0/2 il@0 6@1");
  EXPECT_EQ(render(prose(), "COVID-19"), "covid19@0/2 covid@0 19@1");
}

TEST(AnalyzerCompound, OffsetsOfJoinedFormAndPartsPointIntoTheOriginal) {
  std::vector<Token> tokens;
  const std::uint32_t end = prose().analyze("Serum IL-6 rose", tokens);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0], (Token{"serum", 0, 0, 5, 1}));
  EXPECT_EQ(tokens[1], (Token{"il6", 1, 6, 10, 2}));
  EXPECT_EQ(tokens[2], (Token{"il", 1, 6, 8, 1}));
  EXPECT_EQ(tokens[3], (Token{"6", 2, 9, 10, 1}));
  EXPECT_EQ(tokens[4], (Token{"rose", 3, 11, 15, 1}));
  EXPECT_EQ(end, 4u);
}

TEST(AnalyzerCompound, GreekBlockerIsSpelledStemmedAndSplit) {
  EXPECT_EQ(render(prose(), "β-blockers"), "betablock@0/2 beta@0 blocker@1");
  EXPECT_EQ(sources(prose(), "β-blockers"), "β-blockers β blockers");
  EXPECT_EQ(render(keyword(), "β-blockers"), "betablockers@0/2 beta@0 blockers@1");
}

TEST(AnalyzerCompound, BetaBlockerQueriesAllFindTheGreekDocument) {
  const char* document = "Effects of β-blockers on mortality";
  for (const char* query : {"β-blocker", "beta-blocker", "beta blocker", "Beta-Blockers", "β blocker", "ß-blocker"})
    EXPECT_TRUE(phrase_matches(prose(), document, query)) << query;
  // Unstemmed (keyword profile): the same, number for number.
  for (const char* query : {"β-blocker", "beta-blocker", "beta blocker", "Β-BLOCKER", "ß-blocker"})
    EXPECT_TRUE(phrase_matches(keyword(), "β-blocker", query)) << query;
  EXPECT_FALSE(phrase_matches(keyword(), "β-blocker", "beta blockers"));
  EXPECT_FALSE(phrase_matches(prose(), document, "alpha blocker"));
  // The joined form also meets the one-word spelling.
  EXPECT_EQ(render(prose(), "betablockers"), "betablock@0");
}

TEST(AnalyzerCompound, LetterDigitMixWithoutJoinerIsOneToken) {
  EXPECT_EQ(render(prose(), "p53"), "p53@0");
  EXPECT_EQ(render(prose(), "BRCA1 and CD4"), "brca1@0 cd4@2");
}

TEST(AnalyzerCompound, SerotoninReceptorName) {
  EXPECT_EQ(render(prose(), "5-HT2A"), "5ht2a@0/2 5@0 ht2a@1");
}

TEST(AnalyzerCompound, IonPumpDropsChargesAndKeepsParts) {
  EXPECT_EQ(render(keyword(), "Na+/K+-ATPase"), "nakatpase@0/3 na@0 k@1 atpase@2");
  EXPECT_EQ(render(prose(), "Na+/K+-ATPase"), "nakatpas@0/3 na@0 k@1 atpas@2");
  EXPECT_EQ(sources(prose(), "Na+/K+-ATPase"), "Na+/K+-ATPase Na K ATPase");
  EXPECT_TRUE(phrase_matches(prose(), "the Na+/K+-ATPase pump", "Na/K-ATPase"));
  EXPECT_TRUE(phrase_matches(prose(), "the Na+/K+-ATPase pump", "Na,K-ATPase"));
}

TEST(AnalyzerCompound, ChargeSignsAreDropped) {
  EXPECT_EQ(render(prose(), "CD4+ T cells"), "cd4@0 t@1 cell@2");
  EXPECT_EQ(render(prose(), "Ca2+ influx"), "ca2@0 influx@1");
  EXPECT_EQ(render(prose(), "Ca²⁺ influx"), "ca2@0 influx@1");
  EXPECT_EQ(render(prose(), "+++"), "");
}

TEST(AnalyzerCompound, SlashJoinsWords) {
  EXPECT_EQ(render(keyword(), "HER2/neu"), "her2neu@0/2 her2@0 neu@1");
}

TEST(AnalyzerCompound, AllNumericCompoundsHaveNoJoinedForm) {
  EXPECT_EQ(render(prose(), "1990-2000"), "1990@0 2000@1");
  EXPECT_EQ(render(prose(), "2019/01/02"), "2019@0 01@1 02@2");
  EXPECT_EQ(render(prose(), "5/10"), "5@0 10@1");
}

TEST(AnalyzerCompound, ThreePartsAndDecimalParts) {
  EXPECT_EQ(render(prose(), "COVID-19-related"), "covid19related@0/3 covid@0 19@1 relat@2");
  EXPECT_EQ(render(prose(), "3.5-fold"), "3.5fold@0/2 3.5@0 fold@1");
}

TEST(AnalyzerCompound, JoinerNeedsAWordCharacterOnBothSides) {
  EXPECT_EQ(render(keyword(), "anti- and pro-inflammatory"), "anti@0 and@1 proinflammatory@2/2 pro@2 inflammatory@3");
  EXPECT_EQ(render(keyword(), "-5"), "5@0");
  EXPECT_EQ(render(keyword(), "a--b"), "a@0 b@1");
  EXPECT_EQ(render(keyword(), "a - b"), "a@0 b@1");
}

TEST(AnalyzerCompound, UnicodeHyphensAndMinusJoinLikeAsciiHyphen) {
  // U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, U+2013 EN DASH, U+2212 MINUS SIGN.
  for (const char* text : {"IL\u20106", "IL\u20116", "IL\u20136", "IL\u22126", "IL\uFF0D6"})
    EXPECT_EQ(render(prose(), text), "il6@0/2 il@0 6@1") << text;
  // An em dash is punctuation between words.
  EXPECT_EQ(render(keyword(), "IL\u20146"), "il@0 6@1");
}

TEST(AnalyzerCompound, PossessivesAreDropped) {
  EXPECT_EQ(render(prose(), "Alzheimer's disease"), "alzheim@0 diseas@1");
  EXPECT_EQ(render(keyword(), "Crohn\u2019s disease"), "crohn@0 disease@1");
  EXPECT_EQ(sources(prose(), "Alzheimer's disease"), "Alzheimer disease");
  EXPECT_EQ(render(keyword(), "patients' data"), "patients@0 data@1");
  EXPECT_EQ(render(prose(), "Alzheimer's"), render(prose(), "Alzheimer"));
}

TEST(AnalyzerCompound, InnerApostropheJoinsAndPrimeEndsAPart) {
  EXPECT_EQ(render(keyword(), "O'Brien"), "obrien@0/2 o@0 brien@1");
  EXPECT_EQ(render(keyword(), "5'-UTR"), "5utr@0/2 5@0 utr@1");
  EXPECT_EQ(render(keyword(), "5\u2032 end"), "5@0 end@1");
}

TEST(AnalyzerCompound, SplittingOffKeepsOnlyTheJoinedForm) {
  AnalyzerOptions options = prose_options();
  options.split_compounds = false;
  const Analyzer analyzer(options);
  EXPECT_EQ(render(analyzer, "IL-6 and β-blockers"), "il6@0 betablock@2");
  EXPECT_EQ(render(analyzer, "1990-2000"), "1990@0 2000@1");
}

TEST(AnalyzerCompound, QueriesMeetDocumentsAcrossSpellings) {
  EXPECT_TRUE(phrase_matches(prose(), "levels of IL-6 were", "IL 6"));
  EXPECT_TRUE(phrase_matches(prose(), "levels of IL-6 were", "il-6"));
  EXPECT_TRUE(phrase_matches(prose(), "after COVID-19 infection", "COVID 19"));
  EXPECT_TRUE(phrase_matches(prose(), "TNF-α and IFN-γ", "TNF alpha"));
  EXPECT_TRUE(phrase_matches(prose(), "TNFα levels", "TNF-alpha"));
  EXPECT_TRUE(phrase_matches(prose(), "IL-1β secretion", "IL-1 beta"));
  EXPECT_TRUE(phrase_matches(prose(), "β2-microglobulin", "beta-2 microglobulin"));
  EXPECT_TRUE(phrase_matches(prose(), "NF-κB activation", "NF-kappa B"));
  EXPECT_TRUE(phrase_matches(prose(), "NF-κB activation", "NF-κB"));
  EXPECT_FALSE(phrase_matches(prose(), "levels of IL-6 were", "IL 8"));
}

TEST(AnalyzerCompound, OverlongTermsAreDroppedButKeepTheirPosition) {
  const std::string sequence(200, 'g');
  EXPECT_EQ(render(prose(), "dna " + sequence + " cell"), "dna@0 cell@2");
  // The joined form of a long chain is dropped, its parts stay.
  std::string chain = "x";
  for (int i = 0; i < 70; ++i) chain += "-ab";
  std::vector<Token> tokens;
  EXPECT_EQ(prose().analyze(chain, tokens), 71u);
  ASSERT_EQ(tokens.size(), 71u);
  EXPECT_EQ(tokens.front().term, "x");
}

}  // namespace
}  // namespace medsearch::text
