#include "medsearch/engine/suggest/suggest_vocabulary.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/suggest/mesh_descriptors.hpp"
#include "medsearch/engine/suggest/suggest_text.hpp"
#include "medsearch/lexical/fields.hpp"
#include "medsearch/text/stop_words.hpp"

namespace medsearch::engine::suggest {
namespace {

using Clauses = std::vector<std::vector<TitleWord>>;

// Counts of the ways a key is written; the most frequent wins (ties: the first seen).
struct ShownForms {
  std::unordered_map<std::string, std::unordered_map<std::string, std::uint32_t>> counts;
  void add(const std::string& key, const std::string& shown) { ++counts[key][shown]; }
  std::string best(const std::string& key) const {
    const auto it = counts.find(key);
    if (it == counts.end()) return key;
    std::string best;
    std::uint32_t most = 0;
    for (const auto& [shown, n] : it->second) {
      if (n > most || (n == most && shown < best)) best = shown, most = n;
    }
    return best;
  }
};

// The spelling words met so far, each with the ways it is written.
struct SpellingForms {
  ShownForms shown;

  void add_word(const text::Analyzer& keyword, std::string_view raw) {
    const std::string key = keyword.normalize_word(raw);
    if (key.size() < 2 || key.size() > 40 || !is_plain_word(key)) return;
    // Shown as written when that is the key with its hyphens ("beta-blockers"); otherwise
    // (a possessive, Greek letters, accents) the key itself.
    std::string written = ascii_lower(raw);
    std::string joined = written;
    std::erase_if(joined, [](char c) { return c == '-' || c == '/'; });
    shown.add(key, joined == key ? written : key);
  }
  // The word and, when it has hyphens or slashes, each of its parts.
  void add_with_parts(const text::Analyzer& keyword, std::string_view raw) {
    add_word(keyword, raw);
    if (raw.find_first_of("-/") == std::string_view::npos) return;
    std::size_t i = 0;
    while (i <= raw.size()) {
      const std::size_t j = std::min(raw.find_first_of("-/", i), raw.size());
      if (j > i) add_word(keyword, raw.substr(i, j - i));
      i = j + 1;
    }
  }
};

bool phrase_edge_ok(const TitleWord& word) {
  return !text::is_stop_word(word.key) && word.key.front() >= 'a' && word.key.front() <= 'z';
}

std::uint64_t phrase_hash(const std::vector<TitleWord>& clause, std::size_t start, std::size_t n) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a offset basis, then mixed per word
  for (std::size_t i = start; i < start + n; ++i) h = (h ^ std::hash<std::string>{}(clause[i].key)) * 1099511628211ULL;
  return h;
}

// Calls fn(start, n) for every phrase of a clause that may become a completion.
template <typename Fn>
void for_each_phrase(const std::vector<TitleWord>& clause, std::size_t max_words, Fn&& fn) {
  for (std::size_t start = 0; start < clause.size(); ++start) {
    if (!phrase_edge_ok(clause[start])) continue;
    for (std::size_t n = 1; n <= max_words && start + n <= clause.size(); ++n) {
      if (!phrase_edge_ok(clause[start + n - 1])) continue;
      if (n == 1 && clause[start].key.size() < 3) continue;
      fn(start, n);
    }
  }
}

// Title phrases seen in at least `min_titles` sampled titles (a phrase counts once per title).
std::vector<PrefixEntry> title_phrases(const std::vector<Clauses>& titles, const SuggestOptions& options, double scale) {
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint64_t> per_title;
  for (const Clauses& title : titles) {
    per_title.clear();
    for (const auto& clause : title) {
      for_each_phrase(clause, options.max_phrase_words, [&](std::size_t s, std::size_t n) { per_title.push_back(phrase_hash(clause, s, n)); });
    }
    std::sort(per_title.begin(), per_title.end());
    per_title.erase(std::unique(per_title.begin(), per_title.end()), per_title.end());
    hashes.insert(hashes.end(), per_title.begin(), per_title.end());
  }
  std::sort(hashes.begin(), hashes.end());
  std::unordered_map<std::uint64_t, std::uint32_t> frequent;
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    if (j - i >= options.min_phrase_titles) frequent.emplace(hashes[i], static_cast<std::uint32_t>(j - i));
    i = j;
  }
  std::vector<PrefixEntry> out;
  std::unordered_map<std::uint64_t, std::size_t> made;  // hash → entry
  for (const Clauses& title : titles) {
    for (const auto& clause : title) {
      for_each_phrase(clause, options.max_phrase_words, [&](std::size_t s, std::size_t n) {
        const std::uint64_t h = phrase_hash(clause, s, n);
        const auto f = frequent.find(h);
        if (f == frequent.end() || made.contains(h)) return;
        PrefixEntry entry;
        for (std::size_t i = s; i < s + n; ++i) {
          if (i > s) entry.key += ' ', entry.text += ' ';
          entry.key += clause[i].key;
          entry.text += clause[i].shown;
        }
        entry.score = static_cast<std::uint64_t>(f->second * scale + 0.5);
        entry.source = CompletionSource::Title;
        made.emplace(h, out.size());
        out.push_back(std::move(entry));
      });
    }
  }
  return out;
}

// The option, else the environment variable, else "".
std::string option_or_env(const std::string& option, const char* variable) {
  if (!option.empty()) return option;
  const char* env = std::getenv(variable);
  return env != nullptr ? env : "";
}

// Descriptor names of a MeSH tree file (third tab-separated column, header skipped).
std::vector<std::string> read_mesh_tree(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::NotFound, "MeSH tree file '" + path + "' cannot be read");
  std::vector<std::string> names;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t a = line.find('\t');
    const std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) {
      if (line.empty()) continue;
      throw Error(ErrorCode::Corrupt, "MeSH tree file '" + path + "' line " + std::to_string(number) + ": expected three tab-separated columns");
    }
    if (number == 1 && line.find("Tree Number") != std::string::npos) continue;
    names.push_back(line.substr(b + 1));
  }
  return names;
}

}  // namespace

std::uint32_t prose_doc_freq(const IndexReader& index, const text::Analyzer& prose, std::string_view word) {
  const std::vector<std::string> terms = prose.terms(word);
  if (terms.empty()) return 0;
  const std::string key = lexical::make_key(lexical::KeySpace::Prose, terms.front());
  std::uint64_t df = 0;
  for (const lexical::SegmentView& segment : index.lexical_segments()) {
    if (const auto info = segment.index->find(key)) df += info->doc_freq;
  }
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(df, UINT32_MAX));
}

Vocabulary build_vocabulary(const IndexReader& index, const lexical::DocumentAnalyzer& analyzer, const SuggestOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Vocabulary vocabulary;
  const text::Analyzer& keyword = analyzer.keyword();
  const text::Analyzer& prose = analyzer.prose();

  // 1. An evenly spread sample of live documents: titles and MeSH names.
  const std::uint64_t live = index.live_count();
  const std::uint64_t want = std::min<std::uint64_t>(live, options.title_sample);
  std::vector<Clauses> titles;
  std::unordered_map<std::string, std::string> mesh_names;  // m key → descriptor name
  SpellingForms spelling;
  if (want > 0) {
    const double step = static_cast<double>(live) / static_cast<double>(want);
    // Abstracts of every `abstract_every`-th sampled article: an even spread of at most
    // abstract_sample of them.
    const std::uint64_t abstract_every =
        options.abstract_sample == 0 ? 0 : (want + options.abstract_sample - 1) / options.abstract_sample;
    double next = 0;
    std::uint64_t live_seen = 0;
    for (std::uint32_t d = 0; d < index.doc_count() && titles.size() < want; ++d) {
      if (!index.is_live(DocId{d})) continue;
      if (static_cast<double>(live_seen++) < next) continue;
      next += step;
      const Article article = index.article(DocId{d});
      if (abstract_every != 0 && titles.size() % abstract_every == 0 && vocabulary.stats.abstracts_read < options.abstract_sample) {
        for (const AbstractSection& section : article.abstract) {
          for (const auto& clause : title_clauses(keyword, section.text)) for (const TitleWord& word : clause) spelling.add_with_parts(keyword, word.shown);
        }
        vocabulary.stats.abstracts_read += article.has_abstract() ? 1 : 0;
      }
      titles.push_back(title_clauses(keyword, article.title));
      for (const MeshHeading& heading : article.mesh_headings) {
        mesh_names.try_emplace(lexical::normalize_keyword(keyword, heading.descriptor_name), heading.descriptor_name);
      }
    }
  }
  vocabulary.stats.titles_read = titles.size();

  // 2. MeSH headings: the index's `m` keys with their document frequencies.
  std::unordered_map<std::string, std::uint64_t> mesh_df;
  for (const lexical::SegmentView& segment : index.lexical_segments()) {
    for (const auto& [key, info] : segment.index->with_prefix("m", SIZE_MAX)) mesh_df[key.substr(1)] += info.doc_freq;
  }
  std::vector<std::string> tree_names;
  if (const std::string tree = option_or_env(options.mesh_tree, "MEDSEARCH_MESH_TREE"); !tree.empty()) tree_names = read_mesh_tree(tree);
  std::vector<MeshDescriptor> descriptors;
  if (const std::string file = option_or_env(options.mesh_descriptors, "MEDSEARCH_MESH_DESCRIPTORS"); !file.empty()) {
    descriptors = read_mesh_descriptors(file);
  }
  for (const std::string& name : tree_names) mesh_names.try_emplace(lexical::normalize_keyword(keyword, name), name);
  for (const MeshDescriptor& d : descriptors) mesh_names.try_emplace(lexical::normalize_keyword(keyword, d.heading), d.heading);
  std::vector<std::string> mesh_shown;
  for (const auto& [m_key, name] : mesh_names) {
    const auto df = mesh_df.find(m_key);
    PrefixEntry entry{normalize_phrase(keyword, name), name, df == mesh_df.end() ? 0 : df->second, CompletionSource::Mesh, {}};
    if (entry.key.empty()) continue;
    vocabulary.completions.push_back(std::move(entry));
    mesh_shown.push_back(name);
  }
  vocabulary.stats.mesh_headings = vocabulary.completions.size();

  // 2b. Entry terms, scored by their heading's documents. A heading's own key stays the
  // heading's (an entry term that normalises to a heading is not offered twice).
  std::unordered_set<std::string> heading_keys;
  for (const PrefixEntry& heading : vocabulary.completions) heading_keys.insert(heading.key);
  for (const MeshDescriptor& d : descriptors) {
    const auto df = mesh_df.find(lexical::normalize_keyword(keyword, d.heading));
    for (const std::string& term : d.entry_terms) {
      PrefixEntry entry{normalize_phrase(keyword, term), term, df == mesh_df.end() ? 0 : df->second, CompletionSource::MeshEntry, d.heading};
      if (entry.key.empty() || heading_keys.contains(entry.key)) continue;
      mesh_shown.push_back(term);  // its words are spelling words too (step 4)
      vocabulary.completions.push_back(std::move(entry));
      ++vocabulary.stats.mesh_entry_terms;
    }
  }

  // 3. Title phrases, scaled from the sample to the index.
  const double scale = titles.empty() ? 1.0 : static_cast<double>(live) / static_cast<double>(titles.size());
  // A phrase that is also a heading ("parkinson disease") or an entry term is offered once,
  // as the MeSH name (its MeSH spelling), with the larger of the two scores.
  std::unordered_map<std::string, std::size_t> heading_of;
  for (std::size_t i = 0; i < vocabulary.completions.size(); ++i) heading_of.emplace(vocabulary.completions[i].key, i);
  for (PrefixEntry& p : title_phrases(titles, options, scale)) {
    if (const auto h = heading_of.find(p.key); h != heading_of.end()) {
      PrefixEntry& heading = vocabulary.completions[h->second];
      heading.score = std::max(heading.score, p.score);
      continue;
    }
    vocabulary.completions.push_back(std::move(p));
    ++vocabulary.stats.title_phrases;
  }

  // 4. Spelling words: words and hyphen parts of the sampled titles (and abstracts, above)
  // and of the MeSH names (headings and entry terms).
  for (const Clauses& title : titles) {
    for (const auto& clause : title) for (const TitleWord& word : clause) spelling.add_with_parts(keyword, word.shown);
  }
  for (const std::string& name : mesh_shown) {
    for (const auto& clause : title_clauses(keyword, name)) for (const TitleWord& word : clause) spelling.add_with_parts(keyword, word.shown);
  }
  const ShownForms& shown = spelling.shown;
  for (const auto& [key, forms] : shown.counts) {
    const std::uint32_t df = prose_doc_freq(index, prose, key);
    if (df < options.min_word_df) continue;
    vocabulary.words.push_back({key, shown.best(key), df});
  }
  std::sort(vocabulary.words.begin(), vocabulary.words.end(), [](const SpellingWord& a, const SpellingWord& b) { return a.key < b.key; });
  vocabulary.stats.spelling_words = vocabulary.words.size();
  vocabulary.stats.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return vocabulary;
}

}  // namespace medsearch::engine::suggest
