#include "medsearch/text/analyzer.hpp"

#include <limits>
#include <span>

#include "medsearch/core/error.hpp"
#include "medsearch/text/compound_splitter.hpp"
#include "medsearch/text/stemmer.hpp"
#include "medsearch/text/stop_words.hpp"
#include "medsearch/text/tokenizer.hpp"
#include "medsearch/text/unicode_normalizer.hpp"

namespace medsearch::text {
namespace {

// Longer terms are dropped (their positions still count): nothing anyone types, and it
// keeps runaway strings (sequences, chemical names glued by joiners) out of the lexicon.
// Lucene's StandardAnalyzer uses 255 characters for the same purpose.
constexpr std::size_t kMaxTermBytes = 128;

// Working buffers, one set per thread, reused across calls so that analysing a text
// allocates nothing but the tokens' own strings (which short terms keep inline).
struct Scratch {
  NormalizedText normalized;
  TokenizedText tokenized;
  std::string joined;

  // Do not keep the memory of one huge text for the life of the thread.
  void trim() {
    constexpr std::size_t kKeepBytes = std::size_t{4} << 20;
    if (normalized.text.capacity() > kKeepBytes) normalized = {};
    if (tokenized.parts.capacity() > kKeepBytes / sizeof(Part)) tokenized = {};
  }
};

// Offsets are 32-bit (Token); a field of 4 GiB is a caller's bug, not data to index.
void check_size(std::string_view text) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    throw Error(ErrorCode::InvalidArgument, "text: cannot analyse a text of " + std::to_string(text.size()) +
                                                " bytes (the limit is 4 GiB)");
}

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Turns the tokenizer's words into Tokens (positions, stop words, stemming, joined forms).
class TokenWriter {
 public:
  // `stem_initials`: null stems every alphabetic word (analyze()); otherwise only words whose
  // first byte is one of them (analyze_for_terms()).
  TokenWriter(const AnalyzerOptions& options, const NormalizedText& normalized, std::string& joined,
              std::vector<Token>& out, const std::string_view* stem_initials)
      : options_(options), normalized_(normalized), joined_(joined), out_(out), stem_initials_(stem_initials) {}

  // Returns the positions the word used.
  std::uint32_t word(std::span<const Part> parts, bool cjk, std::uint32_t position) {
    if (cjk) return cjk_run(parts, position);
    const CompoundPlan plan = plan_compound(parts, options_.split_compounds);
    if (plan.joined) {
      joined_.clear();
      append_joined(normalized_.text, parts, joined_);
      emit(joined_, all_alphabetic(parts), false, position, parts.front(), parts.back(),
           plan.positions);
    }
    if (plan.parts) {
      for (std::size_t k = 0; k < parts.size(); ++k)
        emit(text(parts[k]), parts[k].alphabetic, true, position + static_cast<std::uint32_t>(k), parts[k], parts[k], 1);
    }
    return plan.positions;
  }

 private:
  // Overlapping bigrams; a lone character (or every character, without bigrams) is a
  // unigram. A run of n characters uses n-1 positions (n when unigrams).
  std::uint32_t cjk_run(std::span<const Part> chars, std::uint32_t position) {
    if (!options_.cjk_bigrams || chars.size() == 1) {
      for (std::size_t k = 0; k < chars.size(); ++k)
        emit(text(chars[k]), false, false, position + static_cast<std::uint32_t>(k), chars[k], chars[k], 1);
      return static_cast<std::uint32_t>(chars.size());
    }
    for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
      const std::string_view bigram(normalized_.text.data() + chars[k].begin, chars[k + 1].end - chars[k].begin);
      emit(bigram, false, false, position + static_cast<std::uint32_t>(k), chars[k], chars[k + 1], 1);
    }
    return static_cast<std::uint32_t>(chars.size() - 1);
  }

  std::string_view text(const Part& p) const {
    return std::string_view(normalized_.text).substr(p.begin, p.end - p.begin);
  }

  void emit(std::string_view term, bool alphabetic, bool may_stop, std::uint32_t position, const Part& first,
            const Part& last, std::uint32_t position_length) {
    if (term.size() > kMaxTermBytes) return;
    if (may_stop && alphabetic && options_.remove_stop_words && is_stop_word(term)) return;
    if (alphabetic && options_.stem && may_stem(term)) term = stem_english(term);
    Token& token = out_.emplace_back();
    token.term.assign(term);
    token.position = position;
    token.start_offset = normalized_.source_begin[first.begin];
    token.end_offset = normalized_.source_end[last.end - 1];
    token.position_length = position_length;
  }

  bool may_stem(std::string_view term) const {
    return stem_initials_ == nullptr || stem_initials_->find(term.front()) != std::string_view::npos;
  }

  const AnalyzerOptions& options_;
  const NormalizedText& normalized_;
  std::string& joined_;
  std::vector<Token>& out_;
  const std::string_view* stem_initials_;
};

// analyze() and analyze_for_terms(): `stem_initials` as TokenWriter's.
std::uint32_t analyze_text(const UnicodeNormalizer& normalizer, const AnalyzerOptions& options, std::string_view text,
                           std::vector<Token>& out, std::uint32_t first_position, const std::string_view* stem_initials) {
  check_size(text);
  Scratch& s = scratch();
  normalizer.normalize(text, s.normalized);
  tokenize(s.normalized.text, s.tokenized);
  TokenWriter writer(options, s.normalized, s.joined, out, stem_initials);
  std::uint32_t position = first_position;
  const std::span<const Part> parts(s.tokenized.parts);
  for (const Word& w : s.tokenized.words)
    position += writer.word(parts.subspan(w.first_part, w.part_count), w.cjk, position);
  s.trim();
  return position;
}

}  // namespace

// Prose (title, abstract): everything on. Keyword-like fields: exact words, no stemming
// and no stop words ("Vitamin A", "The Lancet"), but still split compounds and fold.
AnalyzerOptions prose_options() { return AnalyzerOptions{}; }

AnalyzerOptions keyword_options() {
  AnalyzerOptions options;
  options.remove_stop_words = false;
  options.stem = false;
  return options;
}

struct Analyzer::Impl {
  explicit Impl(AnalyzerOptions o) : options(o), normalizer(o.fold_accents) {}
  AnalyzerOptions options;
  UnicodeNormalizer normalizer;
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(options)) {
  if (options.stem) stem_english("checks");  // fail at construction if libstemmer is unusable
}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerOptions& Analyzer::options() const { return impl_->options; }

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out, std::uint32_t first_position) const {
  return analyze_text(impl_->normalizer, impl_->options, text, out, first_position, nullptr);
}

std::uint32_t Analyzer::analyze_for_terms(std::string_view text, const std::set<std::string>& terms,
                                          std::vector<Token>& out) const {
  std::string initials;  // the first byte of each term, once
  for (const std::string& term : terms) {
    if (!term.empty() && initials.find(term.front()) == std::string::npos) initials += term.front();
  }
  const std::string_view stem_initials(initials);
  return analyze_text(impl_->normalizer, impl_->options, text, out, 0, &stem_initials);
}

std::vector<std::string> Analyzer::terms(std::string_view text) const {
  std::vector<Token> tokens;
  analyze(text, tokens);
  std::vector<std::string> result;
  result.reserve(tokens.size());
  for (Token& t : tokens) result.push_back(std::move(t.term));
  return result;
}

std::string Analyzer::normalize_word(std::string_view word) const {
  check_size(word);
  Scratch& s = scratch();
  impl_->normalizer.normalize(word, s.normalized);
  tokenize(s.normalized.text, s.tokenized);
  std::string result;
  append_joined(s.normalized.text, s.tokenized.parts, result);
  s.trim();
  return result;
}

}  // namespace medsearch::text
