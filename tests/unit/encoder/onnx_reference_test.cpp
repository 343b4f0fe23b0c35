// The C++ forward pass against the shared tiny-random-bert-ref (../shared/models): its ONNX
// graph is converted to a Hugging Face directory by tests/data/encoder/onnx_to_safetensors.py
// (python3-onnx, numpy) at test time, then the last hidden state is compared with the
// reference output on unpadded positions. Skips when ../shared or python3-onnx is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "encoder_fixtures.hpp"
#include "medsearch/encoder/transformer_model.hpp"

namespace medsearch::encoder {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

template <typename T>
std::vector<T> read_raw(const std::filesystem::path& path) {
  const std::string bytes = medsearch::testing::read_file(path.string());
  std::vector<T> out(bytes.size() / sizeof(T));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
  return out;
}

TEST(OnnxReference, TinyRandomBertMatchesReferenceOutput) {
  const std::filesystem::path ref = std::filesystem::path(MEDSEARCH_SHARED_DIR) / "models" / "tiny-random-bert-ref";
  if (!std::filesystem::exists(ref / "tiny_bert.onnx")) GTEST_SKIP() << "no shared model at " << ref;
  if (std::system((std::string(kPython) + " -c 'import onnx, numpy' >/dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << kPython << " lacks onnx or numpy (Debian: python3-onnx python3-numpy)";
  }
  medsearch::testing::TempDir tmp;
  const std::string script = std::string(MEDSEARCH_TESTS_DIR) + "/data/encoder/onnx_to_safetensors.py";
  const std::string model_dir = tmp.file("model");
  const std::string log = tmp.file("convert.log");
  const std::string command = std::string(kPython) + " '" + script + "' '" + (ref / "tiny_bert.onnx").string() +
                              "' '" + model_dir + "' >'" + log + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command << "\n" << medsearch::testing::read_file(log);

  const TransformerModel model = TransformerModel::load(model_dir);
  EXPECT_EQ(model.config().num_attention_heads, 4u);
  EXPECT_EQ(model.config().intermediate_size, 256u);
  EXPECT_FLOAT_EQ(model.config().layer_norm_eps, 1e-12f);

  const auto ids64 = read_raw<std::int64_t>(ref / "ids.i64");
  const auto mask64 = read_raw<std::int64_t>(ref / "mask.i64");
  const auto expected = read_raw<float>(ref / "ref_out.f32");
  const std::size_t batch = 2, seq_len = 8, hidden = model.hidden_size();
  ASSERT_EQ(ids64.size(), batch * seq_len);
  ASSERT_EQ(expected.size(), batch * seq_len * hidden);
  const std::vector<std::int32_t> ids(ids64.begin(), ids64.end());
  const std::vector<std::int32_t> mask(mask64.begin(), mask64.end());

  std::vector<float> out(expected.size());
  model.forward(ids, mask, batch, seq_len, out.data());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < batch * seq_len; ++i) {
    if (mask[i] == 0) continue;
    ++compared;
    EXPECT_LT(testing::relative_l2(out.data() + i * hidden, expected.data() + i * hidden, hidden),
              testing::kRelativeTolerance)
        << "position " << i;
  }
  EXPECT_EQ(compared, 14u);
}

}  // namespace
}  // namespace medsearch::encoder
