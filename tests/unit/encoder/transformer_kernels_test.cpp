// The vectorised element-wise kernels (simd_math.hpp through transformer_kernels.hpp)
// against double-precision references, at lengths that exercise both the vector body and
// the scalar tail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "medsearch/encoder/transformer_kernels.hpp"

namespace medsearch::encoder {
namespace {

TEST(TransformerKernels, GeluErfMatchesLibm) {
  std::vector<float> x;
  for (int i = -100000; i <= 100000; i += 7) x.push_back(static_cast<float>(i) * 1e-4f);  // [-10, 10]
  x.push_back(-1e4f);
  x.push_back(1e4f);
  std::vector<float> y = x;
  gelu_erf_inplace(y.data(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    const double ref = 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    ASSERT_NEAR(y[i], ref, 3e-7 * std::max(1.0, std::abs(v))) << "x = " << v;
  }
}

TEST(TransformerKernels, MaskedSoftmaxMatchesDouble) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> score(-30.0f, 30.0f);
  for (std::size_t n : {1u, 3u, 15u, 16u, 17u, 128u, 130u}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<float> s(n);
      std::vector<std::int32_t> mask(n);
      for (std::size_t i = 0; i < n; ++i) {
        s[i] = score(rng);
        mask[i] = rng() % 4 != 0;
      }
      mask[rng() % n] = 1;
      const std::vector<float> in = s;
      masked_softmax_row(s.data(), mask.data(), n);
      // The reference takes the same float argument s − max (its rounding, up to 2e-6
      // relative in e^x for |x| ~ 40, is float's, not the kernel's) and does the rest in double.
      float max = -1e30f;
      for (std::size_t i = 0; i < n; ++i) {
        if (mask[i]) max = std::max(max, in[i]);
      }
      double sum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (mask[i]) sum += std::exp(double(in[i] - max));
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (!mask[i]) {
          EXPECT_EQ(s[i], 0.0f);
          continue;
        }
        const double ref = std::exp(double(in[i] - max)) / sum;
        ASSERT_NEAR(s[i], ref, 1e-6 * ref + 1e-30) << "n = " << n << ", i = " << i;
      }
    }
  }
}

TEST(TransformerKernels, LayerNormMatchesDouble) {
  std::mt19937 rng(5);
  std::normal_distribution<float> value(0.5f, 3.0f);
  for (std::size_t n : {5u, 37u, 384u, 768u}) {
    const std::size_t rows = 3;
    std::vector<float> x(rows * n), gamma(n), beta(n), y(rows * n);
    for (float& v : x) v = value(rng);
    for (float& g : gamma) g = 1.0f + 0.1f * value(rng);
    for (float& b : beta) b = 0.1f * value(rng);
    layer_norm_rows(x.data(), rows, n, gamma.data(), beta.data(), 1e-12f, y.data());
    for (std::size_t r = 0; r < rows; ++r) {
      const float* xr = x.data() + r * n;
      double mean = 0, var = 0;
      for (std::size_t i = 0; i < n; ++i) mean += xr[i];
      mean /= double(n);
      for (std::size_t i = 0; i < n; ++i) var += (xr[i] - mean) * (xr[i] - mean);
      const double inv_std = 1.0 / std::sqrt(var / double(n) + 1e-12);
      for (std::size_t i = 0; i < n; ++i) {
        const double ref = (xr[i] - mean) * inv_std * gamma[i] + beta[i];
        ASSERT_NEAR(y[r * n + i], ref, 2e-6 * std::max(1.0, std::abs(ref))) << "n = " << n;
      }
    }
    // In place gives the same.
    std::vector<float> z = x;
    layer_norm_rows(z.data(), rows, n, gamma.data(), beta.data(), 1e-12f, z.data());
    EXPECT_EQ(z, y);
  }
}

}  // namespace
}  // namespace medsearch::encoder
