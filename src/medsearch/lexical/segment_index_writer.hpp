// Builds the lexical index of one segment (S.lex, see lexicon_format.hpp) from analysed
// documents, in local document order. Memory: the segment's postings, varint-compressed
// as they arrive (about 2-3 bytes per posting); bounded by the engine's checkpoint size.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/posting_format.hpp"

namespace medsearch::lexical {

class SegmentIndexWriter {
 public:
  // Indexes the next document (local number = size() before the call).
  void add(const AnalyzedDocument& document);
  // Convenience for tests and small builds: analyses on this thread, then add().
  void add(const Article& article);
  std::uint32_t size() const { return doc_count_; }
  // Writes S.lex (via store::FileWriter: tmp file, footer, rename).
  void write(const std::string& path) const;

 private:
  struct PostingList {
    std::uint32_t doc_freq = 0;
    std::int64_t last_doc = -1;
    std::string docs;
    std::string positions;
    std::vector<BlockSkip> skips;
  };
  void append(const AnalyzedDocument& document, const AnalyzedPosting& posting,
              const std::array<std::uint32_t, kTextFieldCount>& lengths);
  // Heterogeneous lookup: find a list by string_view without building a string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  DocumentAnalyzer analyzer_;  // for add(const Article&)
  AnalyzedDocument scratch_;
  std::unordered_map<std::string, PostingList, KeyHash, std::equal_to<>> lists_;
  std::vector<std::array<std::uint16_t, kTextFieldCount>> lengths_;
  std::array<std::uint64_t, kTextFieldCount> length_sums_{};
  std::uint32_t doc_count_ = 0;
};

}  // namespace medsearch::lexical
