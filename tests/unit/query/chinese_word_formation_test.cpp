// Word formation for names no dictionary has (issue 15 item 2, decision 0033): the pinyin
// spellings, the candidates, and the translator's use of them against an index vocabulary.
// The names are real drug names that are not in the NFCorpus dev queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/query/chinese_translator.hpp"
#include "medsearch/query/chinese_word_formation.hpp"

namespace medsearch::query {
namespace {

const FormationStem& stem(std::string_view chinese) {
  for (const FormationStem& s : formation_stems()) {
    if (s.chinese == chinese) return s;
  }
  throw std::runtime_error("no stem " + std::string(chinese));
}

// Candidates for a prefix given as (character, pinyin readings) pairs, at the translator's cap.
std::vector<std::string> candidates(const std::vector<std::pair<std::string, std::vector<std::string>>>& prefix,
                                    std::string_view stem_chinese, std::size_t cap = 256) {
  std::vector<std::vector<Spelling>> spellings;
  for (const auto& [ch, readings] : prefix) spellings.push_back(character_spellings(ch, readings));
  return formation_candidates(spellings, stem(stem_chinese), cap);
}

bool has(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

TEST(ChineseWordFormation, SpellsPinyinTheWayDrugNamesDo) {
  const std::vector<Spelling> yi = character_spellings("伊", {"yi"});
  ASSERT_FALSE(yi.empty());
  EXPECT_EQ(yi.front().latin, "i");  // 伊马替尼 imatinib
  const std::vector<Spelling> lu = character_spellings("氯", {"lu:"});
  ASSERT_GE(lu.size(), 4u);
  EXPECT_EQ(lu.front().latin, "clo");  // the chemistry prefix first (cost 0) …
  EXPECT_TRUE(std::any_of(lu.begin(), lu.end(), [](const Spelling& s) { return s.latin == "lo"; }));  // … then the sound
  const std::vector<Spelling> kang = character_spellings("康", {"kang"});
  EXPECT_TRUE(std::any_of(kang.begin(), kang.end(), [](const Spelling& s) { return s.latin == "con" && s.cost <= 2; }));
  for (std::size_t k = 1; k < kang.size(); ++k) EXPECT_LE(kang[k - 1].cost, kang[k].cost);
  EXPECT_TRUE(character_spellings("X", {}).empty());
  EXPECT_TRUE(character_spellings("X", {"zzz"}).empty());  // not a pinyin syllable
}

TEST(ChineseWordFormation, CandidatesIncludeTheInnName) {
  EXPECT_TRUE(has(candidates({{"伊", {"yi"}}, {"马", {"ma"}}}, "替尼"), "imatinib"));
  EXPECT_TRUE(has(candidates({{"阿", {"a", "e"}}, {"托", {"tuo"}}, {"伐", {"fa"}}}, "他汀"), "atorvastatin"));
  EXPECT_TRUE(has(candidates({{"氯", {"lu:"}}}, "沙坦"), "losartan"));
  EXPECT_TRUE(has(candidates({{"美", {"mei"}}, {"托", {"tuo"}}}, "洛尔"), "metoprolol"));
  EXPECT_TRUE(has(candidates({{"环", {"huan"}}, {"丙", {"bing"}}}, "沙星"), "ciprofloxacin"));
  EXPECT_TRUE(has(candidates({{"氟", {"fu"}}}, "康唑"), "fluconazole"));
  EXPECT_TRUE(has(candidates({{"莫", {"mo"}}, {"西", {"xi"}}}, "沙星"), "moxifloxacin"));
  // Chemistry: …酸 "…ic acid", …酸盐 "…ate" (the prefix here is the element's IUPAC stem).
  EXPECT_TRUE(has(candidates({{"氯", {"lu:"}}}, "酸"), "chloric acid"));
  EXPECT_TRUE(has(candidates({{"溴", {"xiu"}}}, "酸盐"), "bromate"));
  EXPECT_TRUE(has(candidates({{"硫", {"liu"}}}, "酸盐"), "sulfate"));
  // 阿奇霉素 azithromycin is beyond the rule (奇 qi for "zithro"): CC-CEDICT has it whole.
  EXPECT_FALSE(has(candidates({{"阿", {"a", "e"}}, {"奇", {"qi", "ji"}}}, "霉素"), "azithromycin"));
}

TEST(ChineseWordFormation, CandidatesAreCappedDistinctAndCheapestFirst) {
  const std::vector<std::string> all = candidates({{"阿", {"a", "e"}}, {"托", {"tuo"}}, {"伐", {"fa"}}}, "他汀", 3000);
  const std::vector<std::string> few = candidates({{"阿", {"a", "e"}}, {"托", {"tuo"}}, {"伐", {"fa"}}}, "他汀", 10);
  ASSERT_EQ(few.size(), 10u);
  EXPECT_TRUE(std::equal(few.begin(), few.end(), all.begin()));  // the cap keeps the cheapest
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  EXPECT_EQ(all.front(), "atofastatin");  // every character's cheapest spelling first
  EXPECT_TRUE(candidates({{"伊", {}}, {"马", {"ma"}}}, "替尼").empty());  // a character with no spelling
  EXPECT_TRUE(candidates({}, "替尼").empty());
}

// The best-first search against its definition: every choice of one spelling per character,
// sorted by total cost and then by the index vector, each giving the head + form and the
// vowel-merged word in order, repeats dropped, the first `cap` kept. Real spellings of three
// and four characters (tens of thousands of choices).
TEST(ChineseWordFormation, CandidatesEqualSortingEveryCombination) {
  const auto oracle = [](const std::vector<std::vector<Spelling>>& prefix, const FormationStem& stem, std::size_t cap) {
    std::vector<std::pair<int, std::vector<std::size_t>>> choices;
    std::vector<std::size_t> c(prefix.size(), 0);
    while (true) {
      int cost = 0;
      for (std::size_t k = 0; k < c.size(); ++k) cost += prefix[k][c[k]].cost;
      choices.emplace_back(cost, c);
      std::size_t k = c.size();
      while (k > 0 && ++c[k - 1] == prefix[k - 1].size()) c[--k] = 0;
      if (k == 0) break;
    }
    std::sort(choices.begin(), choices.end());
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& [cost, choice] : choices) {
      std::string head;
      for (std::size_t k = 0; k < choice.size(); ++k) head += prefix[k][choice[k]].latin;
      for (std::string_view form : stem.english) {
        const std::string word = head + std::string(form);
        const std::string merged = head.back() == form.front() ? head + std::string(form.substr(1)) : "";
        for (const std::string& w : {word, merged}) {
          if (!w.empty() && out.size() < cap && seen.insert(w).second) out.push_back(w);
        }
      }
    }
    return out;
  };
  const auto spell = [](const std::vector<std::pair<std::string, std::vector<std::string>>>& chars) {
    std::vector<std::vector<Spelling>> out;
    for (const auto& [ch, readings] : chars) out.push_back(character_spellings(ch, readings));
    return out;
  };
  const std::vector<std::vector<Spelling>> three = spell({{"阿", {"a", "e"}}, {"托", {"tuo"}}, {"伐", {"fa"}}});
  const std::vector<std::vector<Spelling>> four =
      spell({{"马", {"ma"}}, {"阿", {"a"}}, {"拉", {"la"}}, {"马", {"ma"}}});
  for (const auto* prefix : {&three, &four}) {
    std::size_t combinations = 1;
    for (const auto& spellings : *prefix) combinations *= spellings.size();
    ASSERT_GT(combinations, 10000u);  // more than the largest cap below: the cap ends the search
    for (const std::string_view stem_chinese : {"他汀", "拉唑", "洛尔"}) {
      // A smaller cap keeps a prefix of the same list.
      const std::vector<std::string> want = oracle(*prefix, stem(stem_chinese), 5000);
      ASSERT_EQ(want.size(), 5000u);
      for (const std::size_t cap : {1u, 7u, 256u, 5000u}) {
        EXPECT_EQ(formation_candidates(*prefix, stem(stem_chinese), cap),
                  std::vector<std::string>(want.begin(), want.begin() + static_cast<std::ptrdiff_t>(cap)))
            << stem_chinese << " cap " << cap;
      }
    }
  }
}

// The visitor hands over the list's candidates in order and stops where `take` says so: the
// translator's early stop at a confirmed name sees what the whole list would have shown it.
TEST(ChineseWordFormation, VisitorStopsAtTheTakenCandidate) {
  std::vector<std::vector<Spelling>> prefix;
  for (const auto& [ch, readings] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"阿", {"a", "e"}}, {"托", {"tuo"}}, {"伐", {"fa"}}}) {
    prefix.push_back(character_spellings(ch, readings));
  }
  const std::vector<std::string> all = formation_candidates(prefix, stem("他汀"), 256);
  ASSERT_EQ(all.size(), 256u);
  for (const std::size_t stop_at : {std::size_t{0}, std::size_t{1}, std::size_t{100}, std::size_t{255}}) {
    std::vector<std::string> seen;
    const std::size_t handed = visit_formation_candidates(prefix, stem("他汀"), 256, [&](const std::string& c) {
      seen.push_back(c);
      return seen.size() == stop_at + 1;
    });
    EXPECT_EQ(handed, stop_at + 1);
    EXPECT_EQ(seen, std::vector<std::string>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(stop_at + 1)));
  }
  // Never taken: every candidate up to the cap, as the list has them.
  std::size_t count = 0;
  EXPECT_EQ(visit_formation_candidates(prefix, stem("他汀"), 256,
                                       [&](const std::string& c) {
                                         EXPECT_EQ(c, all[count++]);
                                         return false;
                                       }),
            256u);
}

// Loaded once for the suite; null (and `why` set) when the dictionaries are not installed.
std::shared_ptr<const ChineseDictionaries> dictionaries_without_terms(std::string* why) {
  static std::string error;
  static const std::shared_ptr<const ChineseDictionaries> loaded = []() -> std::shared_ptr<const ChineseDictionaries> {
    ChineseDictionaryOptions options;
    options.terms = "none";  // the rule, not the term list, is under test
    try {
      return ChineseDictionaries::load(options);
    } catch (const Error& e) {
      error = e.what();
      return nullptr;
    }
  }();
  *why = error;
  return loaded;
}

TEST(ChineseWordFormation, TranslatorUsesANameOnlyWhenTheIndexHasIt) {
  std::string why;
  const auto d = dictionaries_without_terms(&why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const ChineseQueryTranslator t(d);
  const std::set<std::string> corpus = {"imatinib", "metoprolol", "atorvastatin", "losartan", "ciprofloxacin", "leukemia"};
  const ChineseVocabulary has_names = [&](std::string_view en) -> std::uint64_t { return corpus.contains(std::string(en)) ? 7 : 0; };
  const ChineseVocabulary lacks_names = [](std::string_view) -> std::uint64_t { return 0; };
  const ChineseVocabulary everything_but = [](std::string_view en) -> std::uint64_t {
    return en.ends_with("tinib") || en.ends_with("olol") || en.ends_with("statin") ? 0 : 3;
  };
  for (const auto& [zh, en] : std::vector<std::pair<std::string, std::string>>{
           {"伊马替尼", "imatinib"}, {"美托洛尔", "metoprolol"}, {"阿托伐他汀", "atorvastatin"}, {"氯沙坦", "losartan"}, {"环丙沙星", "ciprofloxacin"}}) {
    const ChineseTranslation found = t.translate(zh, &has_names);
    EXPECT_EQ(found.english, en) << zh;
    ASSERT_EQ(found.segments.size(), 1u) << zh;
    EXPECT_EQ(found.segments[0].text, zh);
    // The index lacks the name: no invented English word.
    for (const ChineseVocabulary* vocabulary : {&lacks_names, static_cast<const ChineseVocabulary*>(nullptr)}) {
      const ChineseTranslation missing = t.translate(zh, vocabulary);
      EXPECT_EQ(missing.english.find(en), std::string::npos) << zh << " → " << missing.english;
    }
  }
  const ChineseTranslation none = t.translate("伊马替尼", &everything_but);
  EXPECT_EQ(none.english.find("tinib"), std::string::npos) << none.english;
  // Unconfirmed, the name stays whole and untranslated (not "horse … Buddhist nun").
  for (const ChineseVocabulary* vocabulary : {&lacks_names, &everything_but, static_cast<const ChineseVocabulary*>(nullptr)}) {
    const ChineseTranslation kept = t.translate("伊马替尼治疗白血病", vocabulary);
    ASSERT_FALSE(kept.segments.empty());
    EXPECT_EQ(kept.segments[0].text, "伊马替尼");
    EXPECT_EQ(kept.segments[0].kind, ChineseSegment::Kind::Unknown);
    EXPECT_EQ(kept.english.rfind("伊马替尼 ", 0), 0u) << kept.english;
  }
  // Inside a sentence: the words around the name are segmented as usual.
  const ChineseTranslation sentence = t.translate("伊马替尼治疗白血病", &has_names);
  ASSERT_FALSE(sentence.segments.empty());
  EXPECT_EQ(sentence.segments[0].text, "伊马替尼");
  EXPECT_EQ(sentence.english.rfind("imatinib ", 0), 0u) << sentence.english;
  EXPECT_NE(sentence.english.find("leukemia"), std::string::npos) << sentence.english;
}

TEST(ChineseWordFormation, ADictionaryWordIsNotReformed) {
  std::string why;
  const auto d = dictionaries_without_terms(&why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const ChineseQueryTranslator t(d);
  const ChineseVocabulary any = [](std::string_view) -> std::uint64_t { return 1; };
  // 阿莫西林 is a CC-CEDICT headword (amoxicillin): its entry wins, whatever the vocabulary says.
  const ChineseTranslation tr = t.translate("阿莫西林", &any);
  EXPECT_NE(tr.english.find("amoxicillin"), std::string::npos) << tr.english;
  // 唑 inside the CC-CEDICT word 咪唑 is not a stem occurrence to re-spell.
  EXPECT_EQ(t.translate("咪唑", &any).english, t.translate("咪唑").english);
  // A stem inside a longer dictionary word is no stem: 地平线 is "horizon", not "…dipine".
  const ChineseTranslation horizon = t.translate("看地平线", &any);
  EXPECT_EQ(horizon.english, t.translate("看地平线").english);
  for (const ChineseSegment& seg : horizon.segments) EXPECT_NE(seg.kind, ChineseSegment::Kind::Unknown) << seg.text;
  // The chemistry suffixes never hide words: 棕榈酸 without a confirmed name keeps the suffix rule.
  const ChineseVocabulary none = [](std::string_view) -> std::uint64_t { return 0; };
  EXPECT_EQ(t.translate("棕榈酸", &none).english, t.translate("棕榈酸").english);
}

// A name the dictionaries know ending at a stem (亮氨酸, leucine, before 酸) is not extended
// by spelling the characters before it: 减少 + 亮氨酸 is "reduce leucine", and no spelling of
// 减少亮氨 or 少亮氨 is looked up, whatever the vocabulary would confirm.
TEST(ChineseWordFormation, ADictionaryNameIsNotExtendedBySpelling) {
  std::string why;
  const auto d = dictionaries_without_terms(&why);
  if (!d) GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << why;
  const ChineseQueryTranslator t(d);
  std::size_t lookups = 0;
  const ChineseVocabulary counting = [&](std::string_view en) -> std::uint64_t {
    ++lookups;
    return en.ends_with("ic acid") ? 5 : 1;  // would confirm any spelled "…ic acid"
  };
  const ChineseTranslation tr = t.translate("减少亮氨酸", &counting);
  EXPECT_NE(tr.english.find("leucine"), std::string::npos) << tr.english;
  EXPECT_EQ(tr.english.find("ic acid"), std::string::npos) << tr.english;
  EXPECT_LT(lookups, 100u);  // the two longer spans would cost 256 candidates each
}

}  // namespace
}  // namespace medsearch::query
