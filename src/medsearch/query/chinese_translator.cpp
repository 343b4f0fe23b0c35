#include "medsearch/query/chinese_translator.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "medsearch/core/utf8.hpp"
#include "medsearch/query/chinese_word_formation.hpp"
#include "medsearch/query/whole_words.hpp"

namespace medsearch::query {
namespace {

// ---- UTF-8 ----------------------------------------------------------------------------

struct CodePoint {
  char32_t cp;
  std::size_t begin, end;  // byte range
};

std::vector<CodePoint> decode(std::string_view s) {
  std::vector<CodePoint> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = len > 1 || c < 0x80;
    for (std::size_t k = 1; k < len && ok; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      len = 1;
      cp = 0xFFFD;
    }
    out.push_back({cp, i, i + len});
    i += len;
  }
  return out;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x323AF) || cp == 0x3007;
}

bool is_cjk_letter(char32_t cp) {
  return is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F);
}

// Latin-script word characters: ASCII letters and digits, Latin-1 and Latin Extended
// letters, Greek; plus the joiners that biomedical names use inside a word (COVID-19, IL-6,
// Parkinson's, 2.5, C++).
bool is_word_char(char32_t cp) {
  return (cp < 0x80 && std::isalnum(static_cast<int>(cp))) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x370 && cp <= 0x3FF);
}
bool is_joiner(char32_t cp) { return cp == '-' || cp == '\'' || cp == '.' || cp == '+' || cp == '/'; }

// Full-width ASCII (Ａ-Ｚ, ０-９ ...) typed with a Chinese input method → ASCII.
char32_t narrow(char32_t cp) { return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp; }

// ---- word lists (our own) ------------------------------------------------------------------

// Word formation's vocabulary lookups per query: bounds its cost for a query full of unknown
// names (docs/chinese.md, "Word formation", has the measured cost).
constexpr std::size_t kFormationLookupsPerQuery = 2048;

// weigh_senses_by_corpus: a word's senses weighed by the index's use of them, the first this
// many of rank_senses' order (at most 6 × a sense's synonyms lookups per word); each tenfold
// difference in documents moves two senses' scores this much apart (half a medical cue of
// rank_senses). Chosen on the tune half of the dev queries among 0.25, 0.5, 1 and 2
// (docs/chinese.md, "Tune / measure-only split").
constexpr std::size_t kSensesWeighed = 6;
constexpr double kCorpusFrequencyWeight = 0.5;
// Its vocabulary lookups per query: a real query's words need tens; a 4 KB query of distinct
// words (the server's `q` limit) would need thousands, and its later words keep rank_senses'
// order.
constexpr std::size_t kSenseLookupsPerQuery = 512;

// Segmentation frequency of a glossary word: enough to beat a split into single characters
// (经前 over 经 + 前), well below common two-character words.
constexpr std::uint32_t kGlossaryFrequency = 2000;

// Function words and question frames that carry no search content.
const std::unordered_set<std::string_view>& function_words() {
  static const std::unordered_set<std::string_view> words = {
      "的", "地", "得", "和", "与", "及", "以及", "跟", "同", "或", "或者", "还是", "对", "对于", "关于", "在", "中", "里",
      "上", "下", "是", "为", "有", "没有", "吗", "呢", "吧", "啊", "呀", "哦", "么", "嘛", "了", "着", "过", "把", "被",
      "从", "到", "给", "让", "向", "以", "用", "通过", "由", "而", "则", "就", "都", "也", "还", "又", "很", "太", "更",
      "最", "这", "那", "这个", "那个", "这些", "那些", "这种", "那种", "一些", "一个", "一种", "之", "其", "该", "我",
      "你", "您", "他", "她", "它", "我们", "你们", "他们", "自己", "怎么", "怎么办", "怎么样", "怎样", "如何", "什么",
      "为什么", "为何", "哪些", "哪个", "哪里", "哪", "多少", "几", "吗？", "能", "能否", "可以", "可能", "会", "要",
      "需要", "应该", "是否", "是不是", "有没有", "有哪些", "一下", "请问", "还有", "以及", "等", "等等", "方面",
      "情况", "问题", "好", "会不会", "能不能", "可不可以", "主要", "一般", "比较", "常见", "相关", "之间", "其他",
      // question frames and hedges (our additions for issue 7): no search content
      "真的", "真", "算", "算是", "这么", "那么", "用于", "应对", "对付",
  };
  return words;
}

// Words whose presence marks a sense as medical (lower case; matched as whole words).
const std::unordered_set<std::string_view>& medical_cues() {
  static const std::unordered_set<std::string_view> words = {
      "disease", "diseases", "illness", "sickness", "ailment", "disorder", "syndrome", "cancer", "carcinoma", "tumor",
      "tumour", "sarcoma", "leukemia", "lymphoma", "infection", "inflammation", "virus", "viral", "bacteria", "bacterium",
      "bacterial", "fungus", "parasite", "medical", "medicine", "medication", "drug", "drugs", "pharmaceutical", "therapy",
      "treatment", "treat", "cure", "symptom", "symptoms", "patient", "clinical", "diagnosis", "surgery", "surgical",
      "blood", "cell", "cells", "gene", "genetic", "protein", "enzyme", "hormone", "vitamin", "mineral", "acid", "fat",
      "fatty", "sugar", "glucose", "diet", "dietary", "food", "foodstuff", "nutrition", "nutrient", "organ", "heart",
      "cardiac", "brain", "liver", "kidney", "renal", "lung", "stomach", "intestine", "bowel", "colon", "bone", "skin",
      "muscle", "nerve", "neural", "tissue", "pain", "chronic", "acute", "vaccine", "immune", "immunity", "dose",
      "pregnancy", "pregnant", "obesity", "cholesterol", "pressure", "hypertension", "diabetes", "insulin", "stroke",
      "dementia", "anemia", "allergy", "toxic", "toxin", "poison", "carcinogenic", "health", "healthy", "metabolism",
      "fever", "cough", "asthma", "arthritis", "fracture", "wound", "injury", "breast", "prostate", "ovary", "uterus",
      "sperm", "fertility", "milk", "meat", "fruit", "vegetable", "cereal", "soy", "egg", "fiber", "fibre", "calcium",
      "iron", "sodium", "salt", "antioxidant", "oil", "eat", "eating", "intake", "lose", "weight", "stimulate", "stimulation", "excrete",
      "stool", "feces", "urine", "sleep", "exercise", "aging", "longevity", "mortality", "death", "risk",
  };
  return words;
}

// Medical words that CC-CEDICT lacks, or where its first sense is not the medical one
// (our own list). "primary|alternative": the alternative (weight 0.9) is searched too.
// Rule for an entry (decision 0023): a word-formation morpheme of medical terms (经前, 产后,
// -性 adjectives, -剂 agent nouns, -率 rates, -酶 enzyme classes) or a standard term whose
// dictionaries' first sense is not medical (卒中, 衰竭, 变性, 冲洗). Whole terms and everyday
// words added for particular dev queries (中风, 复合维生素, 提前, 排空, 形成, 逆转, 修复,
// 减轻) were removed; the ECDICT term list and CC-CEDICT cover them or not, as for any query.
// Entries also join the segmentation vocabulary, so 经前综合征 splits as 经前 + 综合征.
const std::unordered_map<std::string_view, std::string_view>& glossary() {
  static const std::unordered_map<std::string_view, std::string_view> words = {
      {"经前", "premenstrual"},   {"经前期", "premenstrual"},   {"还原酶", "reductase"},   {"合成酶", "synthetase"},   {"绝经后", "postmenopausal"}, {"产后", "postpartum"},   {"产前", "prenatal"},
      {"多发性", "multiple"},     {"溃疡性", "ulcerative"},     {"自身免疫", "autoimmune"}, {"自身免疫性", "autoimmune"},
      {"内源性", "endogenous"},   {"外源性", "exogenous"},      {"抑制剂", "inhibitor"},   {"阻断剂", "blocker"},
      {"拮抗剂", "antagonist"},   {"激动剂", "agonist"},        {"补充剂", "supplement"},
      {"卒中", "stroke"},         {"冲洗", "irrigation|rinse"}, {"衰竭", "failure"},       {"变性", "degeneration"},
      {"切除术", "resection"},    {"发病率", "incidence"},      {"死亡率", "mortality"},   {"患病率", "prevalence"},
      {"摄入量", "intake"},
  };
  return words;
}

// Chemistry and pharmacology prefixes, joined to the next word when that word's English is
// one chemical-looking word (双 + 酚 phenol → bisphenol, 单 + 胺 amine → monoamine).
const std::unordered_map<std::string_view, std::string_view>& prefixes() {
  static const std::unordered_map<std::string_view, std::string_view> words = {
      {"双", "bis"}, {"二", "di"}, {"单", "mono"}, {"多", "poly"}, {"抗", "anti"}, {"复合", "multi"}, {"多种", "multi"},
  };
  return words;
}
bool chemical_looking(std::string_view en) {
  // Five letters or more, and not a common word with a chemical-looking ending (多 + 脑 is
  // not "polybrain").
  if (en.size() < 5) return false;
  for (std::string_view common : {"brain", "stone", "plate", "state", "alone", "again", "urine", "medicine", "machine"}) {
    if (en == common) return false;
  }
  for (char c : en) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  for (std::string_view end : {"ol", "ine", "ide", "ate", "ene", "in", "ane", "yl", "ase", "one", "oid"}) {
    if (en.ends_with(end)) return true;
  }
  return false;
}

// Suffix characters whose sense in a compound is fixed (酸 after a word is "acid", not
// "sour"; 藻 is "algae", not "aquatic grasses"). "" drops the suffix (素: -in, the stem names it).
const std::unordered_map<std::string_view, std::string_view>& suffixes() {
  static const std::unordered_map<std::string_view, std::string_view> words = {
      {"酸", "acid"},      {"盐", "salt"},      {"酶", "enzyme"},   {"素", ""},          {"炎", "inflammation"},
      {"症", "disorder"},  {"征", "syndrome"},  {"病", "disease"},  {"癌", "cancer"},    {"瘤", "tumor"},
      {"剂", "agent"},     {"术", "surgery"},   {"药", "drug"},     {"菌", "bacteria"},  {"藻", "algae"},
      {"切除术", "resection"},
      // position words: 深部 is "deep" (part), not "deep ministry"
      {"部", ""},          {"区", ""},
  };
  return words;
}

// Organs with a Greek/Latin combining form: X切除术 → X-ectomy, X炎 → X-itis.
struct CombiningForm {
  std::string_view ectomy, itis;
};
const std::unordered_map<std::string_view, CombiningForm>& combining_forms() {
  static const std::unordered_map<std::string_view, CombiningForm> words = {
      {"乳房", {"mast", "mast"}},     {"乳腺", {"mast", "mast"}},         {"子宫", {"hyster", "metr"}},
      {"胃", {"gastr", "gastr"}},     {"结肠", {"col", "col"}},           {"肾", {"nephr", "nephr"}},
      {"前列腺", {"prostat", "prostat"}}, {"阑尾", {"append", "appendic"}}, {"扁桃体", {"tonsill", "tonsill"}},
      {"胆囊", {"cholecyst", "cholecyst"}}, {"甲状腺", {"thyroid", "thyroid"}}, {"卵巢", {"oophor", "oophor"}},
      {"脾", {"splen", "splen"}},     {"肝", {"hepat", "hepat"}},         {"关节", {"arthr", "arthr"}},
      {"皮肤", {"dermat", "dermat"}}, {"鼻窦", {"sinus", "sinus"}},       {"支气管", {"bronch", "bronch"}},
      {"胰腺", {"pancreat", "pancreat"}}, {"脑", {"encephal", "encephal"}}, {"肺", {"pneumon", "pneumon"}},
  };
  return words;
}

// Sense labels that say "not a content translation".
constexpr std::array<std::string_view, 24> kSkipPrefixes = {
    "surname ",      "variant of",        "old variant",   "archaic variant", "japanese variant", "erhua variant",
    "used in ",      "see ",              "abbr. for",     "abbr. of",        "(classifier",      "classifier for",
    "cl:",           "also written",      "also pr.",      "taiwan pr.",      "pr. ",             "(internet slang",
    "(old) ",        "(archaic)",         "(literary)",    "(onom.)",         "interjection",     "radical ",
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "C2H2O4", "H2O": capital letters and digits only, at least one of each.
bool is_formula(std::string_view word) {
  bool digit = false, upper = false;
  for (char c : word) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (std::isupper(static_cast<unsigned char>(c))) upper = true;
    else if (!std::islower(static_cast<unsigned char>(c))) return false;
  }
  return digit && upper;
}

// One CC-CEDICT sense → its synonyms, cleaned for a search query: "(bound form)" notes,
// "[pinyin]" references, Chinese characters, "sth"/"sb" removed; "to " dropped.
std::vector<std::string> synonyms(std::string_view sense) {
  std::string clean;
  int depth = 0;
  for (const CodePoint& c : decode(sense)) {
    if (c.cp == '(' || c.cp == '[') ++depth;
    if (depth == 0 && c.cp < 0x80) clean += static_cast<char>(c.cp);
    if (depth == 0 && c.cp >= 0x80 && c.cp < 0x2E80 && c.cp != 0xB7) append_utf8(clean, c.cp);  // é, ö; not CJK, not ·
    if ((c.cp == ')' || c.cp == ']') && depth > 0) --depth;
  }
  std::vector<std::string> out;
  std::size_t p = 0;
  while (p <= clean.size()) {
    std::size_t q = clean.find_first_of(";,", p);
    if (q == std::string::npos) q = clean.size();
    std::string part = clean.substr(p, q - p);
    p = q + 1;
    // words, minus filler
    std::string kept;
    std::size_t w = 0;
    std::size_t words = 0;
    bool after_suffer = false;
    while (w < part.size()) {
      while (w < part.size() && part[w] == ' ') ++w;
      std::size_t e = part.find(' ', w);
      if (e == std::string::npos) e = part.size();
      std::string word = part.substr(w, e - w);
      w = e;
      if (word.empty()) continue;
      const std::string lw = lower(word);
      if (lw == "esp." || lw == "e.g." || lw == "i.e." || lw == "lit." || lw == "fig." || lw == "sth" || lw == "sb" || lw == "sth." || lw == "sb." || lw == "etc" || lw == "etc." || lw == "|" || lw == "...") continue;
      if (kept.empty() && (lw == "to" || lw == "a" || lw == "an" || lw == "the")) continue;
      // "to be short of", "to be pregnant": CC-CEDICT's copula before a predicate; the
      // predicate is the content.
      if (kept.empty() && lw == "be" && part.find_first_not_of(' ', w) != std::string::npos) continue;
      // "to suffer (from) a paralyzing stroke", "to suffer from insomnia": CC-CEDICT's
      // rendering of a verb of having a condition; the literature names the condition.
      if (kept.empty() && lw == "suffer" && part.find_first_not_of(' ', w) != std::string::npos) {
        after_suffer = true;
        continue;
      }
      if (kept.empty() && after_suffer && lw == "from") continue;
      if (is_formula(word)) continue;  // "oxalic acid C2H2O4": a chemical formula
      if (lw == "one's" || lw == "oneself" || lw == "one") continue;
      kept += (kept.empty() ? "" : " ") + word;
      ++words;
    }
    if (kept.empty() || words > 4) continue;
    // "leucine (Leu), an essential amino acid": an apposition starting with an article
    // describes the headword's class; it is not a translation.
    std::size_t lead = part.find_first_not_of(' ');
    const std::string first = lead == std::string::npos ? "" : lower(part.substr(lead, part.find(' ', lead) - lead));
    if (!out.empty() && (first == "a" || first == "an")) continue;
    // "Chinese cinnamon" → "cinnamon": a regional qualifier, not part of the English term.
    if (kept.starts_with("Chinese ") && words >= 2) kept = kept.substr(8);
    // "methyl group" → "methyl": the chemistry noun that names the radical.
    if (words == 2 && kept.ends_with(" group")) kept = kept.substr(0, kept.size() - 6);
    out.push_back(kept);
  }
  return out;
}

struct ScoredSense {
  std::vector<std::string> synonyms;
  double score = 0;
};

// The usable senses of a word, best first: dictionary order (CC-CEDICT lists the common
// sense first), medical senses promoted, long explanatory senses demoted.
std::vector<ScoredSense> rank_senses(const std::vector<ChineseDictionaries::Sense>& senses) {
  std::vector<ScoredSense> out;
  for (std::size_t i = 0; i < senses.size(); ++i) {
    const std::string& english = senses[i].english;
    const std::string l = lower(english);
    bool skip = false;
    for (std::string_view prefix : kSkipPrefixes) {
      if (l.starts_with(prefix)) skip = true;
    }
    if (skip || l.find("variant of") != std::string::npos || l.find("surname") != std::string::npos) continue;
    ScoredSense s{synonyms(english), 0};
    if (s.synonyms.empty()) continue;
    s.score = -0.25 * static_cast<double>(std::min<std::size_t>(i, 8));
    int medical = 0;
    std::size_t first_medical = s.synonyms.size();
    std::size_t first_medical_words = 0;
    for (std::size_t k = 0; k < s.synonyms.size(); ++k) {
      const std::string ls = lower(s.synonyms[k]);
      if (contains_any_word(ls, medical_cues())) {
        ++medical;
        // The shortest medical synonym (饮食: "diet" before "food and drink").
        const std::size_t words = static_cast<std::size_t>(std::count(ls.begin(), ls.end(), ' ')) + 1;
        if (first_medical == s.synonyms.size() || words < first_medical_words) {
          first_medical = k;
          first_medical_words = words;
        }
      }
    }
    // Within a sense, a medical synonym goes first (刺激: "stimulate" before "provoke").
    if (first_medical < s.synonyms.size()) std::rotate(s.synonyms.begin(), s.synonyms.begin() + static_cast<std::ptrdiff_t>(first_medical), s.synonyms.begin() + static_cast<std::ptrdiff_t>(first_medical) + 1);
    // A medical word in a parenthetical qualifier: "spirulina (dietary supplement)".
    if (medical == 0) {
      for (std::size_t open = l.find('('); open != std::string::npos; open = l.find('(', open + 1)) {
        const std::size_t close = l.find(')', open);
        const std::string note = l.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        if (contains_any_word(note, medical_cues())) medical = 1;
      }
    }
    // "(of people who were estranged) to be reconciled": a narrow, usage-restricted sense.
    if (l.starts_with("(of ")) s.score -= 1;
    for (std::string_view tag : {"(med", "(anatomy", "(physiology", "(pharm", "(tcm", "(biology", "(biochemistry", "(chemistry"}) {
      if (l.find(tag) != std::string::npos) medical += 2;
    }
    s.score += 1.0 * std::min(medical, 3);
    if (l.find("(dialect") != std::string::npos || l.find("(slang") != std::string::npos || l.find("(coll") != std::string::npos) s.score -= 1;
    if (senses[i].proper_noun) s.score -= 1.5;  // a place or person named like a common word
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const ScoredSense& a, const ScoredSense& b) { return a.score > b.score; });
  return out;
}

// With a vocabulary (the index's document frequencies), a word's senses are weighed by how
// much the corpus uses them, and what it never uses is dropped:
//  - each of the first kSensesWeighed senses gains kCorpusFrequencyWeight × log10(1 + df)
//    for its most used synonym, and its synonyms go most used first (因子: "factor" before
//    "(genetic) trait", which its qualifier promotes; 干预: "intervention" before "meddle");
//  - synonyms no document has are dropped, and senses left without one (苯: "benzene", not
//    "benzol"): decision 0023's rule for the term list, applied to CC-CEDICT's senses.
// translate_word searches every synonym of the best sense and the first of the next two.
// When no sense is left, `ranked` stays as rank_senses made it (the word is still translated,
// as without a vocabulary). Only differences count: two senses' scores move apart by
// kCorpusFrequencyWeight per tenfold difference in use, whatever the corpus size. `lookups`
// counts the query's vocabulary lookups; past kSenseLookupsPerQuery nothing more is weighed.
void weigh_senses_by_corpus(std::vector<ScoredSense>& ranked, const ChineseVocabulary* vocabulary,
                            std::size_t& lookups) {
  if (vocabulary == nullptr || !*vocabulary || ranked.empty()) return;
  if (ranked.size() > kSensesWeighed) ranked.resize(kSensesWeighed);
  std::size_t needed = 0;
  for (const ScoredSense& sense : ranked) needed += sense.synonyms.size();
  if (lookups + needed > kSenseLookupsPerQuery) return;
  lookups += needed;
  std::vector<ScoredSense> used;
  for (const ScoredSense& sense : ranked) {
    std::vector<std::pair<std::uint64_t, std::string>> by_use;  // (documents, synonym)
    for (const std::string& synonym : sense.synonyms) {
      if (const std::uint64_t documents = (*vocabulary)(synonym); documents > 0)
        by_use.emplace_back(documents, synonym);
    }
    if (by_use.empty()) continue;
    std::stable_sort(by_use.begin(), by_use.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    ScoredSense weighed{
        {}, sense.score + kCorpusFrequencyWeight * std::log10(1.0 + static_cast<double>(by_use.front().first))};
    for (auto& [documents, synonym] : by_use) weighed.synonyms.push_back(std::move(synonym));
    used.push_back(std::move(weighed));
  }
  if (used.empty()) return;
  std::stable_sort(used.begin(), used.end(),
                   [](const ScoredSense& a, const ScoredSense& b) { return a.score > b.score; });
  ranked = std::move(used);
}

// Joins morphemes the segmenter left apart, within one Han run (docs/chinese.md, "Rules"):
//   word + suffix character → the suffix in its compound sense (棕榈 + 酸 → "palm acid");
//     "…ic acid" + 盐 → "…ate" (叶酸 + 盐 → folate), "…ize" + 酶 → "…ase" (氧化 + 酶 → oxidase);
//   organ + 切除术/炎 → its combining form + "ectomy"/"itis" (乳房 + 切除术 → mastectomy);
//   prefix + a chemical-looking word → one word (双 + 酚 → bisphenol, 单 + 胺 → monoamine).
void join_morphemes(std::vector<ChineseSegment>& segs) {
  using Kind = ChineseSegment::Kind;
  auto merge = [](ChineseSegment& into, const ChineseSegment& next, std::string english, std::string alternative) {
    into.text += next.text;
    into.kind = Kind::Word;
    into.chosen = english;
    into.alternatives = {{std::move(english), 1.0f}};
    if (!alternative.empty()) into.alternatives.push_back({std::move(alternative), 0.4f});
  };
  std::vector<ChineseSegment> out;
  for (ChineseSegment& seg : segs) {
    if (!out.empty() && out.back().kind == Kind::Word && !out.back().chosen.empty() && seg.kind != Kind::Latin) {
      ChineseSegment& prev = out.back();
      const auto form = combining_forms().find(prev.text);
      if (form != combining_forms().end() && (seg.text == "切除术" || seg.text == "炎")) {
        const std::string english = std::string(seg.text == "炎" ? form->second.itis : form->second.ectomy) +
                                    (seg.text == "炎" ? "itis" : "ectomy");
        merge(prev, seg, english, prev.chosen + (seg.text == "炎" ? " inflammation" : " resection"));
        continue;
      }
      if (const auto suffix = suffixes().find(seg.text); suffix != suffixes().end()) {
        // "palm tree" + 酸 → "palm acid": the plant names the compound, not the tree.
        std::string stem = prev.chosen;
        for (std::string_view plant : {" tree", " plant"}) {
          if (stem.ends_with(plant) && stem.size() > plant.size()) stem.resize(stem.size() - plant.size());
        }
        const bool one_word = stem.find(' ') == std::string::npos;
        if (seg.text == "盐" && stem.ends_with("ic acid") && stem.find(' ') == stem.size() - 5) {
          merge(prev, seg, stem.substr(0, stem.size() - 7) + "ate", stem + " salt");
        } else if (seg.text == "酶" && one_word && stem.ends_with("ize")) {
          merge(prev, seg, stem.substr(0, stem.size() - 3) + "ase", stem + " enzyme");
        } else {
          merge(prev, seg, suffix->second.empty() ? stem : stem + " " + std::string(suffix->second), "");
        }
        continue;
      }
    }
    // After a word the dictionaries do not know (小球 + 藻), the suffix still takes its
    // compound sense: "algae", not "aquatic grasses".
    if (!out.empty() && out.back().kind != Kind::FunctionWord && seg.kind == Kind::Word) {
      if (const auto suffix = suffixes().find(seg.text); suffix != suffixes().end() && !suffix->second.empty()) {
        seg.chosen = std::string(suffix->second);
        seg.alternatives = {{seg.chosen, 1.0f}};
      }
    }
    out.push_back(std::move(seg));
  }
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    const auto prefix = prefixes().find(out[i].text);
    if (prefix == prefixes().end() || out[i + 1].kind != Kind::Word || !chemical_looking(out[i + 1].chosen)) continue;
    std::string english = std::string(prefix->second) + lower(out[i + 1].chosen);
    ChineseSegment merged = std::move(out[i]);
    merged.chosen.clear();
    merge(merged, out[i + 1], english, "");
    out[i] = std::move(merged);
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  }
  segs = std::move(out);
}

struct Run {
  bool han;
  std::string text;
};

// Splits (already Simplified) text into Han runs and Latin-script words; everything else
// (spaces, punctuation of both scripts, symbols, kana/Hangul handled as Han runs) separates.
std::vector<std::vector<Run>> split_runs(std::string_view text) {
  std::vector<std::vector<Run>> groups(1);  // groups: separated by punctuation/space
  const std::vector<CodePoint> cps = decode(text);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t cp = narrow(cps[i].cp);
    const bool han = is_cjk_letter(cp);
    bool word = is_word_char(cp);
    if (!word && is_joiner(cp) && i > 0 && i + 1 < cps.size() && is_word_char(narrow(cps[i - 1].cp)) &&
        is_word_char(narrow(cps[i + 1].cp))) {
      word = true;
    }
    if (!han && !word) {
      if (!groups.back().empty()) groups.emplace_back();
      continue;
    }
    auto& g = groups.back();
    if (g.empty() || g.back().han != han) g.push_back({han, {}});
    append_utf8(g.back().text, cp);
  }
  if (groups.back().empty()) groups.pop_back();
  return groups;
}

}  // namespace

bool contains_cjk(std::string_view text) {
  for (const CodePoint& c : decode(text)) {
    if (is_cjk_letter(c.cp)) return true;
  }
  return false;
}

ChineseQueryTranslator::ChineseQueryTranslator(std::shared_ptr<const ChineseDictionaries> dictionaries,
                                               ChineseTranslatorOptions options)
    : dict_(std::move(dictionaries)), options_(options) {}

std::vector<std::string> ChineseQueryTranslator::segment(std::string_view han_run) const { return segment_impl(han_run, false); }

std::vector<std::string> ChineseQueryTranslator::segment_impl(std::string_view han_run, bool translatable_only) const {
  const std::vector<CodePoint> cps = decode(han_run);
  const std::size_t n = cps.size();
  if (n == 0) return {};
  const double log_total = std::log(dict_->total_frequency());
  const std::size_t max_chars = dict_->max_word_chars();
  // best[i]: log-probability of the best segmentation of cps[i..n); next[i]: end of its first word.
  std::vector<double> best(n + 1, 0.0);
  std::vector<std::size_t> next(n + 1, n);
  for (std::size_t i = n; i-- > 0;) {
    best[i] = -1e300;
    for (std::size_t j = i; j < n && j - i < max_chars; ++j) {
      const std::string_view word = han_run.substr(cps[i].begin, cps[j].end - cps[i].begin);
      const bool glossary_word = j != i && glossary().contains(word);
      std::uint32_t f = dict_->frequency(word);
      if (glossary_word) f = std::max(f, kGlossaryFrequency);
      if (f == 0 && j != i) continue;  // the DAG: dictionary words, plus every single character
      if (translatable_only && j != i && !glossary_word && dict_->senses(word) == nullptr) continue;
      const double score = std::log(std::max<double>(f, 1.0)) - log_total + best[j + 1];
      if (score > best[i]) {
        best[i] = score;
        next[i] = j + 1;
      }
    }
  }
  std::vector<std::string> words;
  std::string pending;  // consecutive single characters unknown to both dictionaries
  for (std::size_t i = 0; i < n; i = next[i]) {
    const std::string_view word = han_run.substr(cps[i].begin, cps[next[i] - 1].end - cps[i].begin);
    const bool unknown = next[i] == i + 1 && dict_->frequency(word) == 0 && dict_->senses(word) == nullptr;
    if (unknown) {
      pending += word;
      continue;
    }
    if (!pending.empty()) words.push_back(std::move(pending)), pending.clear();
    words.emplace_back(word);
  }
  if (!pending.empty()) words.push_back(std::move(pending));
  return words;
}

// A word's English: its best CC-CEDICT sense; a word CC-CEDICT lacks (jieba knows 结肠癌,
// CC-CEDICT only 结肠 and 癌) by its parts. False when nothing translates.
bool ChineseQueryTranslator::translate_word(ChineseSegment& seg, const ChineseVocabulary* vocabulary,
                                            QueryState& state) const {
  if (const auto g = glossary().find(seg.text); g != glossary().end()) {
    const std::string_view english = g->second;
    const std::size_t bar = english.find('|');
    seg.chosen = std::string(english.substr(0, bar));
    seg.alternatives.push_back({seg.chosen, 1.0f});
    // A glossary alternative is a near-tie by construction (冲洗: irrigation | rinse).
    if (bar != std::string_view::npos) seg.alternatives.push_back({std::string(english.substr(bar + 1)), 0.9f});
    return true;
  }
  // CC-CEDICT first for the words it has (its senses are ranked for everyday medical
  // words: 治疗 treat, 饮食 diet); the term list for the technical terms it lacks.
  if (dict_->senses(seg.text) == nullptr && translate_term(seg, vocabulary)) return true;
  if (const auto* senses = dict_->senses(seg.text)) {
    std::vector<ScoredSense> ranked = rank_senses(*senses);
    weigh_senses_by_corpus(ranked, vocabulary, state.sense_lookups);
    if (!ranked.empty()) {
      const ScoredSense& top = ranked.front();
      seg.chosen = top.synonyms.front();
      float w = 1.0f;
      for (const std::string& syn : top.synonyms) {
        seg.alternatives.push_back({syn, w});
        w *= 0.7f;
      }
      for (std::size_t k = 1; k < ranked.size() && k < 3; ++k) {
        seg.alternatives.push_back(
            {ranked[k].synonyms.front(), static_cast<float>(0.4 / static_cast<double>(k)), true});
      }
      return true;
    }
  }
  const std::vector<std::string> parts = segment_impl(seg.text, true);
  if (parts.size() < 2) return false;
  // Parts of one character each are usually a transliteration (洛伐他汀, 巴雷特): keep the
  // word whole unless the parts are mostly real words.
  std::size_t singles = 0;
  for (const std::string& part : parts) singles += decode(part).size() == 1 && part != "性";
  if (parts.size() > 2 && (singles * 2 > parts.size() || singles == parts.size())) return false;
  std::vector<ChineseSegment> translated;
  for (const std::string& part : parts) {
    if (part == "性" || function_words().contains(part)) continue;  // 性: adjective suffix (-ive, -ic)
    ChineseSegment piece;
    piece.text = part;
    if (!translate_word(piece, vocabulary, state)) {
      piece.kind = ChineseSegment::Kind::Unknown;
      piece.chosen = part;
    }
    translated.push_back(std::move(piece));
  }
  join_morphemes(translated);
  choose_pairs_by_corpus(translated, state);
  std::string english;
  for (const ChineseSegment& piece : translated) english += (english.empty() ? "" : " ") + piece.chosen;
  if (english.empty() || english == seg.text) return false;
  seg.chosen = english;
  seg.alternatives.push_back({english, 1.0f});
  return true;
}

bool ChineseQueryTranslator::translatable(std::string_view word) const {
  return glossary().contains(word) || dict_->senses(word) != nullptr || dict_->terms(word) != nullptr;
}

std::vector<ChineseSegment> ChineseQueryTranslator::translate_run(std::string_view run,
                                                                  const ChineseVocabulary* vocabulary,
                                                                  QueryState& state) const {
  // Word formation (issue 15, decision 0033): at each stem (替尼, 他汀, 洛尔, …) the 1–4
  // characters before it, longest first, are spelled from their pinyin; the first candidate
  // the index contains becomes one segment. A span a dictionary translates whole is left to
  // the dictionary. Without a vocabulary nothing is formed: a name is never guessed. An
  // unconfirmed drug name after single-character segments is kept whole as Unknown.
  constexpr std::size_t kMaxPrefixChars = 4;
  constexpr std::size_t kCandidatesPerSpan = 256;
  struct Formed {
    std::size_t begin, end;  // code points
    std::string english;
  };
  std::vector<Formed> formed;
  const std::vector<CodePoint> cps = decode(run);
  std::size_t& lookups = state.lookups;
  // The spellings of the character at code point k, computed once per query and character
  // (the prefixes tried at nearby stems share characters).
  const auto spellings_at = [&](std::size_t k) -> const std::vector<Spelling>& {
    const std::string ch(run.substr(cps[k].begin, cps[k].end - cps[k].begin));  // short: no allocation
    auto known = state.spellings.find(ch);
    if (known == state.spellings.end()) {
      const std::vector<std::string>* readings = dict_->readings(ch);
      known = state.spellings
                  .emplace(ch, character_spellings(ch, readings != nullptr ? *readings : std::vector<std::string>{}))
                  .first;
    }
    return known->second;
  };
  // True when a dictionary translates `word` for this index: a term-list name counts only
  // when the index has one of its English names (阿托伐他汀 is "atorvastatin" only where the
  // corpus says atorvastatin; elsewhere translate_term finds nothing either).
  const auto translates_here = [&](std::string_view word) {
    if (glossary().contains(word) || dict_->senses(word) != nullptr) return true;
    const auto* terms = dict_->terms(word);
    if (terms == nullptr) return false;
    if (vocabulary == nullptr || !*vocabulary) return true;
    return std::any_of(terms->begin(), terms->end(), [&](const ChineseDictionaries::Term& t) { return (*vocabulary)(t.english) > 0; });
  };
  // True when a dictionary word covers part of [from, to) and reaches past `to`.
  const auto inside_longer_word = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      for (std::size_t j = to + 1; j <= cps.size() && j - k <= dict_->max_word_chars(); ++j) {
        if (translatable(run.substr(cps[k].begin, cps[j - 1].end - cps[k].begin))) return true;
      }
    }
    return false;
  };
  {
    const bool check = vocabulary != nullptr && *vocabulary;
    std::size_t free_from = 0;
    for (std::size_t p = 0; p < cps.size() && lookups < kFormationLookupsPerQuery; ++p) {
      for (const FormationStem& stem : formation_stems()) {
        if (run.compare(cps[p].begin, stem.chinese.size(), stem.chinese) != 0) continue;
        const std::size_t stem_chars = decode(stem.chinese).size();
        const std::size_t end = p + stem_chars;
        if (inside_longer_word(p, end)) continue;  // 地平 in 地平线 (horizon) is no stem
        std::string english;
        std::size_t begin = p;
        // Where the longest name the dictionaries know ending here starts. Such a name is left
        // to them, and no longer span is spelled: a transliterated name is not a dictionary
        // name with characters before it (减少亮氨酸 is 减少 + 亮氨酸, leucine; spelling 减少亮氨
        // and 少亮氨 cost 512 vocabulary lookups for nothing).
        std::size_t dictionary_name = cps.size();
        for (std::size_t len = std::min(kMaxPrefixChars, p - free_from); len >= 1; --len) {
          const std::size_t b = p - len;
          if (translatable(run.substr(cps[b].begin, cps[end - 1].end - cps[b].begin))) {
            dictionary_name = b;
            break;
          }
        }
        for (std::size_t len = std::min(kMaxPrefixChars, p - free_from);
             len >= 1 && english.empty() && dictionary_name == cps.size(); --len) {
          const std::size_t b = p - len;
          if (!check) break;  // no vocabulary to confirm a spelling: none is formed
          std::vector<std::vector<Spelling>> prefix;
          for (std::size_t k = b; k < p; ++k) prefix.push_back(spellings_at(k));
          const std::size_t cap = std::min(kCandidatesPerSpan, kFormationLookupsPerQuery - lookups);
          lookups += visit_formation_candidates(prefix, stem, cap, [&](const std::string& candidate) {
            if ((*vocabulary)(candidate) == 0) return false;
            english = candidate;
            begin = b;
            return true;
          });
          if (lookups >= kFormationLookupsPerQuery) break;
        }
        if (english.empty()) {
          // No name confirmed: a drug stem after characters the segmenter leaves single
          // (伊 马 + 替尼) ends a transliterated name; its syllables' dictionary senses
          // ("horse", "Buddhist nun") are noise, so the name stays whole and untranslated.
          if (!stem.drug || p == free_from) continue;
          if (dictionary_name < cps.size()) {
            // A listed name: translated when the index has one of its English names, else
            // kept whole (阿托伐他汀 where the corpus lacks atorvastatin).
            begin = dictionary_name;
            if (translates_here(run.substr(cps[begin].begin, cps[end - 1].end - cps[begin].begin))) continue;
            formed.push_back({begin, end, {}});
            free_from = end;
            p = end - 1;
            break;
          }
          const std::vector<std::string> left = segment(run.substr(cps[free_from].begin, cps[p].begin - cps[free_from].begin));
          std::size_t singles = 0;
          for (auto w = left.rbegin(); w != left.rend() && singles < kMaxPrefixChars; ++w) {
            if (decode(*w).size() != 1 || function_words().contains(*w)) break;
            ++singles;
          }
          begin = p - singles;
          if (singles == 0 || translates_here(run.substr(cps[begin].begin, cps[end - 1].end - cps[begin].begin))) continue;
        }
        formed.push_back({begin, end, std::move(english)});
        free_from = end;
        p = end - 1;
        break;
      }
    }
  }
  std::vector<ChineseSegment> segs;
  const auto plain = [&](std::size_t from, std::size_t to) {
    if (from >= to) return;
    for (std::string& word : segment(run.substr(cps[from].begin, cps[to - 1].end - cps[from].begin))) {
      ChineseSegment seg;
      seg.text = std::move(word);
      if (function_words().contains(seg.text)) {
        seg.kind = ChineseSegment::Kind::FunctionWord;
        segs.push_back(std::move(seg));
        continue;
      }
      auto known = state.words.find(seg.text);
      if (known == state.words.end()) {
        if (!translate_word(seg, vocabulary, state)) seg.kind = ChineseSegment::Kind::Unknown;
        known = state.words.emplace(seg.text, seg).first;
      }
      segs.push_back(known->second);
    }
  };
  std::size_t at = 0;
  for (Formed& f : formed) {
    plain(at, f.begin);
    ChineseSegment seg;
    seg.text = std::string(run.substr(cps[f.begin].begin, cps[f.end - 1].end - cps[f.begin].begin));
    if (f.english.empty()) {
      seg.kind = ChineseSegment::Kind::Unknown;
    } else {
      seg.chosen = f.english;
      seg.alternatives = {{std::move(f.english), 1.0f}};
    }
    segs.push_back(std::move(seg));
    at = f.end;
  }
  plain(at, cps.size());
  join_morphemes(segs);
  return segs;
}

ChineseTranslation ChineseQueryTranslator::translate(std::string_view query, const ChineseVocabulary* vocabulary,
                                                     const ChinesePhrases* phrases) const {
  ChineseTranslation out;
  out.has_cjk = contains_cjk(query);
  out.simplified = out.has_cjk ? dict_->to_simplified(query) : std::string(query);
  std::vector<std::string> display_groups;
  std::vector<std::string> query_words;
  // Each searched text, lower-cased → its entry in out.weighted (one per text, the first
  // spelling kept).
  std::unordered_map<std::string, std::size_t> weighted_at;
  std::unordered_set<std::string> unrecognized;
  QueryState state;
  state.phrases = phrases;
  auto add_query = [&](const std::string& text, float weight = 1.0f) {
    if (text.empty()) return;
    const auto [at, added] = weighted_at.emplace(lower(text), out.weighted.size());
    if (added) {
      query_words.push_back(text);
      out.weighted.push_back({text, weight});
      return;
    }
    ChineseAlternative& w = out.weighted[at->second];
    w.weight = std::max(w.weight, weight);
  };
  for (const std::vector<Run>& group : split_runs(out.simplified)) {
    std::string shown;
    auto show = [&](const std::string& text, bool new_group) {
      if (text.empty()) return;
      if (new_group && !shown.empty()) display_groups.push_back(std::move(shown)), shown.clear();
      shown += (shown.empty() ? "" : " ") + text;
    };
    std::vector<ChineseSegment> segs;  // the group's, Latin words and Han runs' segments in order
    for (const Run& run : group) {
      if (!run.han) {
        segs.push_back({run.text, ChineseSegment::Kind::Latin, run.text, {{run.text, 1.0f}}});
        continue;
      }
      for (ChineseSegment& seg : translate_run(run.text, vocabulary, state)) segs.push_back(std::move(seg));
    }
    choose_pairs_by_corpus(segs, state);
    for (ChineseSegment& seg : segs) {
      if (seg.kind == ChineseSegment::Kind::FunctionWord) {
        if (!shown.empty()) display_groups.push_back(std::move(shown)), shown.clear();
        out.segments.push_back(std::move(seg));
        continue;
      }
      if (seg.kind == ChineseSegment::Kind::Unknown) {
        if (unrecognized.insert(seg.text).second) out.unrecognized.push_back(seg.text);
        show(seg.text, false);
        add_query(seg.text);  // searched as CJK bigrams
        out.segments.push_back(std::move(seg));
        continue;
      }
      show(seg.chosen, false);
      add_query(seg.chosen);
      for (std::size_t k = 1; k < seg.alternatives.size(); ++k) {
        if (seg.alternatives[k].weight >= options_.near_tie)
          add_query(seg.alternatives[k].english, seg.alternatives[k].weight);
      }
      for (std::size_t k = 1; k <= options_.extra_synonyms && k < seg.alternatives.size(); ++k) {
        if (seg.alternatives[k].weight >= 0.5f) add_query(seg.alternatives[k].english, seg.alternatives[k].weight);
      }
      out.segments.push_back(std::move(seg));
    }
    if (!shown.empty()) display_groups.push_back(std::move(shown));
  }
  for (const std::string& w : query_words) out.english += (out.english.empty() ? "" : " ") + w;
  if (!out.english.empty()) {
    out.display = "检索: ";
    for (std::size_t i = 0; i < display_groups.size(); ++i) out.display += (i ? ", " : "") + display_groups[i];
  }
  return out;
}

}  // namespace medsearch::query
