// The CUDA forward pass (encoder/cuda/) against the CPU one (TransformerModel) and the
// float64 PyTorch references, on the fixture models of tests/data/encoder/. Label gpu:
// run on a GPU machine with `ctest --preset dev -L gpu`; every test skips, saying why,
// when the CUDA runtime finds no device (cudaGetDeviceCount fails or returns 0).
//
// With ASan (the dev preset) the CUDA driver needs ASAN_OPTIONS=protect_shadow_gap=0
// (google/sanitizers#629), which tests/CMakeLists.txt sets for ctest; set it yourself when
// running this binary by hand.
#include "medsearch/encoder/cuda/cuda_transformer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/transformer_embedder.hpp"
#include "medsearch/encoder/transformer_model.hpp"
#include "unit/encoder/encoder_fixtures.hpp"

namespace medsearch::encoder {
namespace {

using testing::fixture_dir;
using testing::kRelativeTolerance;
using testing::load_forward_fixture;
using testing::relative_l2;

#define SKIP_WITHOUT_GPU()                                                   \
  do {                                                                       \
    std::string reason_;                                                     \
    if (!CudaTransformer::available(&reason_)) GTEST_SKIP() << reason_;      \
  } while (0)

// Worst relative L2 error over the unpadded token rows of [rows, hidden] outputs.
double worst_error(const std::vector<float>& got, const std::vector<float>& want, const std::vector<std::int32_t>& mask,
                   std::size_t hidden) {
  double worst = 0;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    if (mask[i] == 0) continue;
    worst = std::max(worst, relative_l2(got.data() + i * hidden, want.data() + i * hidden, hidden));
  }
  return worst;
}

class GpuFixtureModel : public ::testing::TestWithParam<std::string> {};

TEST_P(GpuFixtureModel, MatchesCpuAndPyTorchReference) {
  SKIP_WITHOUT_GPU();
  const auto f = load_forward_fixture(GetParam());
  const TransformerModel model = TransformerModel::load(fixture_dir(GetParam()));
  const CudaTransformer gpu(model);
  EXPECT_EQ(gpu.hidden_size(), f.hidden);
  std::vector<float> cpu_out(f.batch * f.seq_len * f.hidden), gpu_out(cpu_out.size());
  model.forward(f.ids, f.mask, f.batch, f.seq_len, cpu_out.data());
  gpu.forward(f.ids, f.mask, f.batch, f.seq_len, gpu_out.data());
  EXPECT_LT(worst_error(gpu_out, cpu_out, f.mask, f.hidden), kRelativeTolerance) << gpu.device_name();
  EXPECT_LT(worst_error(gpu_out, f.expected, f.mask, f.hidden), kRelativeTolerance) << gpu.device_name();
}

// Random ids, every length from 1 to the model's maximum, and one row whose pads are in
// the middle (RoBERTa position ids count real tokens only): the kernels' edge cases
// (T not a multiple of 32, a single live key, masked keys between live ones).
TEST_P(GpuFixtureModel, RandomBatchesMatchCpu) {
  SKIP_WITHOUT_GPU();
  const TransformerModel model = TransformerModel::load(fixture_dir(GetParam()));
  const CudaTransformer gpu(model);
  const std::size_t h = model.hidden_size();
  const std::size_t max_len = model.max_sequence_length();
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int32_t> token(3, static_cast<std::int32_t>(model.config().vocab_size) - 1);
  for (std::size_t seq_len : {std::size_t{1}, std::size_t{5}, std::size_t{33}, max_len}) {
    const std::size_t batch = 6;
    std::vector<std::int32_t> ids(batch * seq_len), mask(batch * seq_len, 0);
    for (std::size_t b = 0; b < batch; ++b) {
      const std::size_t len = std::max<std::size_t>(1, seq_len - (b * seq_len) / batch);
      for (std::size_t t = 0; t < seq_len; ++t) {
        ids[b * seq_len + t] = token(rng);
        mask[b * seq_len + t] = t < len ? 1 : 0;
      }
    }
    if (seq_len >= 5) mask[(batch - 1) * seq_len + 2] = 0;  // a pad between real tokens
    std::vector<float> cpu_out(batch * seq_len * h), gpu_out(cpu_out.size());
    model.forward(ids, mask, batch, seq_len, cpu_out.data());
    gpu.forward(ids, mask, batch, seq_len, gpu_out.data());
    EXPECT_LT(worst_error(gpu_out, cpu_out, mask, h), kRelativeTolerance) << "seq_len " << seq_len;
  }
}

TEST_P(GpuFixtureModel, BatchedEqualsOneAtATime) {
  SKIP_WITHOUT_GPU();
  const auto f = load_forward_fixture(GetParam());
  const CudaTransformer gpu(TransformerModel::load(fixture_dir(GetParam())));  // the model may go away
  std::vector<float> batched(f.batch * f.seq_len * f.hidden);
  gpu.forward(f.ids, f.mask, f.batch, f.seq_len, batched.data());
  for (std::size_t b = 0; b < f.batch; ++b) {
    std::size_t len = 0;
    while (len < f.seq_len && f.mask[b * f.seq_len + len] != 0) ++len;
    const std::span<const std::int32_t> ids(f.ids.data() + b * f.seq_len, len);
    const std::vector<std::int32_t> mask(len, 1);
    std::vector<float> alone(len * f.hidden);
    gpu.forward(ids, mask, 1, len, alone.data());
    for (std::size_t t = 0; t < len; ++t) {
      EXPECT_LT(relative_l2(alone.data() + t * f.hidden, batched.data() + (b * f.seq_len + t) * f.hidden, f.hidden),
                kRelativeTolerance)
          << "sequence " << b << " token " << t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Encoder, GpuFixtureModel, medsearch::encoder::testing::kFixtureModels,
                         medsearch::encoder::testing::fixture_test_name);

TEST(CudaTransformer, RejectsBadInputsAsTheCpuDoes) {
  SKIP_WITHOUT_GPU();
  const TransformerModel model = TransformerModel::load(fixture_dir("bert-tiny"));
  const CudaTransformer gpu(model);
  std::vector<float> out(2 * 3 * model.hidden_size());
  const std::vector<std::int32_t> ok_mask{1, 1, 0, 1, 0, 0};
  const auto code_of = [&](const std::vector<std::int32_t>& ids, const std::vector<std::int32_t>& mask,
                           std::size_t batch, std::size_t seq_len) {
    try {
      gpu.forward(ids, mask, batch, seq_len, out.data());
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::Io;  // "no error"
  };
  EXPECT_EQ(code_of({5, 6, 7, 8, 9}, ok_mask, 2, 3), ErrorCode::InvalidArgument);           // sizes
  EXPECT_EQ(code_of({5, 6, 7, 8, 100, 9}, ok_mask, 2, 3), ErrorCode::InvalidArgument);      // id >= vocab
  EXPECT_EQ(code_of({5, 6, 7, 8, -1, 9}, ok_mask, 2, 3), ErrorCode::InvalidArgument);       // negative id
  EXPECT_EQ(code_of({5, 6, 7, 8, 9, 9}, {1, 1, 0, 0, 0, 0}, 2, 3), ErrorCode::InvalidArgument);  // all-pad row
  const std::size_t too_long = model.max_sequence_length() + 1;
  EXPECT_EQ(code_of(std::vector<std::int32_t>(too_long, 5), std::vector<std::int32_t>(too_long, 1), 1, too_long),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(code_of({5, 6, 7, 8, 9, 9}, ok_mask, 2, 3), ErrorCode::Io);  // and still works
}

TEST(CudaTransformer, ConcurrentCallersGetTheSerialResult) {
  SKIP_WITHOUT_GPU();
  const auto f = load_forward_fixture("xlmr-tiny-f16");
  const TransformerModel model = TransformerModel::load(fixture_dir("xlmr-tiny-f16"));
  const CudaTransformer gpu(model);
  std::vector<float> serial(f.batch * f.seq_len * f.hidden);
  gpu.forward(f.ids, f.mask, f.batch, f.seq_len, serial.data());
  std::vector<std::vector<float>> outs(4, std::vector<float>(serial.size()));
  std::vector<std::thread> threads;
  for (auto& o : outs) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) gpu.forward(f.ids, f.mask, f.batch, f.seq_len, o.data());
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& o : outs) EXPECT_LT(worst_error(o, serial, f.mask, f.hidden), 1e-6);
}

TEST(CudaTransformer, EmbedderOnCudaMatchesCpu) {
  SKIP_WITHOUT_GPU();
  const std::vector<std::string> texts = {"aspirin", "myocardial infarction after statins",
                                          "the quick brown fox jumps over the lazy dog again and again", ""};
  TransformerEmbedderOptions options;
  options.pooling = Pooling::Mean;
  options.batch_size = 3;
  options.device = "cpu";
  const TransformerEmbedder cpu(fixture_dir("bert-tiny"), options);
  options.device = "cuda";
  const TransformerEmbedder cuda(fixture_dir("bert-tiny"), options);
  options.device = "auto";
  const TransformerEmbedder automatic(fixture_dir("bert-tiny"), options);
  EXPECT_STREQ(cpu.device(), "cpu");
  EXPECT_STREQ(cuda.device(), "cuda");
  EXPECT_STREQ(automatic.device(), "cuda");
  EXPECT_EQ(cpu.model_id(), cuda.model_id());
  const std::size_t dim = cpu.dim();
  std::vector<float> a(texts.size() * dim), b(a.size());
  cpu.embed(texts, TextRole::Passage, a.data());
  cuda.embed(texts, TextRole::Passage, b.data());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_LT(relative_l2(b.data() + i * dim, a.data() + i * dim, dim), kRelativeTolerance) << "text " << i;
  }
}

// Runs where there is no GPU (the one test here that does): asking for "cuda" is
// Error(Unavailable) with the reason.
TEST(CudaTransformer, CudaWithoutDeviceIsUnavailable) {
  std::string reason;
  if (CudaTransformer::available(&reason)) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_FALSE(reason.empty());
  TransformerEmbedderOptions options;
  options.device = "cuda";
  try {
    TransformerEmbedder(fixture_dir("bert-tiny"), options);
    FAIL() << "expected Error(Unavailable)";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Unavailable);
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
  try {
    const CudaTransformer gpu(TransformerModel::load(fixture_dir("bert-tiny")));
    FAIL() << "expected Error(Unavailable)";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Unavailable);
  }
}

}  // namespace
}  // namespace medsearch::encoder
