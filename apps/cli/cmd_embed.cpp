// `medsearch embed`: the dense side of an index (engine/embedding_job.hpp): train or load
// the model, encode every document, build the FAISS index.
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.hpp"
#include "medsearch/cluster/communicator.hpp"
#include "medsearch/engine/index/index_root.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "progress_display.hpp"

namespace medsearch::cli {
namespace {

// One line per phase on stderr: a bar redrawn in place on a terminal (done/total, rate,
// ETA), a log line every few seconds otherwise.
class EmbedDisplay {
 public:
  explicit EmbedDisplay(bool terminal) : terminal_(terminal) {}
  void update(const engine::EmbedProgress& p) {
    const bool phase_done = p.done >= p.total;
    if (!terminal_ && !phase_done && p.elapsed_seconds - last_logged_ < 5 && p.phase == phase_) return;
    if (p.phase != phase_) {
      if (open_) std::fputc('\n', stderr);
      open_ = false;
      phase_ = p.phase;
      last_logged_ = 0;
    }
    last_logged_ = p.elapsed_seconds;
    const double rate = p.elapsed_seconds > 0 ? double(p.done) / p.elapsed_seconds : 0;
    const double eta = rate > 0 ? double(p.total - std::min(p.done, p.total)) / rate : 0;
    char line[256];
    if (p.phase == "train") {
      std::snprintf(line, sizeof line, "embed: training the default model %5.1f%%  %s  ETA %s", p.total ? 100.0 * p.done / p.total : 100.0,
                    format_duration(p.elapsed_seconds).c_str(), format_duration(eta).c_str());
    } else {
      std::snprintf(line, sizeof line, "embed: %-6s %llu/%llu documents  %.0f docs/s  ETA %s", p.phase.c_str(),
                    static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total), rate,
                    format_duration(eta).c_str());
    }
    if (terminal_) {
      std::fprintf(stderr, "\r\033[K%s", line);
      open_ = true;
      if (phase_done) {
        std::fputc('\n', stderr);
        open_ = false;
      }
    } else {
      std::fprintf(stderr, "%s\n", line);
    }
  }
  void finish() {
    if (open_) std::fputc('\n', stderr);
    open_ = false;
  }

 private:
  bool terminal_;
  bool open_ = false;
  std::string phase_;
  double last_logged_ = 0;
};

}  // namespace

Action register_embed(CLI::App& app) {
  struct Args {
    std::string dir;
    engine::EmbedOptions options;
  };
  auto args = std::make_shared<Args>();
  args->options.threads = std::max(1u, std::thread::hardware_concurrency());
  auto& o = args->options;
  app.add_option("--index", args->dir, "Index directory (made by `medsearch ingest`)")->required();
  app.add_option("--model", o.model_dir,
                 "Hugging Face BERT or XLM-R model directory (config.json, model.safetensors, vocab.txt or "
                 "sentencepiece.bpe.model). Default: the index's model, else one trained on the index (fastText + SIF)");
  app.add_flag("--retrain", o.retrain, "Train a new default model even if the index has one");
  app.add_option("--index-type", o.factory, "FAISS index_factory string: Flat, HNSW32, IVF4096,PQ64, ... (default by corpus size)");
  app.add_option("--batch", o.batch_size, "Texts per encoder batch")->check(CLI::Range(1, 4096));
  app.add_option("--threads", o.threads, "Encoder and training threads (default: all cores)")->check(CLI::Range(1u, 256u));
  app.add_option("--pooling", o.pooling, "Transformer pooling when the model directory does not say: cls or mean")
      ->check(CLI::IsMember({"cls", "mean"}));
  app.add_option("--max-tokens", o.max_tokens, "Transformer input length (default: the model's maximum); longer texts are cut")
      ->check(CLI::Range(8u, 8192u));
  app.add_option("--device", o.device,
                 "Transformer forward pass: auto (a CUDA GPU when built with CUDA and one is present, else the CPU), "
                 "cpu, or cuda (an error without a GPU)")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  app.add_option("--chunk-docs", o.chunk_docs,
                 "Documents encoded between two synced writes of the partial vectors: an interrupted run resumes at "
                 "the last whole chunk, and under mpirun ranks split a segment only at chunk boundaries")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--dim", o.sif.dim, "Default model: word vector dimensions")->check(CLI::Range(8, 1000));
  app.add_option("--epochs", o.sif.epochs, "Default model: fastText epochs (default: 5..25 by corpus size)")->check(CLI::Range(1, 100));
  app.add_option("--min-count", o.sif.min_count,
                 "Default model: words seen fewer times are left out of the vocabulary (default: 2, or 5 above 50M tokens)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--seed", o.sif.seed, "Default model: random seed");
  app.add_option("--train-tokens", o.train_token_budget,
                 "Default model: train on an evenly spread sample of the documents holding at most this many tokens "
                 "(0: every document)")
      ->capture_default_str();
  return [args] {
    // Under mpirun/srun the ranks share the work (docs/cluster.md); rank 0 alone shows
    // progress and prints the summary.
    const auto world = cluster::open_world();
    EmbedDisplay display(::isatty(STDERR_FILENO) != 0);
    engine::EmbedProgressCallback progress;
    if (world->rank() == 0) progress = [&](const engine::EmbedProgress& p) { display.update(p); };
    const engine::EmbedSummary s = engine::embed_index(engine::resolve_index_dir(args->dir), args->options, progress, world.get());
    display.finish();
    if (world->rank() != 0) return 0;
    std::fprintf(stderr, "embed: %llu documents encoded (%zu segments; %zu kept), %llu vectors in a %s index, in %s\n",
                 static_cast<unsigned long long>(s.documents_encoded), s.segments_encoded, s.segments_kept,
                 static_cast<unsigned long long>(s.vectors_indexed), s.factory.c_str(), format_duration(s.seconds).c_str());
    const nlohmann::ordered_json out = {{"model", s.model_id},
                                        {"trained", s.trained},
                                        {"resumed_model", s.resumed_model},
                                        {"documents_encoded", s.documents_encoded},
                                        {"segments_encoded", s.segments_encoded},
                                        {"segments_kept", s.segments_kept},
                                        {"ranges_encoded", s.ranges_encoded},
                                        {"index_type", s.factory},
                                        {"vectors_indexed", s.vectors_indexed},
                                        {"index_rebuilt", s.index_rebuilt},
                                        {"training_documents", s.training_documents},
                                        {"training_tokens", s.training_tokens},
                                        {"seconds", s.seconds},
                                        {"train_seconds", s.train_seconds},
                                        {"encode_seconds", s.encode_seconds},
                                        {"index_seconds", s.index_seconds},
                                        {"encode_docs_per_second", s.encode_docs_per_second}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  };
}

}  // namespace medsearch::cli
