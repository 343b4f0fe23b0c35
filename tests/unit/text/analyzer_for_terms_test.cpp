// Analyzer::analyze_for_terms() against analyze(), the oracle: the same tokens, positions
// and offsets, and for every token the same answer to "is its term one of T", on real
// abstracts with term sets T drawn from their own words (and words they lack).
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "medsearch/text/analyzer.hpp"
#include "support/shared_texts.hpp"

namespace medsearch::text {
namespace {

// Fails the test at the first difference.
void expect_same_answers(const Analyzer& analyzer, std::string_view text, const std::set<std::string>& terms) {
  std::vector<Token> exact, fast;
  const std::uint32_t exact_end = analyzer.analyze(text, exact);
  const std::uint32_t fast_end = analyzer.analyze_for_terms(text, terms, fast);
  ASSERT_EQ(fast_end, exact_end);
  ASSERT_EQ(fast.size(), exact.size());
  for (std::size_t i = 0; i < exact.size(); ++i) {
    ASSERT_EQ(fast[i].position, exact[i].position) << i;
    ASSERT_EQ(fast[i].position_length, exact[i].position_length) << i;
    ASSERT_EQ(fast[i].start_offset, exact[i].start_offset) << i;
    ASSERT_EQ(fast[i].end_offset, exact[i].end_offset) << i;
    ASSERT_EQ(terms.contains(fast[i].term), terms.contains(exact[i].term)) << exact[i].term << " / " << fast[i].term;
    if (terms.contains(exact[i].term)) {
      ASSERT_EQ(fast[i].term, exact[i].term);
    }
  }
}

TEST(AnalyzeForTerms, MarksTheSameTokensAsAnalyze) {
  const Analyzer analyzer(prose_options());
  const std::string text = "Dying cells and the lying patients: studies of skies, IL-6 and β-blockers in 2020.";
  expect_same_answers(analyzer, text, {"die", "studi", "sky", "il6", "betablock", "2020"});
  expect_same_answers(analyzer, text, {"cell"});
  expect_same_answers(analyzer, text, {});
  std::vector<Token> tokens;
  analyzer.analyze_for_terms(text, {"cell"}, tokens);
  // Words whose first letter begins none of the terms are left unstemmed.
  EXPECT_EQ(tokens.front().term, "dying");
  EXPECT_EQ(tokens[1].term, "cell");
}

TEST(AnalyzeForTerms, EqualsAnalyzeOnRealAbstracts) {
  const std::vector<std::string> texts = testing::shared_pubmed_texts();
  if (texts.empty()) GTEST_SKIP() << "no shared PubMed samples under " << MEDSEARCH_SHARED_DIR;
  const Analyzer analyzer(prose_options());
  std::mt19937 rng(5);
  std::size_t marked = 0;
  for (std::size_t i = 0; i < texts.size(); i += 2) {
    std::vector<Token> own;
    analyzer.analyze(texts[i], own);
    if (own.empty()) continue;
    // One to four of the text's own terms, and one from another text (often absent here).
    std::set<std::string> terms;
    const std::size_t count = 1 + rng() % 4;
    for (std::size_t k = 0; k < count; ++k) terms.insert(own[rng() % own.size()].term);
    const std::vector<std::string> other = analyzer.terms(texts[(i * 7 + 1) % texts.size()]);
    if (!other.empty()) terms.insert(other[rng() % other.size()]);
    expect_same_answers(analyzer, texts[i], terms);
    if (HasFatalFailure()) return;
    ++marked;
  }
  EXPECT_GT(marked, 1000u);
}

}  // namespace
}  // namespace medsearch::text
