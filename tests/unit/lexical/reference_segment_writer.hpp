// Test-only oracle for lexical::SegmentIndexWriter: the writer as it was before the slice
// pool (commit b876e16), kept deliberately simple. One std::unordered_map entry per key,
// each list's doc and position streams in their own std::string, BlockSkips in a vector;
// write() sorts the keys and emits S.lex exactly as lexicon_format.hpp describes. Since
// lexicon version 2 it also keeps every posting's document and tfs, and write() sets each
// block's max_reference_tf from them (the fast writer decodes its streams instead).
// The fast writer must produce byte-identical files at version 2 (segment_writer_oracle_test.cpp);
// bench/segment_writer_bench.cpp times it as the "before" peer.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/lexical/document_analyzer.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/lexical/reference_norm.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical::reference {

class ReferenceSegmentWriter {
 public:
  void add(const AnalyzedDocument& document) {
    std::array<std::uint16_t, kTextFieldCount> stored{};
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      stored[f] = cap16(document.lengths[f]);
      length_sums_[f] += stored[f];
    }
    for (const AnalyzedPosting& posting : document.postings) append(document, posting, stored);
    lengths_.push_back(stored);
    ++doc_count_;
  }

  void write(const std::string& path) const {
    std::vector<const std::pair<const std::string, PostingList>*> sorted;
    sorted.reserve(lists_.size());
    for (const auto& entry : lists_) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    std::array<std::uint64_t, kTextFieldCount> field_docs{};
    for (const auto& lengths : lengths_) {
      for (std::size_t f = 0; f < kTextFieldCount; ++f) field_docs[f] += lengths[f] > 0 ? 1 : 0;
    }
    const ReferenceNorm norm = ReferenceNorm::of(length_sums_, field_docs);
    // Version 2: the interleaved blocks this writer encodes (version 3 splits them,
    // posting_blocks.hpp; the fast writer writes version 2 when asked).
    store::FileWriter file(path, kLexiconMagic, 2);
    std::vector<TermInfo> infos;
    infos.reserve(sorted.size());
    ByteWriter chunk;
    for (const auto* entry : sorted) {
      const PostingList& list = entry->second;
      TermInfo info;
      info.doc_freq = list.doc_freq;
      info.skip_offset = file.size();
      std::vector<BlockSkip> skips = list.skips;
      for (std::size_t i = 0; i < list.postings.size(); ++i) {
        const auto& [doc, tf] = list.postings[i];
        float& max = skips[i / kBlockDocs].max_reference_tf;
        max = std::max(max, float_at_least(norm.tf_tilde(tf, lengths_[doc])));
      }
      chunk.clear();
      for (const BlockSkip& s : skips) write_block_skip(chunk, s);
      file.append(chunk.bytes());
      info.doc_offset = file.size();
      file.append(list.docs);
      info.position_offset = file.size();
      file.append(list.positions);
      info.end_offset = file.size();
      infos.push_back(info);
    }
    LexiconTail tail;
    tail.doc_count = doc_count_;
    tail.length_sums = length_sums_;
    tail.lengths_offset = file.size();
    chunk.clear();
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      for (const auto& lengths : lengths_) chunk.put_bytes(std::string_view(reinterpret_cast<const char*>(&lengths[f]), 2));
    }
    file.append(chunk.bytes());
    tail.lexicon_offset = file.size();
    chunk.clear();
    chunk.put_u32(static_cast<std::uint32_t>(sorted.size()));
    std::uint64_t key_offset = 0;
    for (const auto* entry : sorted) {
      chunk.put_u64(key_offset);
      key_offset += entry->first.size();
    }
    chunk.put_u64(key_offset);
    for (const auto* entry : sorted) chunk.put_bytes(entry->first);
    for (const TermInfo& info : infos) write_term_info(chunk, info);
    file.append(chunk.bytes());
    chunk.clear();
    write_tail(chunk, tail);
    file.append(chunk.bytes());
    file.finish();
  }

 private:
  struct PostingList {
    std::uint32_t doc_freq = 0;
    std::int64_t last_doc = -1;
    std::string docs;
    std::string positions;
    std::vector<BlockSkip> skips;
    std::vector<std::pair<std::uint32_t, std::array<std::uint32_t, kTextFieldCount>>> postings;  // doc, tfs
  };

  static std::uint16_t cap16(std::uint32_t v) { return static_cast<std::uint16_t>(std::min<std::uint32_t>(v, 65535)); }

  // Verbatim the old hot path (stack-buffer varints, heterogeneous lookup), so the bench
  // times what ingest ran before.
  void append(const AnalyzedDocument& document, const AnalyzedPosting& posting,
              const std::array<std::uint16_t, kTextFieldCount>& lengths) {
    const std::string_view key = document.key(posting);
    auto it = lists_.find(key);
    if (it == lists_.end()) it = lists_.emplace(std::string(key), PostingList{}).first;
    PostingList& list = it->second;
    if (list.doc_freq % kBlockDocs == 0) {
      BlockSkip skip;
      skip.doc_offset = static_cast<std::uint32_t>(list.docs.size());
      skip.position_offset = static_cast<std::uint32_t>(list.positions.size());
      skip.min_length.fill(65535);
      skip.max_reference_tf = 0;
      list.skips.push_back(skip);
    }
    char buffer[64];
    char* p = buffer;
    auto put_varint = [&p](std::uint64_t v) {
      while (v >= 0x80) {
        *p++ = static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
      }
      *p++ = static_cast<char>(v);
    };
    put_varint(static_cast<std::uint64_t>(static_cast<std::int64_t>(doc_count_) - list.last_doc - 1));
    *p++ = static_cast<char>(posting.mask);
    BlockSkip& skip = list.skips.back();
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if ((posting.mask >> f & 1) == 0) continue;
      put_varint(posting.tf[f]);
      skip.max_tf[f] = std::max(skip.max_tf[f], cap16(posting.tf[f]));
      skip.min_length[f] = std::min(skip.min_length[f], lengths[f]);
    }
    list.docs.append(buffer, static_cast<std::size_t>(p - buffer));
    std::array<std::uint32_t, kTextFieldCount> tf{};
    for (std::size_t f = 0; f < kTextFieldCount; ++f) tf[f] = (posting.mask >> f & 1) != 0 ? posting.tf[f] : 0;
    list.postings.emplace_back(doc_count_, tf);
    list.positions += document.positions(posting);
    skip.last_doc = doc_count_;
    list.last_doc = doc_count_;
    ++list.doc_freq;
  }

  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  std::unordered_map<std::string, PostingList, KeyHash, std::equal_to<>> lists_;
  std::vector<std::array<std::uint16_t, kTextFieldCount>> lengths_;
  std::array<std::uint64_t, kTextFieldCount> length_sums_{};
  std::uint32_t doc_count_ = 0;
};

}  // namespace medsearch::lexical::reference
