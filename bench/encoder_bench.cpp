// Transformer forward pass throughput (Google Benchmark): a BERT-base-shaped encoder
// (hidden 768, 12 layers, 12 heads, FFN 3072, vocab 30522; Devlin et al. 2019) with random
// weights built in memory, on batches of 128-token texts. Reports docs/s as items/s.
//
//   bench_encoder [--benchmark_filter=...]      args: threads / batch size
//
// Physical limit: a 128-token forward is about 2 · 85.6M weights · 128 tokens ≈ 22 GFLOP in
// GEMMs (plus ~1.2 GFLOP attention), so docs/s ≈ achieved GFLOP/s ÷ 23; compare the
// implied GFLOP/s with the cores' fp32 FMA peak.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "medsearch/encoder/transformer_model.hpp"

namespace {

using namespace medsearch::encoder;

constexpr std::size_t kSeqLen = 128;

TransformerConfig bert_base() {
  TransformerConfig c;
  c.model_type = "bert";
  c.vocab_size = 30522;
  c.hidden_size = 768;
  c.num_hidden_layers = 12;
  c.num_attention_heads = 12;
  c.intermediate_size = 3072;
  c.max_position_embeddings = 512;
  c.type_vocab_size = 2;
  return c;
}

// Uniform in [-scale, scale) from a 64-bit LCG: fast, and the values do not matter for
// speed as long as they stay normal floats.
void fill(std::vector<float>& v, std::size_t n, float scale, std::uint64_t& state) {
  v.resize(n);
  for (float& x : v) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    x = scale * (static_cast<float>(state >> 40) / float(1 << 24) * 2.0f - 1.0f);
  }
}

const TransformerModel& model() {
  static const std::unique_ptr<TransformerModel> m = [] {
    const TransformerConfig c = bert_base();
    const std::size_t h = c.hidden_size, inter = c.intermediate_size;
    std::uint64_t s = 42;
    TransformerWeights w;
    fill(w.word_embeddings, c.vocab_size * h, 0.5f, s);
    fill(w.position_embeddings, c.max_position_embeddings * h, 0.5f, s);
    fill(w.token_type_embeddings, c.type_vocab_size * h, 0.5f, s);
    const auto norm = [&](LayerNormWeights& n) {
      fill(n.gamma, h, 0.1f, s);
      for (float& g : n.gamma) g += 1.0f;
      fill(n.beta, h, 0.1f, s);
    };
    const auto linear = [&](LinearWeights& l, std::size_t out, std::size_t in) {
      l.out_features = out;
      l.in_features = in;
      fill(l.weight, out * in, 0.05f, s);
      fill(l.bias, out, 0.05f, s);
    };
    norm(w.embedding_norm);
    w.layers.resize(c.num_hidden_layers);
    for (auto& l : w.layers) {
      linear(l.qkv, 3 * h, h);
      linear(l.attention_output, h, h);
      norm(l.attention_norm);
      linear(l.intermediate, inter, h);
      linear(l.output, h, inter);
      norm(l.output_norm);
    }
    return std::make_unique<TransformerModel>(c, std::move(w));
  }();
  return *m;
}

void BM_BertBaseForward(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  const auto batch = static_cast<std::size_t>(state.range(1));
  const TransformerModel& m = model();
  std::vector<std::int32_t> ids(batch * kSeqLen), mask(batch * kSeqLen, 1);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<std::int32_t>(1000 + (i * 7919) % 29000);
  std::vector<float> out(batch * kSeqLen * m.hidden_size());
  ForwardWorkspace ws;
  ws.threads = threads;
  m.forward(ids, mask, batch, kSeqLen, out.data(), ws);  // warm-up: buffers, OpenMP team
  for (auto _ : state) {
    m.forward(ids, mask, batch, kSeqLen, out.data(), ws);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
  state.SetLabel("docs/s = items/s, 128 tokens");
}

BENCHMARK(BM_BertBaseForward)
    ->ArgNames({"threads", "batch"})
    ->Args({1, 1})
    ->Args({1, 8})
    ->Args({1, 32})
    ->Args({2, 8})
    ->Args({2, 32})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
