// The dense model of an index, opened from its dense.json entry, and the text of a
// document that it embeds.
#pragma once

#include <memory>
#include <string>

#include "medsearch/core/article.hpp"
#include "medsearch/encoder/text_embedder.hpp"
#include "medsearch/engine/index/dense_state.hpp"

namespace medsearch::engine {

// sif: loads <index_dir>/<info.path>.{bin,json}; transformer: the model directory
// info.path with info's pooling and max_tokens. `threads` bounds the encoder's threads;
// `device` ("auto" | "cpu" | "cuda", TransformerEmbedderOptions::device) is where a
// transformer runs (the SIF model ignores it). Throws the encoder's errors (NotFound,
// Corrupt, InvalidArgument naming the file; Unavailable for "cuda" without a GPU).
std::unique_ptr<encoder::TextEmbedder> open_dense_model(const std::string& index_dir, const DenseModelInfo& info,
                                                         unsigned threads, std::size_t batch_size,
                                                         const std::string& device = "auto");

// What a document contributes to its vector: the title, then the abstract's sections
// (labels left out), separated by spaces. The vernacular title stands in for a missing title.
std::string embedding_text(const Article& article);

}  // namespace medsearch::engine
