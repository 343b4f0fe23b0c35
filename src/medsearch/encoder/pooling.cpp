#include "medsearch/encoder/pooling.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {

Pooling parse_pooling(std::string_view name, std::string_view source) {
  if (name == "cls") return Pooling::Cls;
  if (name == "mean") return Pooling::Mean;
  throw Error(ErrorCode::InvalidArgument, std::string(source) + ": unknown pooling '" + std::string(name) +
                                              "' (expected cls or mean)");
}

std::string_view pooling_name(Pooling pooling) { return pooling == Pooling::Cls ? "cls" : "mean"; }

void pool(const float* hidden, std::span<const std::int32_t> mask, std::size_t batch, std::size_t seq_len,
          std::size_t dim, Pooling pooling, float* out) {
  std::vector<double> sum(pooling == Pooling::Mean ? dim : 0);
  for (std::size_t b = 0; b < batch; ++b) {
    const float* seq = hidden + b * seq_len * dim;
    float* row = out + b * dim;
    if (pooling == Pooling::Cls) {
      std::copy(seq, seq + dim, row);
      continue;
    }
    // Sums in double so that the mean of 512 tokens does not depend on their order.
    std::fill(sum.begin(), sum.end(), 0.0);
    std::size_t count = 0;
    for (std::size_t t = 0; t < seq_len; ++t) {
      if (mask[b * seq_len + t] == 0) continue;
      ++count;
      const float* tok = seq + t * dim;
      for (std::size_t i = 0; i < dim; ++i) sum[i] += tok[i];
    }
    const double inv = count > 0 ? 1.0 / double(count) : 0.0;
    for (std::size_t i = 0; i < dim; ++i) row[i] = static_cast<float>(sum[i] * inv);
  }
}

}  // namespace medsearch::encoder
