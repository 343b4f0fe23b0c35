// analyze() is const and thread-safe: four threads analysing the same texts at once get
// exactly the single-threaded results (run under ASan/UBSan in the dev preset).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "medsearch/text/analyzer.hpp"

namespace medsearch::text {
namespace {

std::vector<std::string> sample_texts() {
  std::vector<std::string> texts = {
      "Effects of β-blockers on mortality in patients with heart failure: a meta-analysis.",
      "Serum IL-6 and TNF-α levels were measured; COVID-19 patients' IL-6 rose 3.5-fold (p < 0.05).",
      "The Na+/K+-ATPase and 5-HT2A receptors in Sjögren's syndrome.",
      "帕金森病患者的BRCA基因突变研究",
      "ＦＵＬＬ-width ﬁbroblasts, µg/ml, Ca²⁺ and NF-κB signalling in Alzheimer's disease",
      "",
  };
  // Longer texts, so that threads overlap inside one call.
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += texts[static_cast<std::size_t>(i) % 5] + " ";
  texts.push_back(long_text);
  return texts;
}

std::vector<std::vector<Token>> analyse_all(const Analyzer& analyzer, const std::vector<std::string>& texts) {
  std::vector<std::vector<Token>> results;
  for (const auto& t : texts) {
    results.emplace_back();
    analyzer.analyze(t, results.back(), 3);
  }
  return results;
}

TEST(AnalyzerThreads, FourThreadsMatchSingleThreadedResults) {
  const std::vector<std::string> texts = sample_texts();
  for (const AnalyzerOptions& options : {prose_options(), keyword_options()}) {
    const Analyzer analyzer(options);
    const auto expected = analyse_all(analyzer, texts);
    ASSERT_FALSE(expected[0].empty());
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 30; ++round) {
          // Interleave the texts differently in each thread.
          for (std::size_t k = 0; k < texts.size(); ++k) {
            const std::size_t i = (k + static_cast<std::size_t>(t + round)) % texts.size();
            std::vector<Token> tokens;
            analyzer.analyze(texts[i], tokens, 3);
            if (tokens != expected[i]) ++mismatches[t];
            if (analyzer.normalize_word("Sjögren's") != "sjogren") ++mismatches[t];
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
  }
}

TEST(AnalyzerThreads, TwoAnalyzersWithDifferentOptionsShareNothing) {
  const Analyzer prose(prose_options());
  const Analyzer keyword(keyword_options());
  std::vector<std::string> a, b;
  std::thread t1([&] {
    for (int i = 0; i < 2000; ++i) a = prose.terms("The studies of cancers");
  });
  std::thread t2([&] {
    for (int i = 0; i < 2000; ++i) b = keyword.terms("The studies of cancers");
  });
  t1.join();
  t2.join();
  EXPECT_EQ(a, (std::vector<std::string>{"studi", "cancer"}));
  EXPECT_EQ(b, (std::vector<std::string>{"the", "studies", "of", "cancers"}));
}

}  // namespace
}  // namespace medsearch::text
