// The ECDICT-derived biomedical term list (decision 0023): loading and lookup.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include "medsearch/core/error.hpp"
#include "medsearch/query/chinese_dictionaries.hpp"

namespace medsearch::query {
namespace {

// Terms missing from the segmentation vocabulary join it with CC-CEDICT's frequency for
// its own missing headwords (chinese_dictionaries.cpp): 棕榈酸 stays whole.
constexpr std::uint32_t kTermFrequency = 5;

// Source reliability (decision 0023): ECDICT's domain-tagged senses were edited as
// dictionary entries; untagged ones passed only our English filter; [网络] senses were
// crawled from the web (ECDICT's README) and are the noisiest.
float source_weight(std::string_view tag) {
  if (tag == "ecdict:web") return 0.5f;
  if (tag == "ecdict:untagged") return 0.8f;
  return 1.0f;
}

// scripts/derive_zh_terms.py's tag of a compound form (decision 0045).
constexpr std::string_view kCompoundFormTag = "derived:compound";

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string default_terms_path() {
  if (const char* env = std::getenv("MEDSEARCH_ZH_TERMS"); env != nullptr && *env != '\0') return env;
  return find_npm_file("medsearch-zh-terms.tsv");
}

void ChineseDictionaries::load_terms(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, "chinese: cannot open term list '" + path + "'");
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    // zh \t en \t tag \t primary \t en_rank (scripts/derive_zh_terms.py)
    std::string_view fields[5];
    std::size_t n = 0, start = 0;
    while (n < 5) {
      const std::size_t tab = line.find('\t', start);
      fields[n++] = std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start);
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (n < 3 || fields[0].empty() || fields[1].empty()) {
      throw Error(ErrorCode::Corrupt, "chinese: term list '" + path + "' line " + std::to_string(line_no) + ": expected zh<TAB>en<TAB>tag");
    }
    if (fields[2] == kCompoundFormTag) {  // not a translation: a pair candidate only
      compound_forms_[std::string(fields[0])].emplace_back(fields[1]);
      ++stats_.compound_forms;
      continue;
    }
    float weight = source_weight(fields[2]);
    if (n >= 4 && fields[3] == "1") weight += 0.3f;
    if (n >= 5 && !fields[4].empty() && fields[4] != "0") weight += 0.3f;
    terms_[std::string(fields[0])].push_back({std::string(fields[1]), weight});
    ++stats_.term_pairs;
  }
  for (auto& [word, list] : terms_) {
    // Best first; equal weights keep the file's (alphabetical) order.
    std::stable_sort(list.begin(), list.end(), [](const Term& a, const Term& b) { return a.weight > b.weight; });
    if (utf8_chars(word) < 2) continue;
    if (freq_.try_emplace(word, kTermFrequency).second) total_ += kTermFrequency;
  }
  stats_.term_headwords = terms_.size();
}

const std::vector<std::string>* ChineseDictionaries::compound_forms(std::string_view simplified) const {
  const auto it = compound_forms_.find(simplified);
  return it == compound_forms_.end() ? nullptr : &it->second;
}

const std::vector<ChineseDictionaries::Term>* ChineseDictionaries::terms(std::string_view simplified) const {
  const auto it = terms_.find(simplified);
  return it == terms_.end() ? nullptr : &it->second;
}

}  // namespace medsearch::query
