#include "medsearch/engine/dense/dense_model.hpp"

#include "medsearch/encoder/sif_embedder.hpp"
#include "medsearch/encoder/transformer_embedder.hpp"

namespace medsearch::engine {

std::unique_ptr<encoder::TextEmbedder> open_dense_model(const std::string& index_dir, const DenseModelInfo& info,
                                                         unsigned threads, std::size_t batch_size,
                                                         const std::string& device) {
  if (info.kind == "sif") {
    return std::make_unique<encoder::SifEmbedder>(index_dir + "/" + info.path, encoder::kSifWordVectorCacheBytes,
                                                  threads);
  }
  encoder::TransformerEmbedderOptions options;
  options.threads = static_cast<int>(threads);
  options.batch_size = batch_size;
  if (!info.pooling.empty()) options.pooling = encoder::parse_pooling(info.pooling, "--pooling");
  options.max_tokens = info.max_tokens;
  options.device = device;
  return std::make_unique<encoder::TransformerEmbedder>(info.path, options);
}

std::string embedding_text(const Article& article) {
  std::string text = article.title.empty() ? article.vernacular_title : article.title;
  for (const AbstractSection& section : article.abstract) {
    if (!text.empty()) text += ' ';
    text += section.text;
  }
  return text;
}

}  // namespace medsearch::engine
