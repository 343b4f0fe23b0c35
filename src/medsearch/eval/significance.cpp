#include "medsearch/eval/significance.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace medsearch::eval {
namespace {

// The continued fraction of A&S 26.5.8: I_x(a,b) = front / (1 + d1/(1 + d2/(1 + ...))),
// d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), d_{2m} = m(b-m)x / ((a+2m-1)(a+2m)).
// Lentz's method evaluates it front to back, guarding zero denominators with kTiny.
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  constexpr int kMaxTerms = 10000;
  // K = 1 + d1/(1 + d2/(1 + ...)) by Lentz: f_0 = C_0 = 1, D_0 = 0; the result is 1/K.
  double c = 1.0;
  double d = 0.0;
  double f = 1.0;
  for (int j = 1; j <= kMaxTerms; ++j) {
    const int m = j / 2;
    const double coeff = (j % 2 == 1)
                             ? -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
                             : m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 + coeff * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + coeff / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1.0) < kEps) break;
  }
  return 1.0 / f;
}

// d.size() <= 64: bit i of the mask negates d[i].
double sum_with_signs(const std::vector<double>& d, std::uint64_t negate_mask) {
  double sum = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) sum += ((negate_mask >> i) & 1U) != 0 ? -d[i] : d[i];
  return sum;
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  // x^a (1-x)^b / (a B(a,b)), in logs to avoid overflow for large a, b.
  const double log_front =
      a * std::log(x) + b * std::log1p(-x) - (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(1.0 - x, b, a) / b;
}

double student_t_two_sided_p(double t, double df) {
  if (std::isinf(t)) return 0.0;
  return regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
}

TTest paired_t_test(std::span<const double> diffs) {
  TTest result;
  const std::size_t n = diffs.size();
  if (n < 2) {
    result.p_value = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  double mean = 0.0;
  for (double d : diffs) mean += d;
  mean /= static_cast<double>(n);
  double squares = 0.0;  // two passes: no cancellation from sum(d^2) - n mean^2
  for (double d : diffs) squares += (d - mean) * (d - mean);
  const double sd = std::sqrt(squares / static_cast<double>(n - 1));
  result.df = n - 1;
  if (sd == 0.0) {
    if (mean == 0.0) return result;  // t = 0, p = 1
    result.t = mean > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    result.p_value = 0.0;
    return result;
  }
  result.t = mean / (sd / std::sqrt(static_cast<double>(n)));
  result.p_value = student_t_two_sided_p(result.t, static_cast<double>(result.df));
  return result;
}

RandomizationTest paired_randomization_test(std::span<const double> diffs, std::size_t permutations,
                                            std::uint64_t seed) {
  std::vector<double> d;
  double magnitude = 0.0;
  for (double x : diffs) {
    if (x != 0.0) d.push_back(x);
    magnitude += std::fabs(x);
  }
  RandomizationTest result;
  if (d.empty()) {
    result.assignments = 1;
    result.exact = true;
    return result;
  }
  double observed_sum = 0.0;  // same order as the sums below: the identity assignment reproduces it exactly
  for (double x : d) observed_sum += x;
  const double observed = std::fabs(observed_sum) - 1e-12 * magnitude;
  std::size_t hits = 0;
  constexpr std::size_t kMaxExactBits = 40;  // 2^40 is beyond any sensible permutation count
  if (d.size() <= kMaxExactBits && (std::uint64_t{1} << d.size()) <= permutations) {
    const std::uint64_t total = std::uint64_t{1} << d.size();
    for (std::uint64_t mask = 0; mask < total; ++mask) {
      if (std::fabs(sum_with_signs(d, mask)) >= observed) ++hits;
    }
    result.assignments = total;
    result.exact = true;
    result.p_value = static_cast<double>(hits) / static_cast<double>(total);
    return result;
  }
  // One 64-bit draw gives the signs of 64 queries; raw engine output, not a
  // distribution, since distributions are implementation-defined.
  std::mt19937_64 rng(seed);
  for (std::size_t p = 0; p < permutations; ++p) {
    double sum = 0.0;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (i % 64 == 0) bits = rng();
      sum += (bits & 1U) != 0 ? -d[i] : d[i];
      bits >>= 1;
    }
    if (std::fabs(sum) >= observed) ++hits;
  }
  result.assignments = permutations;
  result.p_value = static_cast<double>(hits + 1) / static_cast<double>(permutations + 1);
  return result;
}

}  // namespace medsearch::eval
