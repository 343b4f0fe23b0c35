#include "medsearch/engine/search/ranker_model.hpp"

#include <filesystem>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/search/rerank_features.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {
namespace {

constexpr std::uint64_t kRankerMagic = 0x314b4e5248434d53ULL;  // "SMCHRNK1"
constexpr std::uint32_t kRankerVersion = 1;

nlohmann::json feature_names() {
  nlohmann::json names = nlohmann::json::array();
  for (const std::string_view f : kRerankFeatures) names.push_back(std::string(f));
  return names;
}

}  // namespace

std::optional<RankerModel> load_ranker(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kRankerFileName;
  if (!std::filesystem::exists(path)) return std::nullopt;
  store::MappedFile file(path, kRankerMagic, kRankerVersion, /*verify_checksum=*/true);
  ByteReader in(file.payload(), path);
  const std::uint32_t meta_size = in.get_u32();
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(in.get_bytes(meta_size));
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": bad metadata: " + e.what());
  }
  if (meta.value("features", nlohmann::json()) != feature_names()) {
    throw Error(ErrorCode::VersionMismatch, path + ": the model was trained on other features than this build computes; "
                                                   "run `medsearch train-ranker` again (or delete the file to rank without it)");
  }
  const std::string_view model = in.get_bytes(in.remaining());
  return RankerModel{std::move(meta), rerank::LambdaMart::load(model, kRerankFeatureCount)};
}

void save_ranker(const std::string& index_dir, const nlohmann::json& trained, const rerank::LambdaMart& model) {
  const nlohmann::json meta = {{"features", feature_names()}, {"trained", trained}};
  const std::string meta_text = meta.dump();
  ByteWriter out;
  out.put_u32(static_cast<std::uint32_t>(meta_text.size()));
  out.put_bytes(meta_text);
  out.put_bytes(model.save());
  store::write_file(index_dir + "/" + kRankerFileName, kRankerMagic, kRankerVersion, out.bytes());
  store::sync_directory(index_dir);
}

}  // namespace medsearch::engine
