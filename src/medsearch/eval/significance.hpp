// Paired two-sided significance tests on per-query differences d_i = b_i - a_i of one
// metric (two systems, the same queries). Both test H0: the systems are interchangeable
// (randomization) / the mean difference is 0 (t-test). Smucker, Allan and Carterette
// (CIKM 2007, "A comparison of statistical significance tests for information retrieval
// evaluation") recommend the randomization test and find the t-test agrees closely.
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace medsearch::eval {

// Fisher's paired randomization (permutation) test. Statistic T = |sum_i s_i d_i| over
// sign assignments s in {-1,+1}^n (swapping a query's two scores flips its sign); the
// p-value is the share of assignments with T >= the observed |sum_i d_i| (with a 1e-12
// relative tolerance for rounding). Queries with d_i = 0 cannot change T and are
// dropped. If 2^n' (n' non-zero differences) <= `permutations`, every assignment is
// enumerated and p is exact; otherwise `permutations` random assignments drawn from
// std::mt19937_64(seed) (a generator the standard fixes bit for bit, so p is the same
// on every platform) give p = (1 + hits) / (1 + permutations), which is never 0
// (Phipson and Smyth, Stat. Appl. Genet. Mol. Biol. 9(1) 2010).
// No differences, or all zero: p = 1.
struct RandomizationTest {
  double p_value = 1.0;
  std::size_t assignments = 0;  // sign assignments evaluated
  bool exact = false;           // all 2^n' enumerated
};
RandomizationTest paired_randomization_test(std::span<const double> diffs, std::size_t permutations,
                                            std::uint64_t seed);

// Student's paired t-test: t = mean(d) / (s_d / sqrt(n)), s_d the sample standard
// deviation (n-1 denominator), df = n-1, p = P(|T_df| >= |t|) two-sided.
// s_d = 0: p = 1 if mean(d) = 0, else t = +-inf and p = 0. n < 2: t = 0, p = NaN
// (undefined; shown as "n/a").
struct TTest {
  double t = 0.0;
  std::size_t df = 0;
  double p_value = 1.0;
};
TTest paired_t_test(std::span<const double> diffs);

// P(|T| >= |t|) for Student's t with df > 0 degrees of freedom:
// I_{df/(df+t^2)}(df/2, 1/2) (Abramowitz and Stegun 26.7.1 with 26.5.27's relation).
double student_t_two_sided_p(double t, double df);

// The regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1, by the
// continued fraction of Abramowitz and Stegun 26.5.8 (evaluated with Lentz's method),
// using I_x(a,b) = 1 - I_{1-x}(b,a) where that converges faster. About 1e-14 accuracy.
double regularized_incomplete_beta(double x, double a, double b);

}  // namespace medsearch::eval
