// encoder pooling: one vector per text from a transformer's last hidden state, as
// sentence-transformers' Pooling module does (pooling_mode_cls_token /
// pooling_mode_mean_tokens).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace medsearch::encoder {

enum class Pooling {
  Cls,   // the hidden state of the first token ([CLS] / <s>)
  Mean,  // the mean of the hidden states of the unpadded tokens (mask nonzero)
};

// "cls" or "mean"; Error(InvalidArgument) naming `source` otherwise.
Pooling parse_pooling(std::string_view name, std::string_view source);
std::string_view pooling_name(Pooling pooling);

// hidden: [batch, seq_len, dim]; mask: [batch, seq_len]; out: [batch, dim]. Mean pooling
// of a row without unpadded tokens gives zeros (sentence-transformers clamps the count to
// 1e-9, which gives zeros as well).
void pool(const float* hidden, std::span<const std::int32_t> mask, std::size_t batch, std::size_t seq_len,
          std::size_t dim, Pooling pooling, float* out);

}  // namespace medsearch::encoder
