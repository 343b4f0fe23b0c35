#include "medsearch/encoder/model_dir_settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "encoder_fixtures.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

using medsearch::testing::TempDir;
using testing::write_text;

const char* kModules = R"([
  {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
  {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
  {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])";

const char* kMeanPooling = R"({"word_embedding_dimension": 32, "pooling_mode_cls_token": false,
  "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false,
  "pooling_mode_mean_sqrt_len_tokens": false})";

TEST(ModelDirSettings, EmptyDirectorySaysNothing) {
  TempDir tmp;
  const ModelDirSettings s = read_model_dir_settings(tmp.path());
  EXPECT_FALSE(s.pooling || s.normalise || s.query_prefix || s.passage_prefix || s.max_seq_length || s.multilingual);
}

TEST(ModelDirSettings, ReadsSentenceTransformersFiles) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  write_text(dir / "modules.json", kModules);
  write_text(dir / "1_Pooling" / "config.json", kMeanPooling);
  write_text(dir / "sentence_bert_config.json", R"({"max_seq_length": 256, "do_lower_case": false})");
  const ModelDirSettings s = read_model_dir_settings(dir);
  EXPECT_EQ(s.pooling, Pooling::Mean);
  EXPECT_EQ(s.normalise, true);
  EXPECT_EQ(s.max_seq_length, 256u);
  EXPECT_FALSE(s.query_prefix);
}

TEST(ModelDirSettings, ModulesWithoutNormalizeMeanUnnormalised) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  write_text(dir / "modules.json",
             R"([{"path": "pool", "type": "sentence_transformers.models.Pooling"}])");
  write_text(dir / "pool" / "config.json", R"({"pooling_mode_cls_token": true})");
  const ModelDirSettings s = read_model_dir_settings(dir);
  EXPECT_EQ(s.normalise, false);
  EXPECT_EQ(s.pooling, Pooling::Cls);
}

TEST(ModelDirSettings, MedsearchFileOverridesSentenceTransformers) {
  TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  write_text(dir / "modules.json", kModules);
  write_text(dir / "1_Pooling" / "config.json", kMeanPooling);
  write_text(dir / "medsearch_model.json",
             R"({"query_prefix": "query: ", "passage_prefix": "passage: ", "pooling": "cls", "normalise": false})");
  const ModelDirSettings s = read_model_dir_settings(dir);
  EXPECT_EQ(s.pooling, Pooling::Cls);
  EXPECT_EQ(s.normalise, false);
  EXPECT_EQ(s.query_prefix, "query: ");
  EXPECT_EQ(s.passage_prefix, "passage: ");
  EXPECT_FALSE(s.multilingual);
  write_text(dir / "medsearch_model.json", R"({"multilingual": true})");
  EXPECT_EQ(read_model_dir_settings(dir).multilingual, true);
}

TEST(ModelDirSettings, BadFilesAreErrorsNamingThem) {
  const auto expect_error = [](const std::string& file, const std::string& text, ErrorCode code,
                               const std::string& part) {
    TempDir tmp;
    write_text(std::filesystem::path(tmp.path()) / file, text);
    try {
      (void)read_model_dir_settings(tmp.path());
      ADD_FAILURE() << "no error for " << file << ": " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), code) << e.what();
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  expect_error("medsearch_model.json", R"({"query_prefx": "q"})", ErrorCode::Corrupt, "query_prefx");
  expect_error("medsearch_model.json", R"({"pooling": "max"})", ErrorCode::InvalidArgument, "max");
  expect_error("medsearch_model.json", R"({"normalise": "yes"})", ErrorCode::Corrupt, "normalise");
  expect_error("medsearch_model.json", R"({"multilingual": 1})", ErrorCode::Corrupt, "multilingual");
  expect_error("medsearch_model.json", "{", ErrorCode::Corrupt, "medsearch_model.json");
  expect_error("1_Pooling/config.json", R"({"pooling_mode_max_tokens": true})", ErrorCode::InvalidArgument,
               "pooling_mode_max_tokens");
  expect_error("1_Pooling/config.json", R"({"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": true})",
               ErrorCode::Corrupt, "exactly one");
  expect_error("modules.json", R"({"a": 1})", ErrorCode::Corrupt, "modules.json");
  expect_error("sentence_bert_config.json", R"({"max_seq_length": 1})", ErrorCode::Corrupt, "max_seq_length");
}

}  // namespace
}  // namespace medsearch::encoder
