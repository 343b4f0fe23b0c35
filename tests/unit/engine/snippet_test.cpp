// make_snippet() (which stems only the words that may match, Analyzer::analyze_for_terms)
// against snippet_from_tokens() over analyze()'s tokens, the oracle: the same excerpt,
// marks and cut flags on real abstracts with query terms drawn from their own words.
#include "medsearch/engine/search/snippet.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/shared_texts.hpp"

namespace medsearch::engine {
namespace {

Snippet reference_snippet(const text::Analyzer& analyzer, std::string_view text, const std::set<std::string>& terms,
                          std::size_t max_bytes) {
  std::vector<text::Token> tokens;
  analyzer.analyze(text, tokens);
  return snippet_from_tokens(text, tokens, terms, max_bytes);
}

TEST(Snippet, MarksStemmedFormsOfTheTerms) {
  const text::Analyzer analyzer(text::prose_options());
  const Snippet s = make_snippet(analyzer, "Dying cells were studied; the cell dies.", {"die", "studi"});
  EXPECT_EQ(snippet_marked(s, "[", "]"), "[Dying] cells were [studied]; the cell [dies].");
  EXPECT_EQ(s, reference_snippet(analyzer, "Dying cells were studied; the cell dies.", {"die", "studi"}, 320));
}

TEST(Snippet, EqualsTheSnippetOfTheFullAnalysisOnRealAbstracts) {
  std::vector<std::string> texts;
  for (std::string& t : testing::shared_pubmed_texts())
    if (t.size() > 200) texts.push_back(std::move(t));  // abstracts longer than a short window
  if (texts.empty()) GTEST_SKIP() << "no shared PubMed samples under " << MEDSEARCH_SHARED_DIR;
  const text::Analyzer analyzer(text::prose_options());
  std::mt19937 rng(3);
  std::size_t compared = 0, with_marks = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<std::string> own = analyzer.terms(texts[i]);
    if (own.empty()) continue;
    std::set<std::string> terms;
    const std::size_t count = 1 + rng() % 3;
    for (std::size_t k = 0; k < count; ++k) terms.insert(own[rng() % own.size()]);
    const std::vector<std::string> other = analyzer.terms(texts[(i * 5 + 3) % texts.size()]);
    if (!other.empty()) terms.insert(other[rng() % other.size()]);
    const std::size_t max_bytes = rng() % 2 == 0 ? 320 : 120;
    const Snippet fast = make_snippet(analyzer, texts[i], terms, max_bytes);
    ASSERT_EQ(fast, reference_snippet(analyzer, texts[i], terms, max_bytes)) << texts[i];
    ++compared;
    with_marks += !fast.marks.empty();
  }
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(with_marks, compared / 2);
}

}  // namespace
}  // namespace medsearch::engine
