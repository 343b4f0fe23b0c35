// encoder::ModelDirSettings: how a model directory says its vectors are made — pooling,
// normalisation, text prefixes, length limit — gathered from the optional files beside
// config.json. Each field is set only when some file says it.
//
// Files read, later ones overriding earlier ones field by field:
//  1. sentence-transformers (https://www.sbert.net, models/Pooling.py, Normalize.py):
//     - modules.json: the module list. Its presence makes normalise definite: true when it
//       lists a sentence_transformers.models.Normalize module, false otherwise. The Pooling
//       module's "path" (usually "1_Pooling") locates the pooling config.
//     - <pooling path>/config.json: pooling_mode_cls_token → cls,
//       pooling_mode_mean_tokens → mean; any other mode (max, weightedmean, lasttoken) is
//       Error(InvalidArgument) because we do not implement it.
//     - sentence_bert_config.json: max_seq_length, the length sentence-transformers
//       truncates to (e.g. 256 for all-MiniLM-L6-v2).
//  2. medsearch_model.json (ours; all keys optional, others rejected), e.g. for e5:
//       {"query_prefix": "query: ", "passage_prefix": "passage: ",
//        "pooling": "mean", "normalise": true}
//     and "multilingual": true | false (TextEmbedder::multilingual; without it, true for
//     model_type "xlm-roberta", the XLM-R family: XLM-R, multilingual-e5, bge-m3).
//     Written beside a downloaded model to complete what its own files leave out (e5's
//     prefixes live only in its model card).
// A malformed file is Error(Corrupt) naming it.
//
// Thread-safety: plain data.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "medsearch/encoder/pooling.hpp"

namespace medsearch::encoder {

struct ModelDirSettings {
  std::optional<Pooling> pooling;
  std::optional<bool> normalise;
  std::optional<std::string> query_prefix;
  std::optional<std::string> passage_prefix;
  std::optional<std::size_t> max_seq_length;
  std::optional<bool> multilingual;
};

ModelDirSettings read_model_dir_settings(const std::filesystem::path& model_dir);

}  // namespace medsearch::encoder
