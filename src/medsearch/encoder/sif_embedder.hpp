// encoder::SifEmbedder: the default dense model, learned from the indexed corpus itself.
//
// Word vectors: fastText skip-gram with character n-grams (Bojanowski, Grave, Joulin &
// Mikolov, "Enriching Word Vectors with Subword Information", TACL 2017), so that unseen
// biomedical word forms still get vectors from their n-grams.
// Text vectors: smooth inverse frequency weighting with the first principal component
// removed (Arora, Liang & Ma, "A Simple but Tough-to-Beat Baseline for Sentence
// Embeddings", ICLR 2017):  v(s) = 1/|s| Σ_w a / (a + p(w)) · v(w),  then
// v(s) ← v(s) − u uᵀ v(s) with u the first singular vector of the training texts' v(s),
// then L2-normalised. p(w) is the word's relative frequency in the training corpus (0 for
// an unseen word, which gets the full weight 1); a = 1e-3 as in the paper's experiments.
//
// On disk (a model prefix P): P.bin is the fastText model, P.json the SIF parameters
// (a, u, the training options). Queries and passages are embedded alike.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/encoder/text_embedder.hpp"

namespace medsearch::encoder {

struct SifTrainOptions {
  int dim = 100;
  // 0 = by corpus size (auto_epochs, auto_min_count): a small corpus needs more passes to
  // train its vectors and keeps rarer words; a large one needs neither.
  int epochs = 0;
  int min_count = 0;
  int min_ngram = 3;  // fastText minn/maxn: character n-gram lengths
  int max_ngram = 6;
  int buckets = 200'000;  // hashed n-gram rows (fastText default 2M; fewer keep the model small)
  int window = 5;
  int negatives = 5;
  double learning_rate = 0.05;
  int threads = 1;
  int seed = 1;
  double sif_a = 1e-3;
  std::size_t pc_sample = 100'000;  // training texts used to estimate u
};

// Epochs by corpus size, so that the training work (epochs × tokens) stays bounded at both
// ends. From kSifFullEpochsTokens up: epochs so that training sees about 20M tokens, within
// 5..25 (fastText's default is 5; on NFCorpus, 0.7M tokens, 25 epochs scored 0.28 nDCG@10
// dense where 5 scored 0.13). Below it the extra epochs beyond 5 shrink in proportion to
// the corpus (5 + 20·tokens/kSifFullEpochsTokens): a corpus too small to teach its
// vocabulary gains little from more passes, and a 25× multiplier made a few hundred
// abstracts train as long as tens of thousands would at 5 epochs. The work so grows with
// the corpus and never exceeds max(20M, 5 × tokens) token passes.
inline constexpr std::uint64_t kSifFullEpochsTokens = 500'000;
int auto_epochs(std::uint64_t corpus_tokens);
// 2 below 50M tokens, else 5 (fastText's default): rare words matter in a small corpus,
// and in a large one they are mostly misspellings that cost memory.
int auto_min_count(std::uint64_t corpus_tokens);

// The default training token budget (engine::EmbedOptions::train_token_budget, `medsearch
// embed --train-tokens`): an index whose live documents hold more tokens trains on an
// evenly spread sample of them holding at most this many (engine/dense/training_corpus.hpp).
// 50M tokens (about 250,000 PubMed abstracts), chosen from three bounds, not from any dev set:
// - Work: auto_epochs gives 5 epochs from 4M tokens, so training costs at most 250M token
//   passes (12.5× the ~20M the epochs rule aims at for mid-size corpora) and writes a
//   training file of about 0.35 GB, where all of PubMed (~9 billion tokens) would cost 45
//   billion passes and a ~60 GB file.
// - Vocabulary: 50M is where auto_min_count already treats a corpus as large (its rare words
//   mostly misspellings). A word of relative frequency p appears about 50M·p times in the
//   sample, so every word occurring some hundreds of times in all of PubMed keeps its own
//   vector (min_count 2..5); rarer forms get theirs from character n-grams, which is what
//   fastText's subword vectors are for (Bojanowski et al. 2017).
// - SIF weights: a / (a + p(w)) with a = 1e-3 differs from 1 only for words with p(w) near
//   a or above (p ≥ 1e-4: at least 5,000 occurrences in the sample), whose frequencies a
//   50M-token sample estimates to about 1.4% (1/√5000), so the weights barely move.
// It is far above the corpora the repository measures (the demo's 0.15M tokens, NFCorpus's
// 0.7M), which therefore train on every document exactly as without a budget.
inline constexpr std::uint64_t kSifTrainTokenBudget = 50'000'000;

// The words SIF and fastText see: lower-cased ASCII letters, digits and any non-ASCII
// characters, split at everything else ("IL-6 receptor's" → "il", "6", "receptor", "s").
std::vector<std::string> sif_words(std::string_view text);

// Memory for the precomputed vectors of the model's most frequent words (SifEmbedder): at
// dim 100, 64 MiB holds 167,772 words. fastText builds a word's vector from its own row and
// the rows of its character n-grams (about 4 per letter for n = 3..6), 82% of `embed`'s
// time when computed per occurrence (docs/performance.md, session 21); by Zipf's law the
// most frequent words are most of a text's occurrences.
inline constexpr std::size_t kSifWordVectorCacheBytes = std::size_t{64} << 20;

// Called with the fraction of training done (0..1).
using TrainProgress = std::function<void(double fraction)>;

class SifEmbedder final : public TextEmbedder {
 public:
  // Trains on `corpus_path` (one text per line, as sif_words joined by spaces) and writes
  // `prefix`.bin and `prefix`.json. Throws Error(Io) naming a file it cannot read or write.
  static void train(const std::string& corpus_path, const std::string& prefix, const SifTrainOptions& options,
                    const TrainProgress& progress = {});
  // Whether `prefix` holds a model that train() finished (its .bin, and its .json with the
  // "trained" stamp train() writes last) with the settings `options` asks for (those not
  // chosen by corpus size: dim, n-grams, buckets, window, negatives, learning rate, seed, a;
  // epochs and min_count when set). Never throws: anything unreadable is "no".
  static bool finished_model_at(const std::string& prefix, const SifTrainOptions& options);
  // Loads a model written by train(). Throws Error(NotFound/Corrupt) naming the file.
  // The vectors of the most frequent words (fastText numbers its words by falling count)
  // that fit in `word_cache_bytes` are computed once here; other words per occurrence, as
  // fastText computes them. Either way the same floats: the table only saves the work.
  // `threads`: embed() spreads a call's texts over up to this many threads (each text's
  // vector is computed alone, so the rows do not depend on it).
  explicit SifEmbedder(const std::string& prefix, std::size_t word_cache_bytes = kSifWordVectorCacheBytes,
                       unsigned threads = 1);
  ~SifEmbedder() override;

  std::size_t dim() const override;
  std::size_t cached_words() const;  // words whose vectors were precomputed
  void embed(std::span<const std::string> texts, TextRole role, float* out) const override;
  bool normalised() const override { return true; }
  std::string model_id() const override { return model_id_; }

 private:
  struct Model;
  // v(s) before the principal component is removed, into out[0..dim).
  void weighted_average(std::string_view text, float* out) const;

  std::unique_ptr<Model> model_;
  std::string model_id_;
  unsigned threads_ = 1;
};

}  // namespace medsearch::encoder
