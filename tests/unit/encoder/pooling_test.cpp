#include "medsearch/encoder/pooling.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/text_embedder.hpp"

namespace medsearch::encoder {
namespace {

// Two sequences of three tokens, dim 2; the second has one pad at the end.
const std::vector<float> kHidden = {1, 2, 3, 4, 5, 6,  //
                                    -1, 0, 1, 10, 100, 1000};
const std::vector<std::int32_t> kMask = {1, 1, 1, 1, 1, 0};

TEST(Pooling, ClsTakesTheFirstToken) {
  std::vector<float> out(4);
  pool(kHidden.data(), kMask, 2, 3, 2, Pooling::Cls, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 2, -1, 0}));
}

TEST(Pooling, MeanSkipsPaddedTokens) {
  std::vector<float> out(4);
  pool(kHidden.data(), kMask, 2, 3, 2, Pooling::Mean, out.data());
  EXPECT_EQ(out, (std::vector<float>{3, 4, 0, 5}));  // (1+3+5)/3, (2+4+6)/3; (-1+1)/2, (0+10)/2
}

TEST(Pooling, MeanOfAnAllPadRowIsZero) {
  std::vector<float> out(2, 7.0f);
  const std::vector<std::int32_t> mask = {0, 0, 0};
  pool(kHidden.data(), mask, 1, 3, 2, Pooling::Mean, out.data());
  EXPECT_EQ(out, (std::vector<float>{0, 0}));
}

TEST(Pooling, NamesRoundTrip) {
  EXPECT_EQ(parse_pooling("cls", "test"), Pooling::Cls);
  EXPECT_EQ(parse_pooling("mean", "test"), Pooling::Mean);
  EXPECT_EQ(pooling_name(Pooling::Mean), "mean");
  try {
    (void)parse_pooling("max", "--pooling");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("--pooling"), std::string::npos);
  }
}

TEST(Pooling, NormalisedRowsHaveUnitNorm) {
  std::vector<float> rows = {3, 4, 0, 0};
  l2_normalise_rows(rows.data(), 2, 2);
  EXPECT_FLOAT_EQ(rows[0], 0.6f);
  EXPECT_FLOAT_EQ(rows[1], 0.8f);
  EXPECT_EQ(rows[2], 0.0f);
}

}  // namespace
}  // namespace medsearch::encoder
