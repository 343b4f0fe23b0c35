// Invariants on arbitrary input (random bytes, random Unicode) and on real PubMed text
// when ../shared is present: no crash, offsets in range and on UTF-8 boundaries,
// positions non-decreasing, terms non-empty, bounded and already normalised.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <regex>
#include <string>

#include "medsearch/text/analyzer.hpp"
#include "support/shared_texts.hpp"

namespace medsearch::text {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// `valid`: the text is valid UTF-8, so offsets must fall on character boundaries.
void check_invariants(const Analyzer& analyzer, std::string_view text, bool valid = true) {
  std::vector<Token> tokens;
  const std::uint32_t end = analyzer.analyze(text, tokens, 5);
  std::uint32_t last = 5;
  for (const Token& t : tokens) {
    ASSERT_FALSE(t.term.empty());
    ASSERT_LE(t.term.size(), 128u);
    ASSERT_GE(t.position, last);
    ASSERT_LT(t.position, end);
    ASSERT_GE(t.position_length, 1u);
    ASSERT_LE(t.position + t.position_length, end);
    last = t.position;
    ASSERT_LT(t.start_offset, t.end_offset);
    ASSERT_LE(t.end_offset, text.size());
    if (valid) {
      ASSERT_FALSE(continuation(static_cast<unsigned char>(text[t.start_offset])));
      if (t.end_offset < text.size()) {
        ASSERT_FALSE(continuation(static_cast<unsigned char>(text[t.end_offset])));
      }
    }
    for (char c : t.term) ASSERT_FALSE(c >= 'A' && c <= 'Z') << t.term;
    // A term is already normalised text: normalising it again keeps something.
    ASSERT_FALSE(analyzer.normalize_word(t.term).empty()) << "[" << t.term << "] from [" << text << "]";
  }
}

TEST(AnalyzerProperties, RandomBytes) {
  const Analyzer prose(prose_options());
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    check_invariants(prose, s, false);
  }
}

TEST(AnalyzerProperties, RandomCodePointsFromInterestingRanges) {
  const Analyzer prose(prose_options());
  AnalyzerOptions raw_options = keyword_options();
  raw_options.fold_accents = false;
  raw_options.cjk_bigrams = false;
  const Analyzer raw(raw_options);
  const char32_t pieces[] = {'a', 'Z', '5', '-', '/', '.', '+', '\'', ' ', 0x00DF, 0x00E9, 0x0301, 0x0308, 0x03B2,
                             0x0394, 0x00B5, 0x2010, 0x2019, 0x2032, 0x00AD, 0x200B, 0x2122, 0x4E2D, 0x6587,
                             0x30AB, 0x3099, 0xFF76, 0xFF9E, 0xAC00, 0xFB01, 0xFF21, 0x1D6FD, 0x0439, 0x0915, 0x093F};
  std::mt19937 rng(12);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) {
      const char32_t cp = pieces[rng() % std::size(pieces)];
      if (cp < 0x80) {
        s += static_cast<char>(cp);
      } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    check_invariants(prose, s);
    check_invariants(raw, s);
  }
}

TEST(AnalyzerProperties, RealPubmedAbstracts) {
  const std::filesystem::path path = std::filesystem::path(MEDSEARCH_SHARED_DIR) / "data/pubmed/medsamp2014.xml.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  const std::string xml = testing::read_maybe_gzip(path);
  ASSERT_FALSE(xml.empty());
  const Analyzer prose(prose_options());
  const Analyzer keyword(keyword_options());
  std::size_t texts = 0;
  for (std::size_t at = xml.find("<AbstractText"); at != std::string::npos; at = xml.find("<AbstractText", at + 1)) {
    const std::size_t open_end = xml.find('>', at);
    const std::size_t close = xml.find("</AbstractText>", open_end);
    if (open_end == std::string::npos || close == std::string::npos) break;
    const std::string_view text(xml.data() + open_end + 1, close - open_end - 1);
    check_invariants(prose, text);
    check_invariants(keyword, text);
    ++texts;
  }
  EXPECT_GT(texts, 50u);
}

}  // namespace
}  // namespace medsearch::text
