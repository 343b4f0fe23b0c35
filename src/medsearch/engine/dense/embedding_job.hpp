// engine::embed_index: the dense side of an index (`medsearch embed`). Chooses or trains
// the model, encodes the title and abstract of every live document into per-segment
// vector files, and builds the FAISS index over them; dense.json is the commit point.
//
// Resumable: a segment's vectors are appended to its partial parts (vector_parts.hpp) in
// chunks (each synced), so an interrupted run continues at its last chunk; finished segments are kept
// while their model id matches. Ingest after embed appends segments: the next embed
// encodes only those and adds them to the FAISS index (Flat, HNSW and trained IVF indexes
// take additions); a compaction or another model rebuilds it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "medsearch/encoder/sif_embedder.hpp"

namespace medsearch::cluster {
class Communicator;
}

namespace medsearch::engine {

struct EmbedOptions {
  std::string model_dir;  // a Hugging Face BERT / XLM-R directory; empty: the index's model,
                          // else the default (SIF over fastText trained on the index)
  bool retrain = false;   // train a new default model even when the index has one
  std::string factory;    // FAISS index_factory string; empty: as before, else by corpus size
  std::size_t batch_size = 32;
  unsigned threads = 1;
  std::string pooling;           // transformer: "cls" | "mean"; empty = the model directory's
  std::uint32_t max_tokens = 0;  // transformer: 0 = the model's maximum
  std::string device = "auto";   // transformer: "auto" (the GPU when built with CUDA and one
                                 // is present, else the CPU) | "cpu" | "cuda"
  encoder::SifTrainOptions sif;  // its `threads` is replaced by `threads`
  // Default model: train on an evenly spread sample of the live documents holding at most
  // this many tokens (engine/dense/training_corpus.hpp); 0 = every live document. The
  // default and its reasons: encoder::kSifTrainTokenBudget.
  std::uint64_t train_token_budget = encoder::kSifTrainTokenBudget;
  // Documents encoded between two synced appends (`--chunk-docs`); a rerun resumes at the
  // last whole chunk, and ranks split a segment only at chunk boundaries.
  std::size_t chunk_docs = 4096;
};

struct EmbedProgress {
  std::string phase;  // "train", "encode", "index"
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  double elapsed_seconds = 0;  // in this phase
};

struct EmbedSummary {
  std::string model_id;
  bool trained = false;           // a default model was trained by this run
  bool resumed_model = false;     // the default model an interrupted run trained was used
  std::uint64_t documents_encoded = 0;
  std::size_t segments_encoded = 0;  // segments whose .vec this run wrote
  std::size_t ranges_encoded = 0;    // row ranges encoded: one per segment unless ranks split one
  std::size_t segments_kept = 0;  // vectors already present for the model
  std::string factory;
  std::uint64_t vectors_indexed = 0;  // live documents in the FAISS index
  bool index_rebuilt = false;         // false: new segments were added to the previous index
  // The default model's training texts and their tokens (0 when this run trained none).
  std::uint64_t training_documents = 0;
  std::uint64_t training_tokens = 0;
  // Seconds: the whole run, and its phases: training (writing the training corpus and
  // fastText + SIF; 0 without training), encoding, indexing (building or extending the FAISS
  // index, saving it and dense.json). Opening the model counts only in `seconds`.
  double seconds = 0;
  double train_seconds = 0;
  double encode_seconds = 0;
  double index_seconds = 0;
  double encode_docs_per_second = 0;  // documents_encoded / encode_seconds; 0 when none were encoded
};

using EmbedProgressCallback = std::function<void(const EmbedProgress&)>;

// Takes the index's writer lock (Error(Unavailable) while an ingest runs). Errors name the
// file or option at fault; an interrupted run leaves the previous dense.json in force.
//
// With `group` (cluster/communicator.hpp; null = this process alone), every rank of the
// group calls this with the same arguments on one shared index directory: rank 0 takes the
// lock and chooses (or trains) the model, the rows lacking vectors are split between the
// ranks by count (cluster::split_rows_by_size: whole segments, or row ranges cut on chunk
// boundaries when a segment is too large for whole segments to balance), each rank encodes
// its ranges with the code a single process uses (so vectors are the same bytes) into its
// own part files, the parts are joined into each segment's .vec, and rank 0 builds the FAISS
// index and commits dense.json once every segment has its vectors. A rank that dies leaves
// its finished segments' .vec files and its ranges' synced parts, so the same command run
// again (with any rank count) encodes only the missing rows. Counts in the summary are the
// group's; the timing fields and `segments_kept` are rank 0's.
EmbedSummary embed_index(const std::string& index_dir, const EmbedOptions& options, const EmbedProgressCallback& progress = {},
                         cluster::Communicator* group = nullptr);

}  // namespace medsearch::engine
