#include "medsearch/encoder/transformer_embedder.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "medsearch/core/error.hpp"
#include "medsearch/encoder/model_dir_settings.hpp"

namespace medsearch::encoder {
namespace {

// The reference BERT/XLM-R checkpoints were pre-trained on sequences of at most 512 tokens.
constexpr std::size_t kDefaultMaxTokens = 512;

std::string quote_text(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The directory's value when it has one (an option contradicting it is an error), else
// the option, else the default.
template <typename T, typename Show>
T resolve(const std::optional<T>& from_dir, const std::optional<T>& option, T fallback, const char* name,
          const std::filesystem::path& dir, Show show) {
  if (from_dir && option && *from_dir != *option) {
    throw Error(ErrorCode::InvalidArgument, std::string("encoder option ") + name + " = " + show(*option) +
                                                " contradicts the model directory '" + dir.string() +
                                                "', which says " + show(*from_dir));
  }
  return from_dir ? *from_dir : option ? *option : fallback;
}

}  // namespace

TransformerEmbedder::TransformerEmbedder(const std::filesystem::path& model_dir,
                                         const TransformerEmbedderOptions& options)
    : model_(TransformerModel::load(model_dir)), tokenizer_(load_tokenizer(model_dir)) {
  if (tokenizer_->vocab_size() > model_.config().vocab_size) {
    throw Error(ErrorCode::Corrupt, "model directory '" + model_dir.string() + "': the tokenizer has " +
                                        std::to_string(tokenizer_->vocab_size()) +
                                        " tokens, config.json's vocab_size is " +
                                        std::to_string(model_.config().vocab_size));
  }
  const ModelDirSettings dir = read_model_dir_settings(model_dir);
  const auto show_pooling = [](Pooling p) { return std::string(pooling_name(p)); };
  const auto show_bool = [](bool b) { return std::string(b ? "true" : "false"); };
  pooling_ = resolve(dir.pooling, options.pooling, Pooling::Cls, "pooling", model_dir, show_pooling);
  normalise_ = resolve(dir.normalise, options.normalise, true, "normalise", model_dir, show_bool);
  multilingual_ = dir.multilingual.value_or(model_.config().model_type == "xlm-roberta");
  query_prefix_ = resolve(dir.query_prefix, options.query_prefix, std::string(), "query_prefix", model_dir, quote_text);
  passage_prefix_ =
      resolve(dir.passage_prefix, options.passage_prefix, std::string(), "passage_prefix", model_dir, quote_text);

  const std::size_t model_max = model_.max_sequence_length();
  if (options.max_tokens == 0) {
    max_tokens_ = std::min({kDefaultMaxTokens, model_max, dir.max_seq_length.value_or(model_max)});
  } else if (options.max_tokens < 2 || options.max_tokens > model_max) {
    throw Error(ErrorCode::InvalidArgument, "encoder option max_tokens = " + std::to_string(options.max_tokens) +
                                                " is outside [2, " + std::to_string(model_max) + "] for model '" +
                                                model_dir.string() + "'");
  } else {
    max_tokens_ = options.max_tokens;
  }
  if (options.batch_size == 0) throw Error(ErrorCode::InvalidArgument, "encoder option batch_size must be >= 1");
  if (options.threads < 0) throw Error(ErrorCode::InvalidArgument, "encoder option threads must be >= 0");
  batch_size_ = options.batch_size;
  threads_ = options.threads;
  if (options.device != "auto" && options.device != "cpu" && options.device != "cuda") {
    throw Error(ErrorCode::InvalidArgument, "encoder option device = \"" + options.device +
                                                "\" is not one of auto, cpu, cuda");
  }
  if (options.device == "cuda") {
    std::string reason;
    if (!CudaTransformer::available(&reason)) {
      throw Error(ErrorCode::Unavailable, "encoder option device = cuda: " + reason);
    }
    cuda_ = std::make_unique<CudaTransformer>(model_);
  } else if (options.device == "auto" && CudaTransformer::available()) {
    try {
      cuda_ = std::make_unique<CudaTransformer>(model_);
    } catch (const Error&) {
      cuda_.reset();  // e.g. the GPU is out of memory: the CPU computes the same vectors
    }
  }

  const std::filesystem::path absolute = std::filesystem::absolute(model_dir).lexically_normal();
  std::string name = absolute.filename().string();
  if (name.empty()) name = absolute.parent_path().filename().string();  // "dir/" form
  model_id_ = name + "|pooling=" + std::string(pooling_name(pooling_)) + "|normalise=" + show_bool(normalise_) +
              "|max_tokens=" + std::to_string(max_tokens_) + "|query_prefix=" + quote_text(query_prefix_) +
              "|passage_prefix=" + quote_text(passage_prefix_);
}

void TransformerEmbedder::embed(std::span<const std::string> texts, TextRole role, float* out) const {
  const std::string& prefix = role == TextRole::Query ? query_prefix_ : passage_prefix_;
  std::vector<std::vector<std::int32_t>> tokens(texts.size());
  std::string buffer;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (prefix.empty()) {
      tokens[i] = tokenizer_->encode(texts[i], max_tokens_);
    } else {
      buffer.assign(prefix).append(texts[i]);
      tokens[i] = tokenizer_->encode(buffer, max_tokens_);
    }
  }
  // Length bucketing: neighbours in length order share a batch, so little is padding.
  std::vector<std::size_t> order(texts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tokens[a].size() < tokens[b].size(); });

  const std::size_t h = dim();
  const std::int32_t pad = tokenizer_->pad_id();
  ForwardWorkspace workspace;
  workspace.threads = threads_;
  std::vector<std::int32_t> ids, mask;
  std::vector<float> hidden, pooled;
  for (std::size_t start = 0; start < order.size(); start += batch_size_) {
    const std::size_t batch = std::min(batch_size_, order.size() - start);
    std::size_t seq_len = 0;
    for (std::size_t i = 0; i < batch; ++i) seq_len = std::max(seq_len, tokens[order[start + i]].size());
    ids.assign(batch * seq_len, pad);
    mask.assign(batch * seq_len, 0);
    for (std::size_t i = 0; i < batch; ++i) {
      const auto& t = tokens[order[start + i]];
      std::copy(t.begin(), t.end(), ids.begin() + static_cast<std::ptrdiff_t>(i * seq_len));
      std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(i * seq_len), t.size(), 1);
    }
    hidden.resize(batch * seq_len * h);
    pooled.resize(batch * h);
    if (cuda_) {
      cuda_->forward(ids, mask, batch, seq_len, hidden.data());
    } else {
      model_.forward(ids, mask, batch, seq_len, hidden.data(), workspace);
    }
    pool(hidden.data(), mask, batch, seq_len, h, pooling_, pooled.data());
    if (normalise_) l2_normalise_rows(pooled.data(), batch, h);
    for (std::size_t i = 0; i < batch; ++i) {
      std::copy_n(pooled.data() + i * h, h, out + order[start + i] * h);
    }
  }
}

}  // namespace medsearch::encoder
