#include "medsearch/encoder/safetensors_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "medsearch/core/error.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

using medsearch::testing::TempDir;

std::string u64_le(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::string u16_le(std::uint16_t v) { return {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)}; }

std::string f32_le(float f) {
  std::string s(4, '\0');
  std::memcpy(s.data(), &f, 4);
  return s;
}

std::string file_bytes(const std::string& header, const std::string& data) {
  return u64_le(header.size()) + header + data;
}

// Expects Error(code) whose message contains every one of `parts`.
template <typename F>
void expect_error(F&& f, ErrorCode code, std::initializer_list<std::string> parts) {
  try {
    f();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

TEST(SafetensorsFile, ReadsF32F16Bf16AsFloat) {
  TempDir tmp;
  const std::string data = f32_le(1.5f) + f32_le(-2.25f) + u16_le(0x3c00) + u16_le(0xc000) + u16_le(0x3f80) +
                           u16_le(0x4049);  // 1.0, -2.0 (F16); 1.0, 3.140625 (BF16)
  const std::string header =
      R"({"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("h":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},)"
      R"("b":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]}})";
  const SafetensorsFile file(tmp.write("m.safetensors", file_bytes(header, data)));
  EXPECT_EQ(file.names(), (std::vector<std::string>{"a", "b", "h"}));
  EXPECT_EQ(file.read_f32("a"), (std::vector<float>{1.5f, -2.25f}));
  EXPECT_EQ(file.read_f32("h"), (std::vector<float>{1.0f, -2.0f}));
  EXPECT_EQ(file.read_f32("b"), (std::vector<float>{1.0f, 3.140625f}));
  ASSERT_NE(file.find("h"), nullptr);
  EXPECT_EQ(file.find("h")->shape, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(file.find("h")->element_count(), 2u);
  EXPECT_FALSE(file.contains("__metadata__"));
}

TEST(SafetensorsFile, HalfConversionCoversSpecialValues) {
  EXPECT_EQ(half_to_float(0x0000), 0.0f);
  EXPECT_TRUE(std::signbit(half_to_float(0x8000)));
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);                 // largest normal
  EXPECT_EQ(half_to_float(0x0400), std::ldexp(1.0f, -14));    // smallest normal
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));    // smallest subnormal
  EXPECT_EQ(half_to_float(0x03ff), std::ldexp(1023.0f, -24));  // largest subnormal
  EXPECT_EQ(half_to_float(0x8001), -std::ldexp(1.0f, -24));
  EXPECT_EQ(half_to_float(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(half_to_float(0x7e00)));
  EXPECT_EQ(half_to_float(0x3555), 0.333251953125f);
  EXPECT_EQ(bfloat16_to_float(0xbf80), -1.0f);
  EXPECT_EQ(bfloat16_to_float(0x7f80), std::numeric_limits<float>::infinity());
}

TEST(SafetensorsFile, MissingTensorAndNonFloatDtype) {
  TempDir tmp;
  const std::string header = R"({"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})";
  const SafetensorsFile file(tmp.write("m.safetensors", file_bytes(header, std::string(8, '\0'))));
  expect_error([&] { (void)file.read_f32("nope"); }, ErrorCode::NotFound, {"m.safetensors", "'nope'"});
  expect_error([&] { (void)file.read_f32("i"); }, ErrorCode::InvalidArgument, {"'i'", "I64"});
}

TEST(SafetensorsFile, MissingFileIsNotFound) {
  TempDir tmp;
  expect_error([&] { SafetensorsFile f(tmp.file("absent.safetensors")); }, ErrorCode::NotFound,
               {"absent.safetensors"});
}

TEST(SafetensorsFile, CorruptFilesNameFileAndTensor) {
  TempDir tmp;
  const auto corrupt = [&](const std::string& bytes, std::initializer_list<std::string> parts) {
    const std::string path = tmp.write("bad.safetensors", bytes);
    expect_error([&] { SafetensorsFile f(path); }, ErrorCode::Corrupt, parts);
  };
  corrupt("abc", {"bad.safetensors", "shorter"});
  corrupt(u64_le(1000) + "{}", {"bad.safetensors", "header length"});
  corrupt(file_bytes("{not json", ""), {"bad.safetensors", "JSON"});
  corrupt(file_bytes("[1,2]", ""), {"not a JSON object"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", std::string(4, '\0')),
          {"bad.safetensors", "'w'", "outside the data buffer"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0')),
          {"'w'", "need 12"});
  corrupt(file_bytes(R"({"w":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}})", std::string(8, '\0')),
          {"'w'", "unknown dtype 'F33'"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", std::string(8, '\0')),
          {"'w'", "shape"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", std::string(8, '\0')),
          {"'w'", "data_offsets"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[2]}})", std::string(8, '\0')), {"'w'", "lacks"});
  corrupt(file_bytes(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})",
                     std::string(8, '\0')),
          {"'w'", "overflows"});
}

// Found by the safetensors fuzz target: a tensor with a zero dimension has no elements, and
// reading it handed memcpy the null data() of an empty vector (undefined behaviour; UBSan's
// nonnull-attribute check in the dev preset). An empty tensor reads as no floats.
TEST(SafetensorsFile, ZeroElementTensorsReadAsEmpty) {
  TempDir tmp;
  const std::string header =
      R"({"a":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},)"
      R"("h":{"dtype":"F16","shape":[0],"data_offsets":[0,0]},)"
      R"("b":{"dtype":"BF16","shape":[2,0],"data_offsets":[0,0]},)"
      R"("i":{"dtype":"I64","shape":[0],"data_offsets":[0,0]}})";
  const SafetensorsFile file(tmp.write("m.safetensors", file_bytes(header, "")));
  for (const char* name : {"a", "h", "b"}) {
    ASSERT_NE(file.find(name), nullptr) << name;
    EXPECT_EQ(file.find(name)->element_count(), 0u) << name;
    EXPECT_TRUE(file.read_f32(name).empty()) << name;
  }
  // Empty or not, a tensor that is not floating point is still not read as floats.
  expect_error([&] { (void)file.read_f32("i"); }, ErrorCode::InvalidArgument, {"'i'", "I64"});
}

TEST(SafetensorsFile, MovedFileStaysReadable) {
  TempDir tmp;
  const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  SafetensorsFile first(tmp.write("m.safetensors", file_bytes(header, f32_le(7.0f))));
  SafetensorsFile second(std::move(first));
  EXPECT_EQ(second.read_f32("a"), std::vector<float>{7.0f});
}

}  // namespace
}  // namespace medsearch::encoder
