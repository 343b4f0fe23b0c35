// Analyzer: profiles, positions, stop words, stemming, folding, numbers, API contract
// (docs/analysis.md).
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

TEST(AnalyzerProfiles, ProseAndKeywordOptions) {
  const AnalyzerOptions p = prose_options();
  EXPECT_TRUE(p.fold_accents && p.remove_stop_words && p.stem && p.split_compounds && p.cjk_bigrams);
  const AnalyzerOptions k = keyword_options();
  EXPECT_TRUE(k.fold_accents && k.split_compounds && k.cjk_bigrams);
  EXPECT_FALSE(k.remove_stop_words);
  EXPECT_FALSE(k.stem);
  EXPECT_EQ(Analyzer().options(), prose_options());
  EXPECT_EQ(Analyzer(keyword_options()).options(), keyword_options());
}

TEST(AnalyzerProfiles, KeywordKeepsStopWordsAndWordForms) {
  EXPECT_EQ(render(keyword(), "The Lancet"), "the@0 lancet@1");
  EXPECT_EQ(render(keyword(), "Vitamin A"), "vitamin@0 a@1");
  EXPECT_EQ(render(keyword(), "Studies of Cancers"), "studies@0 of@1 cancers@2");
}

TEST(AnalyzerStopWords, RemovedButPositionsAdvance) {
  EXPECT_EQ(render(prose(), "cancer of the lung"), "cancer@0 lung@3");
  EXPECT_EQ(render(prose(), "The Lancet"), "lancet@1");
  std::vector<Token> tokens;
  EXPECT_EQ(prose().analyze("risk in the", tokens), 3u);  // trailing stop words count
  EXPECT_EQ(render(tokens), "risk@0");
}

TEST(AnalyzerStopWords, PhraseDistancesSurviveRemoval) {
  EXPECT_TRUE(phrase_matches(prose(), "a cancer of the lung was found", "cancer of the lung"));
  EXPECT_FALSE(phrase_matches(prose(), "lung cancer", "cancer of the lung"));
  EXPECT_FALSE(phrase_matches(prose(), "cancer lung", "cancer of the lung"));
}

TEST(AnalyzerStopWords, BiomedicalLettersAndAcronymsAreNotStopWords) {
  EXPECT_EQ(render(prose(), "vitamin A"), "vitamin@0 a@1");
  EXPECT_EQ(render(prose(), "type I diabetes"), "type@0 i@1 diabet@2");
  EXPECT_EQ(render(prose(), "ALL relapse"), "all@0 relaps@1");
  EXPECT_EQ(render(prose(), "NO synthase"), "no@0 synthas@1");
}

TEST(AnalyzerStopWords, PartsOfCompoundsAreFilteredButNotTheJoinedForm) {
  EXPECT_EQ(render(prose(), "and/or"), "andor@0/2");
  EXPECT_EQ(render(prose(), "up-to-date"), "uptod@0/3 up@0 date@2");
}

TEST(AnalyzerStemming, SnowballEnglish) {
  EXPECT_EQ(render(prose(), "cancers studies running"), "cancer@0 studi@1 run@2");
  EXPECT_EQ(render(prose(), "Studies"), render(prose(), "study"));
  EXPECT_EQ(render(prose(), "mice"), "mice@0");  // Snowball knows no irregular plurals
}

TEST(AnalyzerStemming, OnlyAlphabeticTermsAreStemmed) {
  EXPECT_EQ(render(prose(), "cases 2019s p53s"), "case@0 2019s@1 p53s@2");
  AnalyzerOptions options = prose_options();
  options.fold_accents = false;
  EXPECT_EQ(render(Analyzer(options), "Sjögren's cases"), "sjögren@0 case@1");
}

TEST(AnalyzerStemming, StemmingOffLeavesWordForms) {
  AnalyzerOptions options = prose_options();
  options.stem = false;
  EXPECT_EQ(render(Analyzer(options), "the cancers"), "cancers@1");
}

TEST(AnalyzerFolding, CaseAccentsAndCompatibilityForms) {
  EXPECT_EQ(render(prose(), "DNA"), "dna@0");
  EXPECT_EQ(render(keyword(), "Sjögren"), "sjogren@0");
  EXPECT_EQ(render(keyword(), "Sjo\u0308gren"), "sjogren@0");  // decomposed ö
  EXPECT_EQ(render(keyword(), "ＡＢＣ"), "abc@0");
  EXPECT_EQ(render(keyword(), "\uFB01broblast"), "fibroblast@0");  // ﬁ ligature
  EXPECT_EQ(render(keyword(), "Guillain–Barré"), "guillainbarre@0/2 guillain@0 barre@1");
  EXPECT_EQ(render(keyword(), "Straße"), "strasse@0");
  EXPECT_EQ(render(keyword(), "Ångström"), "angstrom@0");
}

TEST(AnalyzerFolding, AccentFoldingCanBeTurnedOff) {
  AnalyzerOptions options = keyword_options();
  options.fold_accents = false;
  const Analyzer analyzer(options);
  EXPECT_EQ(render(analyzer, "Sjögren"), "sjögren@0");
  EXPECT_EQ(render(analyzer, "Sjo\u0308gren"), "sjögren@0");  // NFKC composes
  EXPECT_EQ(render(analyzer, "DNA ＡＢＣ"), "dna@0 abc@1");
}

TEST(AnalyzerFolding, OffsetsCoverTheWholeOriginalCharacters) {
  EXPECT_EQ(sources(keyword(), "Sjögren ＡＢＣ Sjo\u0308gren"), "Sjögren ＡＢＣ Sjo\u0308gren");
  std::vector<Token> tokens;
  keyword().analyze("x \uFB01ve", tokens);  // ﬁ (3 bytes) → "fi"
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1], (Token{"five", 1, 2, 7, 1}));
}

TEST(AnalyzerNumbers, NumbersAndDecimalsAreKept) {
  EXPECT_EQ(render(prose(), "In 2019, 3.5 mg and 0.05."), "2019@1 3.5@2 mg@3 0.05@5");
  EXPECT_EQ(render(prose(), "version 1.2.3"), "version@0 1.2.3@1");
  EXPECT_EQ(render(prose(), "1,000 patients"), "1@0 000@1 patient@2");
  EXPECT_EQ(render(prose(), "２０１９"), "2019@0");
}

TEST(AnalyzerNumbers, PeriodsBetweenLettersSeparate) {
  EXPECT_EQ(render(keyword(), "e.g. U.S."), "e@0 g@1 u@2 s@3");
  EXPECT_EQ(render(keyword(), "end.Next"), "end@0 next@1");
}

TEST(AnalyzerGreek, LettersAreSpelledInPlace) {
  EXPECT_EQ(render(prose(), "TNF-α and IFN-γ"), "tnfalpha@0/2 tnf@0 alpha@1 ifngamma@3/2 ifn@3 gamma@4");
  EXPECT_EQ(render(prose(), "TNFα"), "tnfalpha@0/2 tnf@0 alpha@1");
  EXPECT_EQ(render(prose(), "γδ T cells"), "gammadelta@0/2 gamma@0 delta@1 t@2 cell@3");
  EXPECT_EQ(render(prose(), "NF-κB"), "nfkappab@0/3 nf@0 kappa@1 b@2");
  EXPECT_EQ(render(prose(), "ΔF508"), "deltaf508@0/2 delta@0 f508@1");
  EXPECT_EQ(render(prose(), "αvβ3"), "alphavbeta3@0/4 alpha@0 v@1 beta@2 3@3");
  EXPECT_EQ(render(prose(), "10 µg/ml"), "10@0 mugml@1/2 mug@1 ml@2");
  EXPECT_EQ(render(prose(), "Σ"), "sigma@0");
  EXPECT_EQ(sources(prose(), "TNFα"), "TNFα TNF α");
}

TEST(AnalyzerGreek, GreekTextIsNotSpelled) {
  EXPECT_EQ(render(prose(), "Καρκίνος του πνεύμονα"), "καρκινοσ@0 του@1 πνευμονα@2");
}

TEST(AnalyzerCjk, HanRunsBecomeOverlappingBigrams) {
  EXPECT_EQ(render(prose(), "帕金森病"), "帕金@0 金森@1 森病@2");
  EXPECT_EQ(sources(prose(), "帕金森病"), "帕金 金森 森病");
  std::vector<Token> tokens;
  prose().analyze("a 帕金森", tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1], (Token{"帕金", 1, 2, 8, 1}));
  EXPECT_EQ(tokens[2], (Token{"金森", 2, 5, 11, 1}));
}

TEST(AnalyzerCjk, MixedScriptsSplitAtTheScriptBoundary) {
  EXPECT_EQ(render(prose(), "BRCA基因"), "brca@0 基因@1");
  EXPECT_EQ(render(prose(), "IL-6基因突变"), "il6@0/2 il@0 6@1 基因@2 因突@3 突变@4");
  EXPECT_EQ(render(prose(), "２０１９年"), "2019@0 年@1");
}

TEST(AnalyzerCjk, LoneCharacterIsAUnigram) {
  EXPECT_EQ(render(keyword(), "A型B"), "a@0 型@1 b@2");
  EXPECT_EQ(render(prose(), "病"), "病@0");
}

TEST(AnalyzerCjk, PunctuationSplitsRuns) {
  EXPECT_EQ(render(prose(), "帕金森病，糖尿病。"), "帕金@0 金森@1 森病@2 糖尿@3 尿病@4");
}

TEST(AnalyzerCjk, KanaAndHangul) {
  EXPECT_EQ(render(prose(), "パーキン"), "パー@0 ーキ@1 キン@2");
  EXPECT_EQ(render(prose(), "파킨슨병"), "파킨@0 킨슨@1 슨병@2");
  // Dakuten are meaning, not accents: か+゛ composes to が and is not folded to か.
  EXPECT_EQ(render(prose(), "か\u3099ん"), "がん@0");
}

TEST(AnalyzerCjk, UnigramsWhenBigramsAreOff) {
  AnalyzerOptions options = prose_options();
  options.cjk_bigrams = false;
  EXPECT_EQ(render(Analyzer(options), "帕金森病 x"), "帕@0 金@1 森@2 病@3 x@4");
}

TEST(AnalyzerCjk, QueryBigramsMatchAsPhrase) {
  EXPECT_TRUE(phrase_matches(prose(), "原发性帕金森病患者", "帕金森病"));
  EXPECT_FALSE(phrase_matches(prose(), "帕金病森", "帕金森"));
}

TEST(AnalyzerInput, InvalidUtf8IsASeparatorNeverAnError) {
  EXPECT_EQ(render(keyword(), "ab\xFF" "cd"), "ab@0 cd@1");
  EXPECT_EQ(render(keyword(), "x\xC0\xAFy"), "x@0 y@1");          // overlong '/'
  EXPECT_EQ(render(keyword(), "x\xED\xA0\x80y"), "x@0 y@1");      // surrogate
  EXPECT_EQ(render(keyword(), "abc\xE2\x82"), "abc@0");           // truncated
  EXPECT_EQ(sources(keyword(), "ab\xFF" "cd"), "ab cd");
  EXPECT_EQ(keyword().normalize_word("ab\xFF" "cd"), "abcd");
}

TEST(AnalyzerInput, IgnorableAndSpecialCharacters) {
  EXPECT_EQ(render(prose(), "immuno\u00ADlogy"), "immunolog@0");             // soft hyphen
  EXPECT_EQ(render(keyword(), "hello\u200Bworld"), "hello@0 world@1");        // ZWSP
  EXPECT_EQ(render(keyword(), "Glivec\u2122 and Avastin®"), "glivec@0 and@1 avastin@2");
  EXPECT_EQ(render(keyword(), "tab\there\nnew\u00A0line"), "tab@0 here@1 new@2 line@3");
  EXPECT_EQ(render(keyword(), std::string_view("nul\0byte", 8)), "nul@0 byte@1");
}

TEST(AnalyzerApi, FirstPositionAndReturnedPositionChainFields) {
  std::vector<Token> tokens;
  const std::uint32_t next = prose().analyze("breast cancer", tokens, 10);
  EXPECT_EQ(next, 12u);
  EXPECT_EQ(prose().analyze("IL-6 levels", tokens, next + 100), 115u);
  EXPECT_EQ(render(tokens), "breast@10 cancer@11 il6@112/2 il@112 6@113 level@114");
}

TEST(AnalyzerApi, AnalyzeAppendsAndEmptyTextAddsNothing) {
  std::vector<Token> tokens{Token{"keep", 0, 0, 0, 1}};
  EXPECT_EQ(prose().analyze("", tokens, 7), 7u);
  EXPECT_EQ(prose().analyze(" ,;- ", tokens, 7), 7u);
  EXPECT_EQ(render(tokens), "keep@0");
}

TEST(AnalyzerApi, PositionsNeverDecrease) {
  std::vector<Token> tokens;
  prose().analyze("IL-6, TNF-α and β2-microglobulin in 帕金森病 (p < 0.05) of the Na+/K+-ATPase", tokens);
  for (std::size_t i = 1; i < tokens.size(); ++i) EXPECT_LE(tokens[i - 1].position, tokens[i].position) << i;
}

TEST(AnalyzerApi, TermsIsTheTermsOfAnalyze) {
  EXPECT_EQ(prose().terms("The IL-6 studies"), (std::vector<std::string>{"il6", "il", "6", "studi"}));
  EXPECT_TRUE(prose().terms("").empty());
}

TEST(AnalyzerApi, NormalizeWordFoldsButNeitherStemsNorFilters) {
  EXPECT_EQ(prose().normalize_word("Immunology"), "immunology");
  EXPECT_EQ(prose().normalize_word("Studies"), "studies");
  EXPECT_EQ(prose().normalize_word("The"), "the");
  EXPECT_EQ(prose().normalize_word("Sjögren's"), "sjogren");
  EXPECT_EQ(prose().normalize_word("IL-6"), "il6");
  EXPECT_EQ(prose().normalize_word("β"), "beta");
  EXPECT_EQ(prose().normalize_word("ＤＮＡ"), "dna");
  EXPECT_EQ(prose().normalize_word("3.5"), "3.5");
  EXPECT_EQ(prose().normalize_word("帕金森"), "帕金森");
  EXPECT_EQ(prose().normalize_word("immun*"), "immun");
  EXPECT_EQ(prose().normalize_word("--"), "");
  EXPECT_EQ(prose().normalize_word(""), "");
  AnalyzerOptions options = keyword_options();
  options.fold_accents = false;
  EXPECT_EQ(Analyzer(options).normalize_word("Sjögren"), "sjögren");
}

TEST(AnalyzerApi, MovedAnalyzerKeepsWorking) {
  Analyzer a(keyword_options());
  Analyzer b(std::move(a));
  EXPECT_EQ(render(b, "The IL-6"), "the@0 il6@1/2 il@1 6@2");
  Analyzer c;
  c = std::move(b);
  EXPECT_EQ(c.options(), keyword_options());
}

}  // namespace
}  // namespace medsearch::text
