// The C++ forward pass against float64 PyTorch references (tests/data/encoder/, written by
// scripts/make_encoder_fixtures.py), batched against one-at-a-time, and the load errors.
#include "medsearch/encoder/transformer_model.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "encoder_fixtures.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

using medsearch::testing::TempDir;
using testing::copy_model;
using testing::fixture_dir;
using testing::kRelativeTolerance;
using testing::load_forward_fixture;
using testing::relative_l2;

// Worst relative L2 error over the unpadded token rows of a [batch, seq_len, hidden] output.
double worst_error(const std::vector<float>& got, const testing::ForwardFixture& f) {
  double worst = 0;
  for (std::size_t i = 0; i < f.batch * f.seq_len; ++i) {
    if (f.mask[i] == 0) continue;
    worst = std::max(worst, relative_l2(got.data() + i * f.hidden, f.expected.data() + i * f.hidden, f.hidden));
  }
  return worst;
}

class FixtureModel : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureModel, MatchesPyTorchReference) {
  const auto f = load_forward_fixture(GetParam());
  const TransformerModel model = TransformerModel::load(fixture_dir(GetParam()));
  ASSERT_EQ(model.hidden_size(), f.hidden);
  std::vector<float> out(f.batch * f.seq_len * f.hidden);
  model.forward(f.ids, f.mask, f.batch, f.seq_len, out.data());
  EXPECT_LT(worst_error(out, f), kRelativeTolerance);
}

TEST_P(FixtureModel, BatchedEqualsOneAtATime) {
  const auto f = load_forward_fixture(GetParam());
  const TransformerModel model = TransformerModel::load(fixture_dir(GetParam()));
  std::vector<float> batched(f.batch * f.seq_len * f.hidden);
  ForwardWorkspace ws;
  model.forward(f.ids, f.mask, f.batch, f.seq_len, batched.data(), ws);
  for (std::size_t b = 0; b < f.batch; ++b) {
    std::size_t len = 0;
    while (len < f.seq_len && f.mask[b * f.seq_len + len] != 0) ++len;
    const std::span<const std::int32_t> ids(f.ids.data() + b * f.seq_len, len);
    const std::vector<std::int32_t> mask(len, 1);
    std::vector<float> alone(len * f.hidden);
    model.forward(ids, mask, 1, len, alone.data(), ws);  // the same workspace, reused
    for (std::size_t t = 0; t < len; ++t) {
      const float* row = batched.data() + (b * f.seq_len + t) * f.hidden;
      EXPECT_LT(relative_l2(alone.data() + t * f.hidden, row, f.hidden), kRelativeTolerance)
          << "sequence " << b << " token " << t;
    }
  }
}

TEST_P(FixtureModel, ThreadCountsAgree) {
  const auto f = load_forward_fixture(GetParam());
  const TransformerModel model = TransformerModel::load(fixture_dir(GetParam()));
  std::vector<float> one(f.batch * f.seq_len * f.hidden), two(one.size());
  ForwardWorkspace ws1, ws2;
  ws1.threads = 1;
  ws2.threads = 2;
  model.forward(f.ids, f.mask, f.batch, f.seq_len, one.data(), ws1);
  model.forward(f.ids, f.mask, f.batch, f.seq_len, two.data(), ws2);
  EXPECT_LT(worst_error(one, f), kRelativeTolerance);
  EXPECT_LT(worst_error(two, f), kRelativeTolerance);
}

// bert-tiny: float32, "bert." names, pooler tensors; xlmr-tiny-f16: float16, pad id 1 and
// shifted positions; bert-tiny-bf16-tanh: bfloat16, tanh GELU.
INSTANTIATE_TEST_SUITE_P(Encoder, FixtureModel, medsearch::encoder::testing::kFixtureModels,
                         medsearch::encoder::testing::fixture_test_name);

TEST(TransformerModel, PaddingDoesNotChangeRealTokens) {
  // The XLM-R fixture's short rows again, with extra padding and pad ids that differ from
  // the model's: only the mask may matter.
  const auto f = load_forward_fixture("xlmr-tiny-f16");
  const TransformerModel model = TransformerModel::load(fixture_dir("xlmr-tiny-f16"));
  const std::size_t b = 2, len = 5, padded = 9;
  std::vector<std::int32_t> ids(padded, 7), mask(padded, 0);
  for (std::size_t t = 0; t < len; ++t) {
    ids[t] = f.ids[b * f.seq_len + t];
    mask[t] = 1;
  }
  ASSERT_EQ(f.mask[b * f.seq_len + len], 0);
  std::vector<float> out(padded * f.hidden);
  model.forward(ids, mask, 1, padded, out.data());
  for (std::size_t t = 0; t < len; ++t) {
    EXPECT_LT(relative_l2(out.data() + t * f.hidden, f.expected.data() + (b * f.seq_len + t) * f.hidden, f.hidden),
              kRelativeTolerance);
  }
}

ErrorCode load_error(const std::filesystem::path& dir, std::string* message) {
  try {
    (void)TransformerModel::load(dir);
  } catch (const Error& e) {
    *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "no error loading " << dir;
  return ErrorCode::Unavailable;
}

void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to) {
  std::string text = medsearch::testing::read_file(path.string());
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  testing::write_text(path, text);
}

TEST(TransformerModel, ShapeMismatchNamesTensorAndShapes) {
  TempDir tmp;
  copy_model("bert-tiny", tmp.path());
  replace_in_file(std::filesystem::path(tmp.path()) / "config.json", "\"intermediate_size\": 64",
                  "\"intermediate_size\": 48");
  std::string message;
  EXPECT_EQ(load_error(tmp.path(), &message), ErrorCode::Corrupt);
  for (const char* part : {"bert.encoder.layer.0.intermediate.dense.weight", "[64, 32]", "expected [48, 32]",
                           "intermediate_size", "model.safetensors"}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " not in: " << message;
  }
}

TEST(TransformerModel, MissingTensorIsNamed) {
  TempDir tmp;
  copy_model("xlmr-tiny-f16", tmp.path());
  // Drop one entry from the header; the data buffer stays as it was.
  const auto path = std::filesystem::path(tmp.path()) / "model.safetensors";
  const std::string bytes = medsearch::testing::read_file(path.string());
  std::uint64_t header_len = 0;
  std::memcpy(&header_len, bytes.data(), 8);
  auto header = nlohmann::json::parse(bytes.substr(8, header_len));
  ASSERT_EQ(header.erase("encoder.layer.1.output.LayerNorm.bias"), 1u);
  const std::string text = header.dump();
  const std::uint64_t new_len = text.size();
  std::string out(reinterpret_cast<const char*>(&new_len), 8);
  testing::write_text(path, out + text + bytes.substr(8 + header_len));
  std::string message;
  EXPECT_EQ(load_error(tmp.path(), &message), ErrorCode::Corrupt);
  EXPECT_NE(message.find("missing tensor 'encoder.layer.1.output.LayerNorm.bias'"), std::string::npos) << message;
}

TEST(TransformerModel, UnsupportedArchitecture) {
  TempDir tmp;
  copy_model("bert-tiny", tmp.path());
  replace_in_file(std::filesystem::path(tmp.path()) / "config.json", "\"model_type\": \"bert\"",
                  "\"model_type\": \"distilbert\"");
  std::string message;
  EXPECT_EQ(load_error(tmp.path(), &message), ErrorCode::InvalidArgument);
  EXPECT_NE(message.find("unsupported architecture model_type 'distilbert'"), std::string::npos) << message;
}

TEST(TransformerModel, MissingWeightsFileIsNotFound) {
  TempDir tmp;
  std::filesystem::copy(fixture_dir("bert-tiny") / "config.json", std::filesystem::path(tmp.path()) / "config.json");
  std::string message;
  EXPECT_EQ(load_error(tmp.path(), &message), ErrorCode::NotFound);
  EXPECT_NE(message.find("model.safetensors"), std::string::npos) << message;
}

TEST(TransformerModel, RejectsBadInputs) {
  const TransformerModel model = TransformerModel::load(fixture_dir("bert-tiny"));
  std::vector<float> out(64 * 32);
  const auto expect_invalid = [&](std::vector<std::int32_t> ids, std::vector<std::int32_t> mask, std::size_t batch,
                                  std::size_t len, const std::string& part) {
    try {
      model.forward(ids, mask, batch, len, out.data());
      ADD_FAILURE() << "no error for " << part;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  expect_invalid({2, 100, 3}, {1, 1, 1}, 1, 3, "token id 100");
  expect_invalid({2, -1, 3}, {1, 1, 1}, 1, 3, "token id -1");
  expect_invalid({2, 5, 3}, {0, 0, 0}, 1, 3, "no unmasked token");
  expect_invalid({2, 5, 3}, {1, 1}, 1, 3, "mask (2)");
  expect_invalid(std::vector<std::int32_t>(41, 5), std::vector<std::int32_t>(41, 1), 1, 41, "exceeds");
}

TEST(TransformerModel, InMemoryWeightsAreSizeChecked) {
  TransformerConfig config = load_transformer_config(fixture_dir("bert-tiny") / "config.json");
  const SafetensorsFile file(fixture_dir("bert-tiny") / "model.safetensors");
  TransformerWeights weights = load_transformer_weights(file, config);
  weights.layers[1].intermediate.bias.pop_back();
  try {
    TransformerModel model(config, std::move(weights));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("layer 1 intermediate.dense.bias"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace medsearch::encoder
