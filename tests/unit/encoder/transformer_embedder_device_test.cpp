// TransformerEmbedderOptions::device on any machine: its validation and where "auto" and
// "cpu" put the forward pass. The GPU itself is tested by tests/gpu/ (label gpu).
#include <gtest/gtest.h>

#include <string>

#include "encoder_fixtures.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/encoder/cuda/cuda_transformer.hpp"
#include "medsearch/encoder/transformer_embedder.hpp"

namespace medsearch::encoder {
namespace {

using testing::fixture_dir;

ErrorCode error_of(const TransformerEmbedderOptions& options) {
  try {
    TransformerEmbedder(fixture_dir("bert-tiny"), options);
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::Io;  // "no error"
}

TEST(TransformerEmbedderDevice, UnknownDeviceIsInvalid) {
  TransformerEmbedderOptions options;
  options.device = "gpu";
  EXPECT_EQ(error_of(options), ErrorCode::InvalidArgument);
}

TEST(TransformerEmbedderDevice, CpuAndAuto) {
  TransformerEmbedderOptions options;
  options.device = "cpu";
  EXPECT_STREQ(TransformerEmbedder(fixture_dir("bert-tiny"), options).device(), "cpu");
  options.device = "auto";
  EXPECT_STREQ(TransformerEmbedder(fixture_dir("bert-tiny"), options).device(),
               CudaTransformer::available() ? "cuda" : "cpu");
}

TEST(TransformerEmbedderDevice, CudaWithoutDeviceIsUnavailable) {
  std::string reason;
  if (CudaTransformer::available(&reason)) GTEST_SKIP() << "a CUDA device is present";
  TransformerEmbedderOptions options;
  options.device = "cuda";
  EXPECT_EQ(error_of(options), ErrorCode::Unavailable);
}

}  // namespace
}  // namespace medsearch::encoder
