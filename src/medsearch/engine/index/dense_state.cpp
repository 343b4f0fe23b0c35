#include "medsearch/engine/index/dense_state.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {

std::optional<DenseState> load_dense_state(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kDenseStateName;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  DenseState state;
  try {
    const auto j = nlohmann::json::parse(in);
    const auto version = j.at("version").get<std::uint32_t>();
    if (version != kDenseStateVersion) {
      throw Error(ErrorCode::VersionMismatch, path + ": format version " + std::to_string(version) + ", this build reads " +
                                                  std::to_string(kDenseStateVersion) + "; run `medsearch embed` again");
    }
    state.generation = j.at("generation").get<std::uint64_t>();
    const auto& m = j.at("model");
    state.model.kind = m.at("kind").get<std::string>();
    state.model.path = m.at("path").get<std::string>();
    state.model.id = m.at("id").get<std::string>();
    state.model.dim = m.at("dim").get<std::uint32_t>();
    state.model.pooling = m.value("pooling", std::string());
    state.model.max_tokens = m.value("max_tokens", 0u);
    if (state.model.kind != "sif" && state.model.kind != "transformer") {
      throw Error(ErrorCode::Corrupt, path + ": unknown model kind '" + state.model.kind + "'");
    }
    if (j.contains("index") && !j.at("index").is_null()) {
      const auto& x = j.at("index");
      DenseIndexInfo info;
      info.factory = x.at("factory").get<std::string>();
      info.file = x.at("file").get<std::string>();
      info.segments = x.at("segments").get<std::vector<std::string>>();
      info.doc_count = x.at("doc_count").get<std::uint32_t>();
      if (x.contains("docid_epoch")) info.docid_epoch = x.at("docid_epoch").get<std::uint64_t>();
      state.index = std::move(info);
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not a dense-index state file: " + e.what());
  }
  return state;
}

void save_dense_state(const std::string& index_dir, const DenseState& state) {
  nlohmann::ordered_json j = {{"version", kDenseStateVersion},
                              {"generation", state.generation},
                              {"model",
                               {{"kind", state.model.kind},
                                {"path", state.model.path},
                                {"id", state.model.id},
                                {"dim", state.model.dim},
                                {"pooling", state.model.pooling},
                                {"max_tokens", state.model.max_tokens}}},
                              {"index", nullptr}};
  if (state.index) {
    j["index"] = {{"factory", state.index->factory},
                  {"file", state.index->file},
                  {"segments", state.index->segments},
                  {"doc_count", state.index->doc_count}};
    if (state.index->docid_epoch) j["index"]["docid_epoch"] = *state.index->docid_epoch;
  }
  store::replace_text_file(index_dir, kDenseStateName, j.dump(2) + "\n");
}

std::optional<std::uint32_t> faiss_covered_docs(const DenseState& state, const store::Manifest& manifest) {
  if (!state.index || state.index->doc_count > manifest.doc_count) return std::nullopt;
  if (state.index->docid_epoch) {
    if (*state.index->docid_epoch != manifest.docid_epoch) return std::nullopt;
    return state.index->doc_count;
  }
  const auto& covered = state.index->segments;
  if (covered.size() > manifest.segments.size()) return std::nullopt;
  for (std::size_t i = 0; i < covered.size(); ++i) {
    if (covered[i] != manifest.segments[i].name) return std::nullopt;
  }
  return state.index->doc_count;
}

std::string dense_file_name(const char* prefix, std::uint64_t generation, const char* suffix) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(generation));
  return std::string(prefix) + digits + suffix;
}


}  // namespace medsearch::engine
