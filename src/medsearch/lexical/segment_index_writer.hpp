// Builds the lexical index of one segment (S.lex, see lexicon_format.hpp) from analysed
// documents, in local document order. Not thread-safe: one owner (ingest runs one writer
// per worker thread).
//
// Memory (docs/lexical-index.md "Writer memory"): each list's doc, position and
// completed-block skip bytes are appended, varint-compressed as they arrive, to streams
// in one SlicePool (1 MiB mapped blocks, linked slices of 16 B to 2 KiB), so nothing is
// reallocated or copied while documents arrive; per key about 100 bytes of table and
// state (TermTable) plus the key's bytes; 8 bytes of field lengths per document. Bounded
// by the engine's checkpoint size. memory_bytes() reports it. write() adds the sorted key
// order (4 bytes a key), the lexicon section and a 256 KiB output buffer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "medsearch/core/article.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/lexical/slice_pool.hpp"
#include "medsearch/lexical/term_table.hpp"

namespace medsearch::lexical {

class SegmentIndexWriter {
 public:
  // Indexes the next document (local number = size() before the call).
  void add(const AnalyzedDocument& document);
  // Convenience for tests and small builds: analyses on this thread, then add().
  void add(const Article& article);
  // The pair words add(const Article&) indexes word-pair keys for (word_pairs.hpp).
  void set_pair_words(std::shared_ptr<const PairWords> words) { analyzer_.set_pair_words(std::move(words)); }
  std::uint32_t size() const { return doc_count_; }
  // Writes S.lex (via store::FileWriter: tmp file, footer, rename). May be called again.
  // Each block's max_reference_tf needs the segment's average lengths, so it is computed
  // here, by decoding every list's doc stream once. `format_version` 1 writes the older
  // format (no max_reference_tf), for the tests of reading it.
  void write(const std::string& path, std::uint32_t format_version = kLexiconVersion) const;
  // Bytes held for the postings, keys and lengths so far (allocated capacity), and the
  // part of it mapped outside the malloc heap (the SlicePool's blocks).
  std::size_t memory_bytes() const;
  std::size_t mapped_bytes() const { return pool_.allocated_bytes(); }

 private:
  // One key's list while it is being built: 80 bytes.
  struct PostingList {
    std::uint32_t doc_freq = 0;
    std::uint32_t last_doc = 0;  // meaningful once doc_freq > 0
    // The open (last) block: where it starts in the streams and its score bounds.
    std::uint32_t block_doc_offset = 0;
    std::uint32_t block_position_offset = 0;
    std::array<std::uint16_t, kTextFieldCount> block_max_tf{};
    std::array<std::uint16_t, kTextFieldCount> block_min_length{};
    SlicePool::Stream docs;
    SlicePool::Stream positions;
    SlicePool::Stream skips;  // the completed blocks' BlockSkips, encoded as in S.lex
  };
  using Terms = TermTable<PostingList>;

  void append(const AnalyzedDocument& document, const AnalyzedPosting& posting,
              const std::array<std::uint16_t, kTextFieldCount>& lengths);
  static BlockSkip open_block(const PostingList& list);

  DocumentAnalyzer analyzer_;  // for add(const Article&)
  AnalyzedDocument scratch_;
  SlicePool pool_;
  Terms terms_;
  std::vector<std::array<std::uint16_t, kTextFieldCount>> lengths_;
  std::array<std::uint64_t, kTextFieldCount> length_sums_{};
  std::uint32_t doc_count_ = 0;
};

}  // namespace medsearch::lexical
