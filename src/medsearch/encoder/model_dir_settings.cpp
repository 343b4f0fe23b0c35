#include "medsearch/encoder/model_dir_settings.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_file_limits.hpp"

namespace medsearch::encoder {
namespace {

// nullopt when the file does not exist.
std::optional<nlohmann::json> read_json(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  check_model_file_size(path, kMaxModelJsonBytes, "model settings file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io_error("cannot open", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, "'" + path.string() + "': not valid JSON: " + e.what());
  }
}

[[noreturn]] void bad(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::Corrupt, "'" + path.string() + "': " + what);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void read_sentence_transformers(const std::filesystem::path& dir, ModelDirSettings& s) {
  std::filesystem::path pooling_dir = dir / "1_Pooling";
  const std::filesystem::path modules_path = dir / "modules.json";
  if (const auto modules = read_json(modules_path)) {
    if (!modules->is_array()) bad(modules_path, "not a JSON array of modules");
    bool normalise = false;
    for (const auto& m : *modules) {
      if (!m.is_object() || !m.contains("type") || !m["type"].is_string()) bad(modules_path, "module without a type");
      const auto type = m["type"].get<std::string>();
      if (ends_with(type, "models.Normalize")) normalise = true;
      if (ends_with(type, "models.Pooling") && m.contains("path") && m["path"].is_string()) {
        pooling_dir = dir / m["path"].get<std::string>();
      }
    }
    s.normalise = normalise;
  }
  const std::filesystem::path pooling_path = pooling_dir / "config.json";
  if (const auto pooling = read_json(pooling_path)) {
    if (!pooling->is_object()) bad(pooling_path, "not a JSON object");
    const auto flag = [&](const char* key) { return pooling->value(key, false); };
    const bool cls = flag("pooling_mode_cls_token");
    const bool mean = flag("pooling_mode_mean_tokens");
    for (const char* other : {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                              "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"}) {
      if (flag(other)) {
        throw Error(ErrorCode::InvalidArgument,
                    "'" + pooling_path.string() + "': unsupported pooling mode " + other + " (supported: cls, mean)");
      }
    }
    if (cls == mean) bad(pooling_path, "must enable exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens");
    s.pooling = cls ? Pooling::Cls : Pooling::Mean;
  }
  const std::filesystem::path bert_path = dir / "sentence_bert_config.json";
  if (const auto bert = read_json(bert_path)) {
    if (!bert->is_object()) bad(bert_path, "not a JSON object");
    if (const auto it = bert->find("max_seq_length"); it != bert->end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 2) bad(bert_path, "max_seq_length must be an integer >= 2");
      s.max_seq_length = it->get<std::size_t>();
    }
  }
}

void read_medsearch(const std::filesystem::path& dir, ModelDirSettings& s) {
  const std::filesystem::path path = dir / "medsearch_model.json";
  const auto j = read_json(path);
  if (!j) return;
  if (!j->is_object()) bad(path, "not a JSON object");
  for (const auto& [key, value] : j->items()) {
    if (key == "query_prefix" || key == "passage_prefix") {
      if (!value.is_string()) bad(path, "'" + key + "' must be a string");
      (key == "query_prefix" ? s.query_prefix : s.passage_prefix) = value.get<std::string>();
    } else if (key == "pooling") {
      if (!value.is_string()) bad(path, "'pooling' must be \"cls\" or \"mean\"");
      s.pooling = parse_pooling(value.get<std::string>(), path.string());
    } else if (key == "normalise" || key == "multilingual") {
      if (!value.is_boolean()) bad(path, "'" + key + "' must be true or false");
      (key == "normalise" ? s.normalise : s.multilingual) = value.get<bool>();
    } else {
      bad(path, "unknown key '" + key + "' (known: query_prefix, passage_prefix, pooling, normalise, multilingual)");
    }
  }
}

}  // namespace

ModelDirSettings read_model_dir_settings(const std::filesystem::path& model_dir) {
  ModelDirSettings s;
  try {
    read_sentence_transformers(model_dir, s);
  } catch (const nlohmann::json::exception& e) {  // a field of the wrong JSON type
    throw Error(ErrorCode::Corrupt, "sentence-transformers files in '" + model_dir.string() + "': " + e.what());
  }
  read_medsearch(model_dir, s);
  return s;
}

}  // namespace medsearch::encoder
