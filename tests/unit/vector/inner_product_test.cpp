#include "medsearch/vector/inner_product.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "medsearch/vector/half.hpp"

namespace medsearch::vector {
namespace {

// Lengths around the SIMD blocks (8 and 32 floats) exercise every tail.
TEST(InnerProduct, MatchesADoubleSumForEveryLength) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal;
  for (std::size_t n = 0; n <= 70; ++n) {
    std::vector<float> a(n), b(n);
    for (auto& v : a) v = normal(rng);
    for (auto& v : b) v = normal(rng);
    std::vector<std::uint16_t> ha(n), hb(n);
    floats_to_halves(a.data(), ha.data(), n);
    floats_to_halves(b.data(), hb.data(), n);
    double exact = 0, exact_half = 0, exact_halves = 0;
    for (std::size_t i = 0; i < n; ++i) {
      exact += double{a[i]} * b[i];
      exact_half += double{a[i]} * half_to_float(hb[i]);
      exact_halves += double{half_to_float(ha[i])} * half_to_float(hb[i]);
    }
    EXPECT_NEAR(inner_product(a.data(), b.data(), n), exact, 1e-5) << n;
    EXPECT_NEAR(inner_product_half(a.data(), hb.data(), n), exact_half, 1e-5) << n;
    EXPECT_NEAR(inner_product_halves(ha.data(), hb.data(), n), exact_halves, 1e-5) << n;
    // Converting first gives the same bits: the conversion is exact and the order the same.
    std::vector<float> fb(n);
    halves_to_floats(hb.data(), fb.data(), n);
    EXPECT_EQ(inner_product_half(a.data(), hb.data(), n), inner_product(a.data(), fb.data(), n)) << n;
  }
  RecordProperty("avx2", inner_product_uses_avx2() ? "yes" : "no");
}

}  // namespace
}  // namespace medsearch::vector
