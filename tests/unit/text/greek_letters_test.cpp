#include "medsearch/text/greek_letters.hpp"

#include <gtest/gtest.h>

namespace medsearch::text {
namespace {

TEST(GreekLetters, EverySmallLetterHasItsName) {
  EXPECT_EQ(greek_letter_name(U'α'), "alpha");
  EXPECT_EQ(greek_letter_name(U'β'), "beta");
  EXPECT_EQ(greek_letter_name(U'γ'), "gamma");
  EXPECT_EQ(greek_letter_name(U'δ'), "delta");
  EXPECT_EQ(greek_letter_name(U'κ'), "kappa");
  EXPECT_EQ(greek_letter_name(U'λ'), "lambda");
  EXPECT_EQ(greek_letter_name(U'μ'), "mu");
  EXPECT_EQ(greek_letter_name(U'ο'), "omicron");
  EXPECT_EQ(greek_letter_name(U'ς'), "sigma");
  EXPECT_EQ(greek_letter_name(U'σ'), "sigma");
  EXPECT_EQ(greek_letter_name(U'τ'), "tau");
  EXPECT_EQ(greek_letter_name(U'ω'), "omega");
  for (char32_t cp = 0x03B1; cp <= 0x03C9; ++cp) EXPECT_FALSE(greek_letter_name(cp).empty()) << std::hex << static_cast<unsigned>(cp);
}

TEST(GreekLetters, OtherCodePointsHaveNoName) {
  // Capitals and the micro sign are folded before lookup; accented letters are Greek text.
  for (char32_t cp : {U'a', U'Β', U'µ', U'ά', U'ϐ', char32_t{0x03B0}, char32_t{0x03CA}}) EXPECT_TRUE(greek_letter_name(cp).empty());
}

TEST(GreekLetters, GreekBlocks) {
  EXPECT_TRUE(is_greek_block(U'β'));
  EXPECT_TRUE(is_greek_block(U'Ω'));
  EXPECT_TRUE(is_greek_block(U'ά'));
  EXPECT_TRUE(is_greek_block(0x1F00));
  EXPECT_FALSE(is_greek_block(U'µ'));  // micro sign: Latin-1, becomes μ by NFKC
  EXPECT_FALSE(is_greek_block(U'b'));
}

}  // namespace
}  // namespace medsearch::text
