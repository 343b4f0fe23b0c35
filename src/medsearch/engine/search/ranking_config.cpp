#include "medsearch/engine/search/ranking_config.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::engine {

lexical::RankingParams load_ranking_config(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kRankingConfigName;
  std::ifstream in(path);
  lexical::RankingParams params;
  if (!in) return params;
  try {
    const auto j = nlohmann::json::parse(in);
    const std::string model = j.at("model").get<std::string>();
    if (model != "bm25" && model != "tfidf") throw Error(ErrorCode::Corrupt, path + ": unknown model '" + model + "'");
    params.model = model == "tfidf" ? lexical::RankingModel::TfIdf : lexical::RankingModel::Bm25;
    params.k1 = j.at("k1").get<float>();
    params.b = j.at("b").get<std::array<float, lexical::kTextFieldCount>>();
    params.weight = j.at("weight").get<std::array<float, lexical::kTextFieldCount>>();
    params.validate();
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not a ranking configuration: " + e.what());
  } catch (const Error& e) {
    throw Error(ErrorCode::Corrupt, path + ": " + e.what());
  }
  return params;
}

PrfParams load_prf_config(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kRankingConfigName;
  std::ifstream in(path);
  PrfParams prf;
  if (!in) return prf;
  try {
    const auto j = nlohmann::json::parse(in);
    if (!j.contains("prf")) return prf;
    const auto& p = j.at("prf");
    prf.on = p.value("on", prf.on);
    prf.docs = p.value("docs", prf.docs);
    prf.terms = p.value("terms", prf.terms);
    prf.original_weight = p.value("weight", prf.original_weight);
    prf.max_doc_fraction = p.value("max_df", prf.max_doc_fraction);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not a ranking configuration: " + e.what());
  }
  if (prf.docs == 0 || prf.docs > kMaxPrfDocs || prf.terms > kMaxPrfTerms || !(prf.original_weight >= 0 && prf.original_weight <= 1) ||
      !(prf.max_doc_fraction >= 0 && prf.max_doc_fraction <= 1)) {
    throw Error(ErrorCode::Corrupt, path + ": prf: docs must be in 1.." + std::to_string(kMaxPrfDocs) + ", terms in 0.." +
                                        std::to_string(kMaxPrfTerms) + ", weight and max_df in 0..1");
  }
  return prf;
}

TransferParams load_transfer_config(const std::string& index_dir) {
  const std::string path = index_dir + "/" + kRankingConfigName;
  std::ifstream in(path);
  TransferParams transfer;
  if (!in) return transfer;
  try {
    const auto j = nlohmann::json::parse(in);
    if (!j.contains("transfer")) return transfer;
    const auto& t = j.at("transfer");
    transfer.weight = t.value("weight", transfer.weight);
    transfer.neighbours = t.value("neighbours", transfer.neighbours);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not a ranking configuration: " + e.what());
  }
  if (!(transfer.weight >= 0 && transfer.weight <= kMaxTransferWeight) || transfer.neighbours == 0 ||
      transfer.neighbours > kMaxTransferNeighbours) {
    throw Error(ErrorCode::Corrupt, path + ": transfer: weight must be in 0.." +
                                        std::to_string(static_cast<int>(kMaxTransferWeight)) + ", neighbours in 1.." +
                                        std::to_string(kMaxTransferNeighbours));
  }
  return transfer;
}

void save_ranking_config(const std::string& index_dir, const lexical::RankingParams& params, const std::string& note) {
  params.validate();
  PrfParams prf;
  TransferParams transfer;
  try {
    prf = load_prf_config(index_dir);
    transfer = load_transfer_config(index_dir);
  } catch (const Error&) {  // a corrupt file is being replaced: its PRF and transfer settings are lost with it
  }
  nlohmann::ordered_json j = {{"model", params.model == lexical::RankingModel::TfIdf ? "tfidf" : "bm25"},
                                    {"k1", params.k1},
                                    {"b", params.b},
                                    {"weight", params.weight},
                                    {"fields", {"title", "abstract", "keywords", "mesh"}},
                                    {"note", note}};
  if (prf != PrfParams{}) {
    j["prf"] = {{"on", prf.on}, {"docs", prf.docs}, {"terms", prf.terms}, {"weight", prf.original_weight},
                {"max_df", prf.max_doc_fraction}};
  }
  if (transfer != TransferParams{}) j["transfer"] = {{"weight", transfer.weight}, {"neighbours", transfer.neighbours}};
  store::replace_text_file(index_dir, kRankingConfigName, j.dump(2) + "\n");
}

std::string describe(const lexical::RankingParams& p) {
  std::ostringstream out;
  out << (p.model == lexical::RankingModel::TfIdf ? "tfidf" : "bm25");
  if (p.model == lexical::RankingModel::Bm25) {
    out << " k1=" << p.k1 << " b=" << p.b[0];
    if (std::any_of(p.b.begin(), p.b.end(), [&](float b) { return b != p.b[0]; })) {
      for (std::size_t f = 1; f < p.b.size(); ++f) out << "," << p.b[f];  // per field: title,abstract,keywords,mesh
    }
  }
  out << " weights=" << p.weight[0] << "," << p.weight[1] << "," << p.weight[2] << "," << p.weight[3];
  return out.str();
}

}  // namespace medsearch::engine
