#include "medsearch/encoder/text_embedder.hpp"

#include <cmath>

namespace medsearch::encoder {

void l2_normalise_rows(float* data, std::size_t rows, std::size_t dim) {
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = data + r * dim;
    double sum = 0;
    for (std::size_t i = 0; i < dim; ++i) sum += double(row[i]) * row[i];
    if (sum <= 0) continue;
    const float scale = float(1.0 / std::sqrt(sum));
    for (std::size_t i = 0; i < dim; ++i) row[i] *= scale;
  }
}

}  // namespace medsearch::encoder
