#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "medsearch/eval/significance.hpp"

namespace medsearch::eval {
namespace {

TEST(IncompleteBeta, MatchesClosedForms) {
  for (double x : {0.0, 0.01, 0.2, 0.5, 0.77, 0.999, 1.0}) {
    SCOPED_TRACE(x);
    EXPECT_NEAR(regularized_incomplete_beta(x, 1, 1), x, 1e-14);                        // uniform
    EXPECT_NEAR(regularized_incomplete_beta(x, 3, 1), std::pow(x, 3), 1e-14);           // I_x(a,1) = x^a
    EXPECT_NEAR(regularized_incomplete_beta(x, 1, 4), 1 - std::pow(1 - x, 4), 1e-14);  // I_x(1,b) = 1-(1-x)^b
    // I_x(2,2) = 3x^2 - 2x^3
    EXPECT_NEAR(regularized_incomplete_beta(x, 2, 2), 3 * x * x - 2 * x * x * x, 1e-14);
    // Symmetry: I_x(a,b) = 1 - I_{1-x}(b,a)
    EXPECT_NEAR(regularized_incomplete_beta(x, 2.5, 7), 1 - regularized_incomplete_beta(1 - x, 7, 2.5), 1e-13);
  }
  EXPECT_NEAR(regularized_incomplete_beta(0.5, 50, 50), 0.5, 1e-13);
}

TEST(StudentT, TwoSidedPMatchesClosedForms) {
  for (double t : {0.0, 0.5, 1.0, 2.0, 6.3, 40.0}) {
    SCOPED_TRACE(t);
    // df = 1 (Cauchy): P(|T| >= t) = 1 - (2/pi) atan(t)
    EXPECT_NEAR(student_t_two_sided_p(t, 1), 1 - 2 / std::numbers::pi * std::atan(t), 1e-13);
    EXPECT_NEAR(student_t_two_sided_p(-t, 1), 1 - 2 / std::numbers::pi * std::atan(t), 1e-13);
    // df = 2: P(|T| >= t) = 1 - t / sqrt(2 + t^2)
    EXPECT_NEAR(student_t_two_sided_p(t, 2), 1 - t / std::sqrt(2 + t * t), 1e-13);
  }
  // Large df approaches the normal: P(|Z| >= 1.959963985) = 0.05.
  EXPECT_NEAR(student_t_two_sided_p(1.959963985, 1e7), 0.05, 1e-6);
  EXPECT_EQ(student_t_two_sided_p(INFINITY, 5), 0.0);
}

TEST(PairedTTest, HandComputed) {
  // d = {1, 3}: mean 2, s = sqrt(((1-2)^2 + (3-2)^2) / 1) = sqrt(2), t = 2 / (sqrt(2)/sqrt(2)) = 2,
  // df = 1, p = 1 - (2/pi) atan(2) = 0.2951672353.
  const std::vector<double> d1{1, 3};
  TTest r = paired_t_test(d1);
  EXPECT_NEAR(r.t, 2.0, 1e-14);
  EXPECT_EQ(r.df, 1u);
  EXPECT_NEAR(r.p_value, 0.2951672353008665, 1e-12);
  // d = {1, 2, 6}: mean 3, s^2 = (4 + 1 + 9) / 2 = 7, t = 3 / sqrt(7/3) = 1.9639610121,
  // df = 2, p = 1 - t / sqrt(2 + t^2) = 0.1884973288.
  const std::vector<double> d2{1, 2, 6};
  r = paired_t_test(d2);
  EXPECT_NEAR(r.t, 1.9639610121239313, 1e-12);
  EXPECT_EQ(r.df, 2u);
  EXPECT_NEAR(r.p_value, 0.18849732879931091, 1e-12);
  // Negative differences: same p, negated t.
  const std::vector<double> d3{-1, -2, -6};
  EXPECT_NEAR(paired_t_test(d3).t, -1.9639610121239313, 1e-12);
  EXPECT_NEAR(paired_t_test(d3).p_value, 0.18849732879931091, 1e-12);
}

TEST(PairedTTest, DegenerateCases) {
  const std::vector<double> zeros(10, 0.0);
  EXPECT_EQ(paired_t_test(zeros).p_value, 1.0);
  EXPECT_EQ(paired_t_test(zeros).t, 0.0);
  const std::vector<double> constant(10, 0.25);
  EXPECT_EQ(paired_t_test(constant).p_value, 0.0);
  EXPECT_TRUE(std::isinf(paired_t_test(constant).t));
  const std::vector<double> one{0.5};
  EXPECT_TRUE(std::isnan(paired_t_test(one).p_value));
  EXPECT_TRUE(std::isnan(paired_t_test(std::vector<double>{}).p_value));
}

TEST(RandomizationTest, ExactEnumerationHandComputed) {
  // Five +1 differences: of the 2^5 = 32 sign assignments only all-plus and all-minus reach
  // |sum| >= 5, so p = 2/32 = 0.0625. Six: 2/64 = 0.03125.
  const std::vector<double> five(5, 1.0);
  RandomizationTest r = paired_randomization_test(five, 10000, 1);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.assignments, 32u);
  EXPECT_DOUBLE_EQ(r.p_value, 0.0625);
  const std::vector<double> six(6, 1.0);
  EXPECT_DOUBLE_EQ(paired_randomization_test(six, 10000, 1).p_value, 0.03125);
  // Zeros are dropped: still 2/32.
  const std::vector<double> with_zeros{0, 1, 0, 1, 1, 1, 1, 0};
  EXPECT_DOUBLE_EQ(paired_randomization_test(with_zeros, 10000, 1).p_value, 0.0625);
  // d = {3, 1}: sums 4, 2, -2, -4; |sum| >= 4 for 2 of 4 assignments: p = 0.5.
  const std::vector<double> two{3, 1};
  EXPECT_DOUBLE_EQ(paired_randomization_test(two, 10000, 1).p_value, 0.5);
  // d = {1, -1}: observed sum 0, every assignment reaches it: p = 1.
  const std::vector<double> cancel{1, -1};
  EXPECT_DOUBLE_EQ(paired_randomization_test(cancel, 10000, 1).p_value, 1.0);
  // d = {0.1, 0.2, -0.3}: the sum is 0, but 0.1 + 0.2 - 0.3 is 5.55e-17 in doubles; the
  // tolerance treats it as 0, so every assignment reaches it and p = 1, as for {1, -1}.
  const std::vector<double> rounding{0.1, 0.2, -0.3};
  EXPECT_DOUBLE_EQ(paired_randomization_test(rounding, 10000, 1).p_value, 1.0);
}

TEST(RandomizationTest, NoDifferencesGivePOne) {
  const std::vector<double> zeros(50, 0.0);
  const RandomizationTest r = paired_randomization_test(zeros, 10000, 7);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_TRUE(paired_randomization_test(std::vector<double>{}, 10000, 7).p_value == 1.0);
}

TEST(RandomizationTest, MonteCarloIsDeterministicAndNeverZero) {
  // 20 differences of +1: exact p = 2 / 2^20, far below what 1000 draws can see; the
  // estimate (1 + hits) / (1 + N) is then 1/1001.
  const std::vector<double> ones(20, 1.0);
  const RandomizationTest r = paired_randomization_test(ones, 1000, 42);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.assignments, 1000u);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0 / 1001.0);
  std::vector<double> mixed;
  for (int i = 0; i < 100; ++i) mixed.push_back(std::sin(i * 1.3) * 0.2 + 0.02);
  const double p1 = paired_randomization_test(mixed, 5000, 42).p_value;
  EXPECT_EQ(paired_randomization_test(mixed, 5000, 42).p_value, p1);  // same seed, same p
  EXPECT_GT(p1, 0.0);
  EXPECT_LE(p1, 1.0);
}

TEST(RandomizationTest, MonteCarloAgreesWithExactEnumeration) {
  // 16 differences: exact over 2^16 = 65536 assignments vs 20000 random ones; the Monte
  // Carlo standard error is at most sqrt(0.25 / 20000) = 0.0035, so 0.02 is > 5 sigma.
  std::vector<double> d;
  for (int i = 0; i < 16; ++i) d.push_back(std::cos(i * 0.7) * 0.3 + 0.08);
  const RandomizationTest exact = paired_randomization_test(d, 65536, 1);
  ASSERT_TRUE(exact.exact);
  const RandomizationTest sampled = paired_randomization_test(d, 20000, 1);
  ASSERT_FALSE(sampled.exact);
  EXPECT_NEAR(sampled.p_value, exact.p_value, 0.02);
  EXPECT_GT(exact.p_value, 0.01);  // a non-trivial case
  EXPECT_LT(exact.p_value, 0.99);
}

}  // namespace
}  // namespace medsearch::eval
