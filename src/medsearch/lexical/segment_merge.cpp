#include "medsearch/lexical/segment_merge.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/posting_blocks.hpp"
#include "medsearch/lexical/posting_format.hpp"
#include "medsearch/lexical/reference_norm.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {
namespace {

std::uint16_t cap16(std::uint32_t v) { return static_cast<std::uint16_t>(std::min<std::uint32_t>(v, 65535)); }

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// One output posting list being built, encoded as SegmentIndexWriter::append encodes it
// (interleaved blocks, split when written),
// with the reference maxima SegmentIndexWriter::write sets (over the merged segment's
// `reference`).
struct ListBuilder {
  explicit ListBuilder(const ReferenceNorm& norm) : reference(norm) {}
  const ReferenceNorm& reference;
  std::uint32_t doc_freq = 0;
  std::int64_t last_doc = -1;
  std::string docs;
  std::string positions;
  std::vector<BlockSkip> skips;

  void add(std::uint32_t doc, std::uint8_t mask, const std::array<std::uint32_t, kTextFieldCount>& tf,
           const SegmentIndex& input, std::uint32_t local, std::string_view position_bytes) {
    if (doc_freq % kBlockDocs == 0) {
      BlockSkip skip;
      skip.doc_offset = static_cast<std::uint32_t>(docs.size());
      skip.position_offset = static_cast<std::uint32_t>(positions.size());
      skip.min_length.fill(65535);
      skip.max_reference_tf = 0;
      skips.push_back(skip);
    }
    put_varint(docs, static_cast<std::uint64_t>(static_cast<std::int64_t>(doc) - last_doc - 1));
    docs.push_back(static_cast<char>(mask));
    BlockSkip& skip = skips.back();
    std::array<std::uint16_t, kTextFieldCount> lengths{};
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if ((mask >> f & 1) == 0) continue;
      put_varint(docs, tf[f]);
      lengths[f] = input.field_length(local, f);
      skip.max_tf[f] = std::max(skip.max_tf[f], cap16(tf[f]));
      skip.min_length[f] = std::min(skip.min_length[f], lengths[f]);
    }
    skip.max_reference_tf = std::max(skip.max_reference_tf, float_at_least(reference.tf_tilde(tf, lengths)));
    positions.append(position_bytes);
    skip.last_doc = doc;
    last_doc = doc;
    ++doc_freq;
  }
};

// Appends every posting of one input list to `out`, its documents shifted by `doc_base`.
void copy_list(const SegmentIndex& input, const TermInfo& info, std::uint32_t doc_base, ListBuilder& out) {
  std::string_view doc_stream(input.bytes(info.doc_offset, info.position_offset - info.doc_offset),
                              info.position_offset - info.doc_offset);
  // A version 3 input's split blocks, read interleaved like an older input's.
  std::string interleaved;
  if (has_split_blocks(input.format_version())) {
    interleaved = interleave_blocks(doc_stream, info.doc_freq, input.path());
    doc_stream = interleaved;
  }
  const std::string_view position_stream(input.bytes(info.position_offset, info.end_offset - info.position_offset),
                                         info.end_offset - info.position_offset);
  const bool has_positions = !position_stream.empty();  // keyword lists have none
  ByteReader docs(doc_stream, input.path());
  ByteReader positions(position_stream, input.path());
  std::int64_t previous = -1;
  std::array<std::uint32_t, kTextFieldCount> tf{};
  for (std::uint32_t i = 0; i < info.doc_freq; ++i) {
    const std::uint64_t local = static_cast<std::uint64_t>(previous + 1) + docs.get_varint();
    if (local >= input.doc_count()) throw Error(ErrorCode::Corrupt, input.path() + ": posting past the last document");
    previous = static_cast<std::int64_t>(local);
    const std::uint8_t mask = docs.get_u8();
    tf.fill(0);
    for (std::size_t f = 0; f < kTextFieldCount; ++f) {
      if ((mask >> f & 1) != 0) tf[f] = static_cast<std::uint32_t>(docs.get_varint());
    }
    const std::size_t position_start = positions.position();
    if (has_positions) {
      for (std::size_t f = 0; f < kTextFieldCount; ++f) {
        for (std::uint32_t p = 0; p < tf[f]; ++p) positions.get_varint();
      }
    }
    const auto local32 = static_cast<std::uint32_t>(local);
    out.add(doc_base + local32, mask, tf, input, local32,
            position_stream.substr(position_start, positions.position() - position_start));
  }
}

}  // namespace

void merge_segment_indexes(const std::vector<const SegmentIndex*>& inputs, const std::string& path) {
  std::vector<std::uint32_t> doc_bases;
  std::uint64_t doc_count = 0;
  LexiconTail tail;
  for (const SegmentIndex* input : inputs) {
    doc_bases.push_back(static_cast<std::uint32_t>(doc_count));
    doc_count += input->doc_count();
    for (std::size_t f = 0; f < kTextFieldCount; ++f) tail.length_sums[f] += input->length_sums()[f];
  }
  if (doc_count >= UINT32_MAX) throw Error(ErrorCode::InvalidArgument, path + ": merged segment would exceed 2^32-1 documents");
  tail.doc_count = doc_count;
  std::array<std::uint64_t, kTextFieldCount> field_docs{};
  for (const SegmentIndex* input : inputs) {
    for (std::size_t f = 0; f < kTextFieldCount; ++f) field_docs[f] += input->field_doc_counts()[f];
  }
  const ReferenceNorm reference = ReferenceNorm::of(tail.length_sums, field_docs);

  store::FileWriter file(path, kLexiconMagic, kLexiconVersion);
  std::string keys;                       // the output's keys, concatenated
  std::vector<std::uint64_t> key_ends;    // end of each key in `keys`
  std::vector<TermInfo> infos;
  std::vector<std::uint32_t> rank(inputs.size(), 0);  // each input's next key
  std::vector<std::uint32_t> block_starts;
  std::string doc_stream;  // a list's, split
  ByteWriter chunk;
  for (;;) {
    // The smallest next key over the inputs (byte order, as the lexicons are sorted).
    std::string_view key;
    bool any = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (rank[i] >= inputs[i]->key_count()) continue;
      const std::string_view k = inputs[i]->key_at(rank[i]);
      if (!any || k < key) key = k, any = true;
    }
    if (!any) break;
    // `key` views an input's mapped file, which outlives this loop.
    ListBuilder list(reference);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (rank[i] >= inputs[i]->key_count() || inputs[i]->key_at(rank[i]) != key) continue;
      copy_list(*inputs[i], inputs[i]->info_at(rank[i]), doc_bases[i], list);
      ++rank[i];
    }
    // kLexiconVersion: split blocks, which start elsewhere than the interleaved ones.
    split_blocks(list.docs, list.doc_freq, path, doc_stream, block_starts);
    for (std::size_t b = 0; b < list.skips.size(); ++b) list.skips[b].doc_offset = block_starts[b];
    TermInfo info;
    info.doc_freq = list.doc_freq;
    info.skip_offset = file.size();
    chunk.clear();
    for (const BlockSkip& s : list.skips) write_block_skip(chunk, s);
    file.append(chunk.bytes());
    info.doc_offset = file.size();
    file.append(doc_stream);
    info.position_offset = file.size();
    file.append(list.positions);
    info.end_offset = file.size();
    infos.push_back(info);
    keys += key;
    key_ends.push_back(keys.size());
  }

  tail.lengths_offset = file.size();
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    chunk.clear();
    for (const SegmentIndex* input : inputs) {
      for (std::uint32_t local = 0; local < input->doc_count(); ++local) {
        const std::uint16_t length = input->field_length(local, f);
        chunk.put_bytes(std::string_view(reinterpret_cast<const char*>(&length), 2));
      }
    }
    file.append(chunk.bytes());
  }
  finish_lexicon(
      file, tail,
      [&](std::size_t i) {
        const std::size_t begin = i == 0 ? 0 : key_ends[i - 1];
        return std::string_view(keys).substr(begin, key_ends[i] - begin);
      },
      infos);
}

}  // namespace medsearch::lexical
