#include "medsearch/query/chinese_word_formation.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <unordered_set>

namespace medsearch::query {
namespace {

// Initials of pinyin and the Latin letters they render in transliterated drug names, most
// regular first (伐 fa is "va" in atorvastatin, 康 kang is "con" in fluconazole). Our table,
// from the sound correspondences of the pinyin scheme (ISO 7098): voiced/voiceless pairs
// (b/p, d/t, g/k), l for r, the palatals j/q/x for the English sibilants and ch/c/k.
struct Initial {
  std::string_view pinyin;
  std::array<std::string_view, 6> latin;
};
constexpr std::array<Initial, 23> kInitials = {{
    {"zh", {"z", "j"}},  {"ch", {"ch", "c"}},  {"sh", {"s", "sh"}},          {"b", {"b", "p"}},
    {"p", {"p", "b"}},   {"m", {"m"}},         {"f", {"f", "v", "ph"}},      {"d", {"d", "t"}},
    {"t", {"t", "th", "d"}}, {"n", {"n"}},     {"l", {"l", "r"}},            {"g", {"g", "c", "k"}},
    {"k", {"c", "k", "ch", "qu"}}, {"h", {"h", ""}}, {"j", {"j", "g", "z"}}, {"q", {"ch", "c", "qu", "k", "z", "th"}},
    {"x", {"x", "s", "z", "c"}}, {"r", {"r", "l"}}, {"z", {"z", "s", "x"}}, {"c", {"c", "z", "ts"}},
    {"s", {"s", "c", "z", "x"}}, {"y", {"", "y"}}, {"w", {"v", "w", ""}},
}};

// Finals (after y/w are rewritten: yi → i, you → iu, wei → ei, …; "v" is ü) and their
// Latin renderings: the nasal codas -n/-ng merge (康 kang: con), diphthongs reduce to the
// vowel English writes (美 mei: me), 尔 er is the final l or r of "-olol".
struct Final {
  std::string_view pinyin;
  std::array<std::string_view, 4> latin;
};
constexpr std::array<Final, 34> kFinals = {{
    {"a", {"a"}},           {"o", {"o"}},          {"e", {"e", "a"}},         {"i", {"i", "e", "y"}},
    {"u", {"u", "o"}},      {"v", {"u", "o", "y"}}, {"ai", {"ai", "e", "a"}},  {"ei", {"e", "ei", "i"}},
    {"ao", {"o", "ao", "au"}}, {"ou", {"o", "ou", "u"}}, {"an", {"an", "a", "am", "on"}}, {"en", {"en", "e", "in", "an"}},
    {"ang", {"an", "am", "on"}}, {"eng", {"en", "an"}}, {"ong", {"on", "om"}},  {"er", {"er", "l", "r"}},
    {"ia", {"ia", "a"}},    {"ie", {"ie", "e"}},   {"iao", {"io", "eo"}},     {"iu", {"iu", "u"}},
    {"ian", {"ian", "en", "an"}}, {"in", {"in", "im", "en"}}, {"iang", {"ian", "an"}}, {"ing", {"in", "en"}},
    {"iong", {"ion"}},      {"ua", {"ua", "a"}},   {"uo", {"o", "uo"}},       {"uai", {"uai"}},
    {"ui", {"ui", "i"}},    {"uan", {"uan", "an"}}, {"un", {"un", "on"}},     {"ve", {"ue"}},
    {"vn", {"un"}},         {"van", {"uan", "an"}},
}};

// Characters that stand for a chemistry prefix in drug names (氯沙坦 losartan is
// transliterated, but 氟 in 氟康唑 is fluconazole's "flu"): the IUPAC substituent prefixes.
struct Semantic {
  std::string_view character;
  std::array<std::string_view, 3> latin;
};
constexpr std::array<Semantic, 14> kSemantic = {{
    {"氯", {"clo", "chlor", "chloro"}}, {"氟", {"flu", "fluor", "fluoro"}}, {"甲", {"me", "meth", "methyl"}},
    {"乙", {"eth", "ethyl"}},          {"丙", {"pro", "prop"}},           {"环", {"cyclo", "ci", "cic"}},
    {"羟", {"hydroxy"}},               {"氧", {"oxy", "ox"}},             {"溴", {"brom", "bromo"}},
    {"碘", {"iod", "iodo"}},           {"硝", {"nitr", "nitro"}},         {"苯", {"ben", "phen", "benz"}},
    {"磺", {"sulf", "sulfa"}},         {"硫", {"thi", "thio", "sulf"}},
}};

// Consonants that Chinese transliteration drops at the end of an English syllable
// (a-to[r]-va-statin, ca[p]-to-pril) and the r/l of a cluster it splits or drops (p[r]o).
constexpr std::string_view kCodas = "rnlsxcptmd";
constexpr std::string_view kClusterHeads = "bpftcgdk";

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// "yi" → {"y", "i"}, "wei" → {"w", "ei"}, "ju" → {"j", "v"}; {"", syllable} without an initial.
std::pair<std::string, std::string> split_syllable(std::string syllable) {
  for (std::size_t at; (at = syllable.find("u:")) != std::string::npos;) syllable.replace(at, 2, "v");
  for (const Initial& initial : kInitials) {
    if (!syllable.starts_with(initial.pinyin) || syllable.size() == initial.pinyin.size()) continue;
    std::string final = syllable.substr(initial.pinyin.size());
    if (initial.pinyin == "y") {  // yi, yin, ying; you → iu; yu, yue, yuan, yun → ü; ya → ia …
      if (final == "ou") {
        final = "iu";
      } else if (final.starts_with("u")) {
        final = "v" + final.substr(1);
      } else if (!final.starts_with("i")) {
        final = "i" + final;
      }
    } else if ((initial.pinyin == "j" || initial.pinyin == "q" || initial.pinyin == "x") && final.starts_with("u")) {
      final = "v" + final.substr(1);  // ju, que, xuan: the u is ü
    }
    return {std::string(initial.pinyin), final};
  }
  return {"", syllable};
}

const Initial* find_initial(std::string_view pinyin) {
  for (const Initial& initial : kInitials) {
    if (initial.pinyin == pinyin) return &initial;
  }
  return nullptr;
}
const Final* find_final(std::string_view pinyin) {
  for (const Final& final : kFinals) {
    if (final.pinyin == pinyin) return &final;
  }
  return nullptr;
}

}  // namespace

// Stems: the English forms are INN stems from WHO, "The use of stems in the selection of
// International Nonproprietary Names (INN) for pharmaceutical substances"
// (WHO/EMP/RHT/TSN/2018.1), which the USAN Council's stem list follows (-mycin, -cillin,
// -vastatin, -oxacin, -olol, -pril, -sartan, -tinib, -mab, -conazole, -prazole, -tidine,
// -dipine, -ciclovir, -navir, -caine, -azepam, -cycline, -xaban, -gliflozin, -gliptin, -penem,
// -parin, -methasone). The Chinese renderings are those of the Chinese approved drug names,
// as the ECDICT term pairs show them (阿托伐他汀 atorvastatin, 缬沙坦 valsartan, 雷尼替丁
// ranitidine, 利妥昔单抗 rituximab …). Chemistry: …酸 "…ic acid", …酸盐 "…ate", …酶 "…ase"
// (IUPAC and IUBMB naming). Sub-stem forms (-alol, -april, -ximab) are the stem's variants
// listed in the same stem book.
const std::vector<FormationStem>& formation_stems() {
  static const std::vector<FormationStem> stems = [] {
    std::vector<FormationStem> list = {
        {"格列净", {"gliflozin"}},  {"格列汀", {"gliptin"}},       {"霉素", {"mycin", "micin"}},
        {"西林", {"cillin"}},       {"他汀", {"statin", "vastatin"}}, {"沙星", {"floxacin", "oxacin"}},
        {"洛尔", {"olol", "lol", "alol", "prolol", "ilol"}}, {"普利", {"pril", "april", "opril"}},
        {"沙坦", {"sartan"}},       {"替尼", {"tinib"}},           {"单抗", {"mab", "umab"}},
        {"康唑", {"conazole"}},     {"拉唑", {"prazole"}},         {"硝唑", {"nidazole"}},
        {"唑", {"azole", "zole"}},  {"替丁", {"tidine"}},          {"地平", {"dipine"}},
        {"洛韦", {"clovir", "ciclovir"}}, {"那韦", {"navir"}},    {"卡因", {"caine"}},
        {"西泮", {"azepam", "zepam"}}, {"环素", {"cycline"}},     {"沙班", {"xaban"}},
        {"培南", {"penem"}},        {"肝素", {"parin", "aparin"}}, {"米松", {"methasone", "metasone"}},
        {"酸盐", {"ate"}, false},   {"酸", {"ic acid"}, false},    {"酶", {"ase"}, false},
    };
    std::stable_sort(list.begin(), list.end(),
                     [](const FormationStem& a, const FormationStem& b) { return a.chinese.size() > b.chinese.size(); });
    return list;
  }();
  return stems;
}

std::vector<Spelling> character_spellings(std::string_view character, const std::vector<std::string>& readings) {
  std::vector<Spelling> out;
  std::unordered_set<std::string> seen;
  const auto add = [&](std::string latin, int cost) {
    if (seen.insert(latin).second) out.push_back({std::move(latin), cost});
  };
  int base = 0;
  for (const Semantic& s : kSemantic) {
    if (s.character != character) continue;
    for (std::string_view latin : s.latin) {
      if (!latin.empty()) add(std::string(latin), 0);
    }
    base = 1;  // its sound is the less likely reading
  }
  std::vector<Spelling> plain;
  for (const std::string& reading : readings) {
    const auto [initial_py, final_py] = split_syllable(reading);
    const Initial* initial = initial_py.empty() ? nullptr : find_initial(initial_py);
    const Final* final = find_final(final_py);
    if (final == nullptr || (!initial_py.empty() && initial == nullptr)) continue;
    const std::array<std::string_view, 6> none = {""};
    const auto& heads = initial != nullptr ? initial->latin : none;
    for (std::size_t i = 0; i < heads.size(); ++i) {
      if (i > 0 && heads[i].empty()) break;
      for (std::size_t f = 0; f < final->latin.size() && !final->latin[f].empty(); ++f) {
        plain.push_back({std::string(heads[i]) + std::string(final->latin[f]),
                         base + static_cast<int>(std::min<std::size_t>(i, 2) + std::min<std::size_t>(f, 2))});
      }
    }
  }
  // Dropped consonants cost 2 more: a coda after a final vowel, an r/l after an initial stop.
  const std::size_t regular = plain.size();
  for (std::size_t k = 0; k < regular; ++k) {
    const Spelling s = plain[k];
    if (!s.latin.empty() && is_vowel(s.latin.back())) {
      for (char coda : kCodas) plain.push_back({s.latin + coda, s.cost + 2});
    }
    if (s.latin.size() >= 2 && kClusterHeads.find(s.latin[0]) != std::string_view::npos && is_vowel(s.latin[1])) {
      for (char liquid : {'r', 'l'}) plain.push_back({s.latin.substr(0, 1) + liquid + s.latin.substr(1), s.cost + 2});
    }
  }
  std::stable_sort(plain.begin(), plain.end(), [](const Spelling& a, const Spelling& b) { return a.cost < b.cost; });
  for (Spelling& s : plain) add(std::move(s.latin), s.cost);
  std::stable_sort(out.begin(), out.end(), [](const Spelling& a, const Spelling& b) { return a.cost < b.cost; });
  return out;
}

std::vector<std::string> formation_candidates(const std::vector<std::vector<Spelling>>& prefix, const FormationStem& stem,
                                              std::size_t cap) {
  std::vector<std::string> out;
  visit_formation_candidates(prefix, stem, cap, [&out](const std::string& candidate) {
    out.push_back(candidate);
    return false;
  });
  return out;
}

std::size_t visit_formation_candidates(const std::vector<std::vector<Spelling>>& prefix, const FormationStem& stem,
                                       std::size_t cap, const std::function<bool(const std::string&)>& take) {
  std::size_t handed = 0;
  if (prefix.empty() || cap == 0) return handed;
  for (const auto& spellings : prefix) {
    if (spellings.empty()) return handed;
  }
  // Best-first over one spelling index per character: the cheapest total cost first (a
  // uniform-cost search over the product; each choice is visited once), ties by the index
  // vectors in lexicographic order. A choice is numbered in mixed radix, the first character
  // most significant, so that the numbers order as the vectors do and a choice costs no
  // allocation: digit k is (key / place[k]) % prefix[k].size().
  const std::size_t m = prefix.size();
  std::vector<std::uint64_t> place(m);
  std::uint64_t combinations = 1;
  for (std::size_t k = m; k-- > 0;) {
    place[k] = combinations;
    if (combinations > std::numeric_limits<std::uint64_t>::max() / prefix[k].size()) {
      throw std::length_error("formation_candidates: more than 2^64 spelling combinations");
    }
    combinations *= prefix[k].size();
  }
  const auto digit = [&](std::uint64_t key, std::size_t k) {
    return static_cast<std::size_t>(key / place[k] % prefix[k].size());
  };
  using Entry = std::pair<int, std::uint64_t>;  // (total cost, choice)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  std::unordered_set<std::uint64_t> visited;
  std::unordered_set<std::string> emitted;
  int start_cost = 0;
  for (const auto& spellings : prefix) start_cost += spellings[0].cost;
  queue.push({start_cost, 0});
  visited.insert(0);
  std::string head;
  while (!queue.empty() && handed < cap) {
    const auto [choice_cost, choice] = queue.top();
    queue.pop();
    head.clear();
    for (std::size_t k = 0; k < m; ++k) head += prefix[k][digit(choice, k)].latin;
    for (std::string_view form : stem.english) {
      std::string word = head + std::string(form);
      // "omepra" + "azole": a vowel written twice where the syllables meet is written once.
      std::string merged = !head.empty() && head.back() == form.front() ? head + std::string(form.substr(1)) : std::string();
      for (std::string* w : {&word, &merged}) {
        if (w->empty() || handed >= cap || !emitted.insert(*w).second) continue;
        ++handed;
        if (take(*w)) return handed;
      }
    }
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t d = digit(choice, k);
      if (d + 1 >= prefix[k].size()) continue;
      const std::uint64_t next = choice + place[k];
      if (visited.insert(next).second) queue.push({choice_cost - prefix[k][d].cost + prefix[k][d + 1].cost, next});
    }
  }
  return handed;
}

}  // namespace medsearch::query
