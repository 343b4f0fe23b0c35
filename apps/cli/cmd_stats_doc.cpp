// `medsearch stats` and `medsearch doc`: read-only views of an index.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/json_views.hpp"

namespace medsearch::cli {

Action register_stats(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  app.add_option("--index", *dir, "Index directory")->required();
  return [dir] {
    const engine::IndexReader index(*dir);
    std::printf("%s\n", engine::index_stats(index).dump(2).c_str());
    return 0;
  };
}

Action register_doc(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  app.add_option("--index", *dir, "Index directory")->required();
  app.add_option("id", *id, "The document's id: its PMID, or the BEIR _id")->required();
  return [dir, id] {
    const engine::IndexReader index(*dir);
    const auto doc = index.find(*id);
    if (!doc) throw Error(ErrorCode::NotFound, "no document with id '" + *id + "' in " + *dir);
    nlohmann::ordered_json j = engine::article_to_json(index.article(*doc));
    j["doc_id"] = doc->value;
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  };
}

}  // namespace medsearch::cli
