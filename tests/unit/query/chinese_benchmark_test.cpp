// Query-understanding time and dictionary footprint (docs/chinese.md, "Benchmark"): loads
// the dictionaries once, translates the 80 NFCorpus dev queries in Chinese and the 100
// KUAKE-QIC queries from ../shared, and prints load time, memory and p50/p99 per query.
// Skips with a message when the dictionaries or the query files are absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "medsearch/query/chinese_translator.hpp"

namespace medsearch::query {
namespace {

std::vector<std::string> shared_queries() {
  const std::filesystem::path shared = MEDSEARCH_SHARED_DIR;
  std::vector<std::string> out;
  std::ifstream tsv(shared / "data/nfcorpus-dev-zh/queries.zh.tsv");
  for (std::string line; std::getline(tsv, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) out.push_back(line.substr(tab + 1));
  }
  // KUAKE-QIC: a JSON array of {"id", "label", "query"}; only the "query" strings are read.
  std::ifstream kuake(shared / "data/zh/kuake-qic/KUAKE-QIC_100.json");
  for (std::string line; std::getline(kuake, line);) {
    const auto key = line.find("\"query\":");
    if (key == std::string::npos) continue;
    const auto open = line.find('"', key + 8);
    const auto close = line.rfind('"');
    if (open != std::string::npos && close > open) out.push_back(line.substr(open + 1, close - open - 1));
  }
  return out;
}

TEST(ChineseBenchmark, UnderstandingTimePerQuery) {
  std::shared_ptr<const ChineseDictionaries> dict;
  try {
    dict = ChineseDictionaries::load();
  } catch (const std::exception& e) {
    GTEST_SKIP() << "Chinese dictionaries not installed (scripts/install-deps.sh): " << e.what();
  }
  const std::vector<std::string> queries = shared_queries();
  if (queries.size() < 150) GTEST_SKIP() << "query files not found under " << MEDSEARCH_SHARED_DIR << "/data";
  const ChineseQueryTranslator t(dict);
  for (const auto& q : queries) t.translate(q);  // warm caches
  std::vector<double> us;
  for (int round = 0; round < 5; ++round) {
    for (const auto& q : queries) {
      const auto start = std::chrono::steady_clock::now();
      const ChineseTranslation tr = t.translate(q);
      us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
      ASSERT_TRUE(tr.has_cjk) << q;
    }
  }
  std::sort(us.begin(), us.end());
  const auto at = [&](double p) { return us[std::min(us.size() - 1, static_cast<std::size_t>(p * static_cast<double>(us.size())))]; };
  const auto& s = dict->stats();
  std::printf("chinese: %zu queries x 5: p50 %.1f us, p99 %.1f us, max %.1f us; load %.0f ms, tables %.1f MB "
              "(%zu words, %zu CC-CEDICT headwords, %zu senses)\n",
              queries.size(), at(0.50), at(0.99), us.back(), s.load_ms, static_cast<double>(s.memory_bytes) / 1e6, s.words,
              s.cedict_headwords, s.cedict_senses);
  EXPECT_LT(at(0.50), 5000.0);  // a sanity bound, not a target
}

}  // namespace
}  // namespace medsearch::query
