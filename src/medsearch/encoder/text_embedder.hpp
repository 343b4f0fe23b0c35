// encoder::TextEmbedder: turns texts into fixed-size vectors for dense retrieval.
// Two implementations: a BERT-family transformer (encoder/transformer_embedder.hpp) and
// the corpus-trained default, fastText word vectors with SIF weighting
// (encoder/sif_embedder.hpp). The engine sees only this interface.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace medsearch::encoder {

// A query and a passage may be encoded differently (e5's "query: " / "passage: "
// prefixes, bge's query instruction).
enum class TextRole { Query, Passage };

class TextEmbedder {
 public:
  virtual ~TextEmbedder() = default;
  // Length of every vector.
  virtual std::size_t dim() const = 0;
  // Writes texts.size() rows of dim() floats, row-major, into `out`. Rows are
  // L2-normalised when normalised() is true (inner product = cosine). Thread-safe.
  virtual void embed(std::span<const std::string> texts, TextRole role, float* out) const = 0;
  virtual bool normalised() const = 0;
  // Names the model and every parameter that changes its vectors; stored beside the
  // vectors so that vectors from another model are never mixed in.
  virtual std::string model_id() const = 0;
  // Whether the model was trained on many languages, so that a query is better embedded in
  // the language it was typed in than in a dictionary translation (issue 15: a Chinese
  // query's dense side). False for the corpus-trained default (English words only).
  virtual bool multilingual() const { return false; }
};

// Scales each of `rows` rows of `dim` floats to unit L2 norm (a zero row stays zero).
void l2_normalise_rows(float* data, std::size_t rows, std::size_t dim);

}  // namespace medsearch::encoder
