#include "medsearch/encoder/sif_embedder.hpp"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {
namespace {

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

void for_each_word(std::string_view text, const std::function<void(const std::string&)>& fn) {
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (is_word_byte(c)) {
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
    } else if (!word.empty()) {
      fn(word);
      word.clear();
    }
  }
}

// The first right singular vector of the rows (n × dim): power iteration on Mᵀ M.
std::vector<float> first_singular_vector(const std::vector<float>& rows, std::size_t dim) {
  const std::size_t n = rows.size() / dim;
  std::vector<double> gram(dim * dim, 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    const float* v = &rows[r * dim];
    for (std::size_t i = 0; i < dim; ++i)
      for (std::size_t j = 0; j < dim; ++j) gram[i * dim + j] += double(v[i]) * v[j];
  }
  std::vector<double> u(dim, 1.0 / std::sqrt(double(dim))), next(dim);
  for (int iteration = 0; iteration < 200; ++iteration) {
    double norm = 0;
    for (std::size_t i = 0; i < dim; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < dim; ++j) s += gram[i * dim + j] * u[j];
      next[i] = s;
      norm += s * s;
    }
    norm = std::sqrt(norm);
    if (norm == 0) break;
    double change = 0;
    for (std::size_t i = 0; i < dim; ++i) {
      change += std::abs(next[i] / norm - u[i]);
      u[i] = next[i] / norm;
    }
    if (change < 1e-9) break;
  }
  return std::vector<float>(u.begin(), u.end());
}

}  // namespace

int auto_epochs(std::uint64_t corpus_tokens) {
  if (corpus_tokens < kSifFullEpochsTokens) {
    return 5 + static_cast<int>(20 * corpus_tokens / kSifFullEpochsTokens);
  }
  return static_cast<int>(std::clamp<std::uint64_t>(20'000'000 / corpus_tokens, 5, 25));
}

int auto_min_count(std::uint64_t corpus_tokens) { return corpus_tokens < 50'000'000 ? 2 : 5; }

std::vector<std::string> sif_words(std::string_view text) {
  std::vector<std::string> words;
  for_each_word(text, [&](const std::string& w) { words.push_back(w); });
  return words;
}

struct SifEmbedder::Model {
  fasttext::FastText fasttext;
  std::vector<float> weight;  // a / (a + p(w)) by fastText word id
  std::vector<float> component;  // u, unit length
  // Word ids [0, cached_words) (the most frequent: fastText sorts its words by count), their
  // fastText vectors row by row (getWordVector's output, so sums of them are unchanged).
  std::size_t cached_words = 0;
  std::vector<float> word_vectors;
  double a = 1e-3;
  std::size_t dim = 0;
};

SifEmbedder::SifEmbedder(const std::string& prefix, std::size_t word_cache_bytes, unsigned threads)
    : model_(std::make_unique<Model>()), threads_(std::max(1u, threads)) {
  const std::string bin = prefix + ".bin", json_path = prefix + ".json";
  std::ifstream json_in(json_path);
  if (!json_in) throw Error(ErrorCode::NotFound, json_path + ": SIF model parameters not found");
  nlohmann::json params;
  try {
    params = nlohmann::json::parse(json_in);
    model_->a = params.at("a").get<double>();
    model_->component = params.at("component").get<std::vector<float>>();
  } catch (const std::exception& e) {
    throw Error(ErrorCode::Corrupt, json_path + ": not a SIF parameter file (" + e.what() + ")");
  }
  if (std::ifstream probe(bin); !probe) throw Error(ErrorCode::NotFound, bin + ": fastText model not found");
  try {
    model_->fasttext.loadModel(bin);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::Corrupt, bin + ": cannot load the fastText model (" + e.what() + ")");
  }
  model_->dim = static_cast<std::size_t>(model_->fasttext.getDimension());
  if (model_->component.size() != model_->dim) {
    throw Error(ErrorCode::Corrupt, json_path + ": principal component has " + std::to_string(model_->component.size()) +
                                        " values, the fastText model " + std::to_string(model_->dim) + " dimensions");
  }
  const auto dictionary = model_->fasttext.getDictionary();
  const std::vector<int64_t> counts = dictionary->getCounts(fasttext::entry_type::word);
  double total = 0;
  for (int64_t c : counts) total += double(c);
  model_->weight.resize(counts.size());
  for (std::size_t w = 0; w < counts.size(); ++w) {
    const double p = total > 0 ? double(counts[w]) / total : 0.0;
    model_->weight[w] = float(model_->a / (model_->a + p));
  }
  model_->cached_words = std::min(counts.size(), word_cache_bytes / (sizeof(float) * model_->dim));
  model_->word_vectors.resize(model_->cached_words * model_->dim);
  fasttext::Vector word_vector(static_cast<int64_t>(model_->dim));
  for (std::size_t w = 0; w < model_->cached_words; ++w) {
    model_->fasttext.getWordVector(word_vector, dictionary->getWord(static_cast<int32_t>(w)));
    std::copy_n(word_vector.data(), model_->dim, &model_->word_vectors[w * model_->dim]);
  }
  model_id_ = "sif:" + params.value("trained", std::string("?")) + ":dim" + std::to_string(model_->dim);
}

bool SifEmbedder::finished_model_at(const std::string& prefix, const SifTrainOptions& options) {
  try {
    if (!std::ifstream(prefix + ".bin")) return false;
    std::ifstream in(prefix + ".json");
    if (!in) return false;
    const nlohmann::json params = nlohmann::json::parse(in);
    if (!params.contains("trained") || !params.contains("options")) return false;
    const nlohmann::json& o = params["options"];
    const bool same = o.at("dim") == options.dim && o.at("min_ngram") == options.min_ngram && o.at("max_ngram") == options.max_ngram &&
                      o.at("buckets") == options.buckets && o.at("window") == options.window &&
                      o.at("negatives") == options.negatives && o.at("learning_rate") == options.learning_rate &&
                      o.at("seed") == options.seed && params.at("a") == options.sif_a &&
                      (options.epochs <= 0 || o.at("epochs") == options.epochs) &&
                      (options.min_count <= 0 || o.at("min_count") == options.min_count);
    return same;
  } catch (const std::exception&) {
    return false;
  }
}

SifEmbedder::~SifEmbedder() = default;

std::size_t SifEmbedder::dim() const { return model_->dim; }

std::size_t SifEmbedder::cached_words() const { return model_->cached_words; }

void SifEmbedder::weighted_average(std::string_view text, float* out) const {
  const std::size_t dim = model_->dim;
  std::fill(out, out + dim, 0.0f);
  fasttext::Vector word_vector(static_cast<int64_t>(dim));
  std::size_t words = 0;
  for_each_word(text, [&](const std::string& word) {
    const int32_t id = model_->fasttext.getWordId(word);
    const float weight = id >= 0 ? model_->weight[static_cast<std::size_t>(id)] : 1.0f;
    const float* vector = nullptr;
    if (id >= 0 && static_cast<std::size_t>(id) < model_->cached_words) {
      vector = &model_->word_vectors[static_cast<std::size_t>(id) * dim];
    } else {
      model_->fasttext.getWordVector(word_vector, word);
      vector = word_vector.data();
    }
    for (std::size_t i = 0; i < dim; ++i) out[i] += weight * vector[i];
    ++words;
  });
  if (words > 0) {
    for (std::size_t i = 0; i < dim; ++i) out[i] /= float(words);
  }
}

void SifEmbedder::embed(std::span<const std::string> texts, TextRole, float* out) const {
  const std::size_t dim = model_->dim;
  const std::vector<float>& u = model_->component;
  const auto embed_rows = [&](std::size_t begin, std::size_t end) {
    for (std::size_t t = begin; t < end; ++t) {
      float* row = out + t * dim;
      weighted_average(texts[t], row);
      double projection = 0;
      for (std::size_t i = 0; i < dim; ++i) projection += double(row[i]) * u[i];
      for (std::size_t i = 0; i < dim; ++i) row[i] -= float(projection) * u[i];
    }
    l2_normalise_rows(out + begin * dim, end - begin, dim);
  };
  // Contiguous shares, one per thread; a call of a few texts (a query) stays on this one.
  constexpr std::size_t kTextsPerThread = 64;
  const std::size_t shares = std::min<std::size_t>(threads_, texts.size() / kTextsPerThread);
  if (shares <= 1) {
    embed_rows(0, texts.size());
    return;
  }
  std::vector<std::exception_ptr> errors(shares);
  const auto share = [&](std::size_t s) {
    try {
      embed_rows(texts.size() * s / shares, texts.size() * (s + 1) / shares);
    } catch (...) {
      errors[s] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t s = 1; s < shares; ++s) workers.emplace_back(share, s);
  share(0);
  for (std::thread& worker : workers) worker.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

void SifEmbedder::train(const std::string& corpus_path, const std::string& prefix, const SifTrainOptions& options,
                        const TrainProgress& progress) {
  fasttext::Args args;
  args.input = corpus_path;
  args.model = fasttext::model_name::sg;
  args.loss = fasttext::loss_name::ns;
  args.dim = options.dim;

  args.minn = options.min_ngram;
  args.maxn = options.max_ngram;
  args.bucket = options.buckets;
  args.ws = options.window;
  args.neg = options.negatives;
  args.lr = options.learning_rate;
  args.thread = std::max(1, options.threads);
  args.seed = options.seed;
  args.verbose = 0;
  std::size_t lines = 0;
  std::uint64_t tokens = 0;
  {
    std::ifstream in(corpus_path);
    if (!in) throw_io_error("cannot read the training corpus", corpus_path);
    std::string line;
    while (std::getline(in, line)) {
      ++lines;
      for (std::size_t i = 0; i < line.size(); ++i) tokens += line[i] != ' ' && (i == 0 || line[i - 1] == ' ');
    }
  }
  args.epoch = options.epochs > 0 ? options.epochs : auto_epochs(tokens);
  args.minCount = options.min_count > 0 ? options.min_count : auto_min_count(tokens);
  fasttext::FastText fasttext;
  try {
    fasttext.train(args, [&](float fraction, float, double, double, int64_t) {
      if (progress) progress(fraction);
    });
  } catch (const std::exception& e) {
    throw Error(ErrorCode::InvalidArgument, corpus_path + ": fastText training failed (" + e.what() + ")");
  }
  const std::string bin_tmp = prefix + ".bin.tmp";
  fasttext.saveModel(bin_tmp);
  if (std::rename(bin_tmp.c_str(), (prefix + ".bin").c_str()) != 0) throw_io_error("cannot write", prefix + ".bin");

  // u from a stride sample of the training texts (their order is the index's, which
  // follows publication time: a prefix would be biased), embedded without u.
  nlohmann::json params = {{"a", options.sif_a}, {"component", std::vector<float>(static_cast<std::size_t>(options.dim), 0.0f)}};
  {
    std::ofstream out(prefix + ".json.tmp");
    out << params.dump();
    if (!out) throw_io_error("cannot write", prefix + ".json.tmp");
  }
  std::rename((prefix + ".json.tmp").c_str(), (prefix + ".json").c_str());
  const SifEmbedder without_component(prefix);
  const std::size_t stride = std::max<std::size_t>(1, (lines + options.pc_sample - 1) / std::max<std::size_t>(1, options.pc_sample));
  std::vector<float> sample;
  {
    std::ifstream in(corpus_path);
    std::string line;
    std::vector<float> row(without_component.dim());
    for (std::size_t i = 0; std::getline(in, line); ++i) {
      if (i % stride != 0) continue;
      without_component.weighted_average(line, row.data());
      sample.insert(sample.end(), row.begin(), row.end());
    }
  }
  params["component"] = first_singular_vector(sample, without_component.dim());
  // Identifies this training run, so vectors of an earlier model are never mixed in.
  params["trained"] = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch()).count()) +
                      "-lines" + std::to_string(lines) + "-seed" + std::to_string(options.seed);
  params["options"] = {{"dim", options.dim},         {"epochs", args.epoch},   {"min_count", args.minCount}, {"training_tokens", tokens},
                       {"min_ngram", options.min_ngram}, {"max_ngram", options.max_ngram}, {"buckets", options.buckets},
                       {"window", options.window},   {"negatives", options.negatives}, {"learning_rate", options.learning_rate},
                       {"seed", options.seed},       {"training_texts", lines},        {"pc_sample", sample.size() / without_component.dim()}};
  {
    std::ofstream out(prefix + ".json.tmp");
    out << params.dump(1);
    if (!out) throw_io_error("cannot write", prefix + ".json.tmp");
  }
  if (std::rename((prefix + ".json.tmp").c_str(), (prefix + ".json").c_str()) != 0) throw_io_error("cannot write", prefix + ".json");
}

}  // namespace medsearch::encoder
