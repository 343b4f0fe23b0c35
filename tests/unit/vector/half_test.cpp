#include "medsearch/vector/half.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace medsearch::vector {
namespace {

bool is_finite_half(std::uint16_t h) { return (h & 0x7c00u) != 0x7c00u; }
bool is_nan_half(std::uint16_t h) { return (h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0; }

TEST(Half, EveryFiniteHalfRoundTripsExactly) {
  for (std::uint32_t h = 0; h <= 0xffff; ++h) {
    const auto half = static_cast<std::uint16_t>(h);
    const float f = half_to_float(half);
    if (is_finite_half(half)) {
      ASSERT_TRUE(std::isfinite(f)) << h;
      ASSERT_EQ(float_to_half(f), half) << h;
    } else if (is_nan_half(half)) {
      ASSERT_TRUE(std::isnan(f)) << h;
      ASSERT_TRUE(is_nan_half(float_to_half(f))) << h;
      ASSERT_EQ(float_to_half(f) & 0x8000u, half & 0x8000u) << h;
    } else {
      ASSERT_TRUE(std::isinf(f)) << h;
      ASSERT_EQ(float_to_half(f), half) << h;
    }
  }
}

TEST(Half, DecodesKnownValues) {
  EXPECT_EQ(half_to_float(0x3c00), 1.0f);
  EXPECT_EQ(half_to_float(0xc000), -2.0f);
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(half_to_float(0x03ff), std::ldexp(1023.0f, -24));  // largest subnormal
  EXPECT_EQ(half_to_float(0x0400), std::ldexp(1.0f, -14));  // smallest normal
  EXPECT_TRUE(std::signbit(half_to_float(0x8000)));
  EXPECT_EQ(half_to_float(0x7c00), std::numeric_limits<float>::infinity());
}

TEST(Half, RoundsToNearestTiesToEven) {
  EXPECT_EQ(float_to_half(1.0f), 0x3c00);
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00);      // tie -> even mantissa 0
  EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);  // tie -> even mantissa 2
  EXPECT_EQ(float_to_half(std::nextafter(1.0f + std::ldexp(1.0f, -11), 2.0f)), 0x3c01);
  EXPECT_EQ(float_to_half(65504.0f), 0x7bff);
  EXPECT_EQ(float_to_half(std::nextafter(65520.0f, 0.0f)), 0x7bff);
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00);  // tie with 2^16 -> infinity
  EXPECT_EQ(float_to_half(-1e10f), 0xfc00);
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -25)), 0x0000);  // tie between 0 and 2^-24 -> 0
  EXPECT_EQ(float_to_half(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
  EXPECT_EQ(float_to_half(3 * std::ldexp(1.0f, -25)), 0x0002);  // tie -> even 2
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -14) - std::ldexp(1.0f, -25)), 0x0400);  // rounds up to the smallest normal
  EXPECT_EQ(float_to_half(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::denorm_min()), 0x0000);
  EXPECT_EQ(float_to_half(-std::numeric_limits<float>::infinity()), 0xfc00);
  EXPECT_TRUE(is_nan_half(float_to_half(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(is_nan_half(float_to_half(std::bit_cast<float>(0x7f800001u))));  // signalling, low payload
}

// Over a spread of float bit patterns: the result is the nearest half (ties to even).
TEST(Half, ConversionIsTheNearestHalf) {
  for (std::uint64_t bits = 0; bits < 0x477ff000u; bits += 4099) {
    const float f = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    const std::uint16_t h = float_to_half(f);
    const double error = std::fabs(double{half_to_float(h)} - f);
    if (h > 0) {
      const double down = std::fabs(double{half_to_float(h - 1)} - f);
      ASSERT_LE(error, down) << bits;
      if (error == down) {
        ASSERT_EQ(h & 1, 0) << bits;
      }
    }
    if (h < 0x7bff) {
      const double up = std::fabs(double{half_to_float(h + 1)} - f);
      ASSERT_LE(error, up) << bits;
      if (error == up) {
        ASSERT_EQ(h & 1, 0) << bits;  // a tie went to the even half
      }
    }
  }
}

// The bulk versions (F16C when the CPU has it) agree bit for bit with the scalar ones.
TEST(Half, BulkMatchesScalar) {
  std::vector<std::uint16_t> all(0x10000);
  for (std::uint32_t h = 0; h <= 0xffff; ++h) all[h] = static_cast<std::uint16_t>(h);
  std::vector<float> floats(all.size());
  halves_to_floats(all.data(), floats.data(), all.size());
  for (std::uint32_t h = 0; h <= 0xffff; ++h) {
    ASSERT_EQ(std::bit_cast<std::uint32_t>(floats[h]), std::bit_cast<std::uint32_t>(half_to_float(all[h]))) << h;
  }
  std::mt19937 rng(7);
  std::vector<float> values;
  for (int i = 0; i < 100000; ++i) values.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(rng())));
  for (float f : {0.0f, -0.0f, 65504.0f, 65520.0f, std::ldexp(1.0f, -25), std::ldexp(3.0f, -25),
                  std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
    values.push_back(f);
  }
  values.push_back(1.5f);  // odd length: the bulk tail path
  std::vector<std::uint16_t> halves(values.size());
  floats_to_halves(values.data(), halves.data(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(halves[i], float_to_half(values[i])) << std::bit_cast<std::uint32_t>(values[i]);
  }
  RecordProperty("f16c", half_uses_f16c() ? "yes" : "no");
}

}  // namespace
}  // namespace medsearch::vector
