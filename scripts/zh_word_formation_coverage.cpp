// Coverage and precision of Chinese word formation (decision 0033) against a source, not the
// dev queries: for every name of the ECDICT-derived term list that ends in a drug stem, are
// ECDICT's English names among the first 256 candidates; and, with the whole list's English as
// the vocabulary, is the first confirmed candidate one of them (right) or another word (wrong)?
// Build and run (after a release build and scripts/install-deps.sh):
//   g++ -std=c++20 -O2 -Isrc scripts/zh_word_formation_coverage.cpp \
//     build/release/src/medsearch/libmedsearch_query.a build/release/src/medsearch/libmedsearch_core.a \
//     $(pkg-config --libs opencc) -o /tmp/zh-cov && /tmp/zh-cov build/npm/medsearch-zh-terms.tsv
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include "medsearch/query/chinese_dictionaries.hpp"
#include "medsearch/query/chinese_word_formation.hpp"
#include "medsearch/core/utf8.hpp"
using namespace medsearch::query;
int main(int argc, char** argv) {
  ChineseDictionaryOptions o; o.terms = "none";
  auto d = ChineseDictionaries::load(o);
  std::map<std::string, std::set<std::string>> pairs;
  std::ifstream in(argv[1]); std::string line;
  while (std::getline(in, line)) { auto a = line.find('\t'), b = line.find('\t', a + 1); std::string en = line.substr(a + 1, b - a - 1); for (auto& c : en) c = std::tolower(c); pairs[line.substr(0, a)].insert(en); }
  std::set<std::string> vocab; for (auto& [z, e] : pairs) vocab.insert(e.begin(), e.end());
  int right = 0, wrong = 0;
  std::map<std::string, std::pair<int,int>> per_stem; int total = 0, hit = 0;
  for (auto& [zh, ens] : pairs) {
    for (const FormationStem& stem : formation_stems()) {
      if (!stem.drug || zh.size() <= stem.chinese.size() || zh.compare(zh.size() - stem.chinese.size(), std::string::npos, stem.chinese) != 0) continue;
      std::string prefix = zh.substr(0, zh.size() - stem.chinese.size());
      std::vector<std::vector<Spelling>> sp; bool ok = true; std::size_t i = 0; int n = 0;
      while (i < prefix.size()) { unsigned char c = prefix[i]; std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4; std::string ch = prefix.substr(i, len); i += len; ++n;
        auto* r = d->readings(ch); if (!r) { ok = false; break; } sp.push_back(character_spellings(ch, *r)); }
      if (!ok || n > 4) break;
      auto cands = formation_candidates(sp, stem, 256);
      bool h = false; for (auto& c : cands) if (ens.count(c)) h = true;
      for (auto& c : cands) if (vocab.count(c)) { if (ens.count(c)) ++right; else { ++wrong; if (wrong <= 15) std::printf("wrong: %s -> %s\n", zh.c_str(), c.c_str()); } break; }
      ++total; hit += h; auto& ps = per_stem[std::string(stem.chinese)]; ps.first++; ps.second += h;
      break;
    }
  }
  std::printf("vocabulary = all term-list English: first confirmed candidate right %d, wrong %d\n", right, wrong);
  std::printf("names %d, INN among the first 256 candidates: %d (%.1f%%)\n", total, hit, 100.0 * hit / total);
  for (auto& [s, p] : per_stem) std::printf("  %s %d/%d\n", s.c_str(), p.second, p.first);
}
