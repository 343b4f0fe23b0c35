// What the dead documents (replaced or deleted, not yet compacted away) add to the
// collection statistics of BM25F, so that ranking can subtract it: N, df and the average
// field lengths then describe the live collection, as if the dead documents were gone
// (Lucene reaches the same state only when segments merge away their deletions; here it
// holds from the commit that kills a document). Built at commit (engine::Indexer) from
// each newly dead document's analysis, saved beside the deletion bitset
// (deleted-<generation>.stats, docs/formats.md) and read by engine::IndexReader.
// Immutable after loading; thread-safe to read.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/fields.hpp"

namespace medsearch::lexical {

struct DeadDocuments {
  std::uint64_t docs = 0;
  std::array<std::uint64_t, kTextFieldCount> length_sums{};  // Σ len_f over dead documents
  std::array<std::uint64_t, kTextFieldCount> field_docs{};   // dead documents with len_f > 0
  std::unordered_map<std::string, std::uint32_t> doc_freq;   // prose key (space byte + term) → dead documents holding it

  // Adds one dead document (its analysis, as indexed). Keyword keys are not counted:
  // only prose terms are ranked.
  void add(const AnalyzedDocument& doc);
  std::uint32_t dead_doc_freq(std::string_view prose_key) const {
    const auto it = doc_freq.find(std::string(prose_key));
    return it == doc_freq.end() ? 0 : it->second;
  }

  // Footer-checked file (magic "SMCHDST1", version 1). load throws Error(Corrupt |
  // VersionMismatch | Io) naming the path.
  void save(const std::string& path) const;
  static DeadDocuments load(const std::string& path);
};

}  // namespace medsearch::lexical
