// SpellingCorrector on a small vocabulary with given document frequencies: edits, splits,
// joins, case, Greek letters and hyphenated compounds, and what it leaves alone.
#include <gtest/gtest.h>

#include <map>

#include "medsearch/engine/suggest/spelling_corrector.hpp"
#include "medsearch/text/analyzer.hpp"

namespace medsearch::engine::suggest {
namespace {

class SpellingCorrectorTest : public ::testing::Test {
 protected:
  SpellingCorrectorTest()
      : normalizer_(text::keyword_options()),
        corrector_(vocabulary(), [this](std::string_view w) { return df(w); }, normalizer_) {}

  static std::vector<SpellingWord> vocabulary() {
    return {{"diabetes", "diabetes", 900}, {"diabetic", "diabetic", 300}, {"heart", "heart", 800},
            {"failure", "failure", 700},   {"blockers", "blockers", 90},  {"beta", "beta", 400},
            {"betablockers", "beta-blockers", 80}, {"glucocorticoid", "glucocorticoid", 60},
            {"alpha", "alpha", 500},        {"synuclein", "synuclein", 40}, {"asthma", "asthma", 600},
            {"children", "children", 650},  {"schizophrenia", "schizophrenia", 120}, {"treatment", "treatment", 990},
            {"gluco", "gluco", 1}};  // below min_df: never offered
  }
  std::uint32_t df(std::string_view word) const {
    for (const SpellingWord& w : vocabulary()) if (w.key == word) return w.df;
    return 0;
  }
  std::string corrected(std::string_view query) const {
    const auto c = corrector_.correct(query);
    return c ? c->query : "(none)";
  }

  text::Analyzer normalizer_;
  SpellingCorrector corrector_;
};

TEST_F(SpellingCorrectorTest, EditsUnknownWords) {
  EXPECT_EQ(corrected("diabtes treatment"), "diabetes treatment");
  EXPECT_EQ(corrected("diabeets"), "diabetes");          // transposition
  EXPECT_EQ(corrected("schizofrenia"), "schizophrenia");  // two edits in a long word
  const auto c = corrector_.correct("asthma in chilren");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->changes.size(), 1u);
  EXPECT_EQ(c->changes[0].from, "chilren");
  EXPECT_EQ(c->changes[0].to, "children");
  EXPECT_EQ(c->changes[0].typed_df, 0u);
}

TEST_F(SpellingCorrectorTest, LengthLimitsTheEdits) {
  EXPECT_EQ(corrector_.max_distance(3), 0u);
  EXPECT_EQ(corrector_.max_distance(5), 1u);
  EXPECT_EQ(corrector_.max_distance(9), 2u);
  EXPECT_EQ(corrected("asthmaaa"), "asthma");   // 8 letters: 2 edits allowed
  EXPECT_EQ(corrected("astmaa"), "(none)");     // 6 letters, 2 edits away: too far
}

TEST_F(SpellingCorrectorTest, KeepsCaseOfTheTypedWord) {
  EXPECT_EQ(corrected("Diabtes"), "Diabetes");
  EXPECT_EQ(corrected("DIABTES"), "DIABETES");
}

TEST_F(SpellingCorrectorTest, SplitsAndJoinsCompounds) {
  EXPECT_EQ(corrected("heartfailure"), "heart failure");
  EXPECT_EQ(corrected("gluco corticoid"), "glucocorticoid");
  EXPECT_EQ(corrected("betablokers"), "beta-blockers");  // edit to the joined form, shown hyphenated
}

TEST_F(SpellingCorrectorTest, GreekLettersAndHyphenParts) {
  EXPECT_EQ(corrected("α-synuclien"), "α-synuclein");  // the Greek part is known ("alpha")
  EXPECT_EQ(corrected("β-blokers"), "β-blockers");
  EXPECT_EQ(corrected("alpha synuclein"), "(none)");
}

TEST_F(SpellingCorrectorTest, LeavesSyntaxAndKnownWordsAlone) {
  EXPECT_EQ(corrected("diabetes AND asthma"), "(none)");
  EXPECT_EQ(corrected("diabtes[ti] AND asthma"), "(none)");  // tagged words are taken as typed
  EXPECT_EQ(corrected("diabt*"), "(none)");
  EXPECT_EQ(corrected("p53 il6 2019"), "(none)");
  EXPECT_EQ(corrected("\"diabtes treatment\" OR asthma"), "\"diabetes treatment\" OR asthma");
  EXPECT_EQ(corrected(""), "(none)");
  EXPECT_EQ(corrected("\xff\xfe diabtes"), "\xff\xfe diabetes");  // invalid UTF-8 is passed through
}

}  // namespace
}  // namespace medsearch::engine::suggest
