// Helpers for the transformer tests: the fixtures written by
// scripts/make_encoder_fixtures.py (tests/data/encoder/<model>/) and the error norm.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

namespace medsearch::encoder::testing {

// The fixture models every forward-pass suite runs on (tests/data/encoder): bert-tiny
// (float32, "bert." names, pooler tensors), xlmr-tiny-f16 (float16, pad id 1, shifted
// positions), bert-tiny-bf16-tanh (bfloat16, tanh GELU).
inline const auto kFixtureModels = ::testing::Values("bert-tiny", "xlmr-tiny-f16", "bert-tiny-bf16-tanh");

// A GoogleTest parameter name for a fixture model ("bert-tiny" → "bert_tiny").
inline std::string fixture_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

inline std::filesystem::path fixture_dir(const std::string& model) {
  return std::filesystem::path(MEDSEARCH_TESTS_DIR) / "data" / "encoder" / model;
}

struct ForwardFixture {
  std::size_t batch = 0;
  std::size_t seq_len = 0;
  std::size_t hidden = 0;
  std::vector<std::int32_t> ids;   // [batch, seq_len]
  std::vector<std::int32_t> mask;  // [batch, seq_len]
  std::vector<float> expected;     // [batch, seq_len, hidden]
};

inline ForwardFixture load_forward_fixture(const std::string& model) {
  const auto dir = fixture_dir(model);
  const auto inputs = nlohmann::json::parse(medsearch::testing::read_file((dir / "inputs.json").string()));
  ForwardFixture f;
  f.batch = inputs["batch"].get<std::size_t>();
  f.seq_len = inputs["seq_len"].get<std::size_t>();
  f.hidden = inputs["hidden"].get<std::size_t>();
  f.ids = inputs["ids"].get<std::vector<std::int32_t>>();
  f.mask = inputs["mask"].get<std::vector<std::int32_t>>();
  const std::string raw = medsearch::testing::read_file((dir / "last_hidden_state.f32").string());
  f.expected.resize(raw.size() / sizeof(float));
  std::memcpy(f.expected.data(), raw.data(), f.expected.size() * sizeof(float));
  return f;
}

// The error norm of the encoder tests: ‖got − expected‖₂ / ‖expected‖₂ over one vector
// (a token's hidden state or a pooled text vector). Rows after LayerNorm have norm about
// √hidden, so this is not dominated by near-zero entries as an element-wise ratio would be.
inline double relative_l2(const float* got, const float* expected, std::size_t n) {
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < n; ++i) {
    diff += (double(got[i]) - expected[i]) * (double(got[i]) - expected[i]);
    norm += double(expected[i]) * expected[i];
  }
  return norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
}

// The tolerance the brief sets for float32 C++ against the float64 reference.
constexpr double kRelativeTolerance = 1e-4;

// Copies a fixture model directory's files into `dir` (a TempDir path) so a test can edit them.
inline void copy_model(const std::string& model, const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir(model))) {
    std::filesystem::copy(entry.path(), dir / entry.path().filename(),
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  }
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace medsearch::encoder::testing
