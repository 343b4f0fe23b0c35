#include "medsearch/lexical/segment_index_writer.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/lexical/lexicon_format.hpp"
#include "medsearch/lexical/posting_blocks.hpp"
#include "medsearch/lexical/reference_norm.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::lexical {
namespace {

std::uint16_t cap16(std::uint32_t v) { return static_cast<std::uint16_t>(std::min<std::uint32_t>(v, 65535)); }

// write() gathers small runs into a buffer of about this size per FileWriter::append.
constexpr std::size_t kFlushBytes = 256 << 10;

// Sets each block's max_reference_tf from the list's doc stream (`doc_freq` postings,
// encoded as append() encodes them): `skips` holds one entry per block.
void set_reference_maxima(std::string_view doc_stream, std::uint32_t doc_freq,
                          const std::vector<std::array<std::uint16_t, kTextFieldCount>>& lengths,
                          const ReferenceNorm& reference, std::vector<BlockSkip>& skips) {
  for (BlockSkip& skip : skips) skip.max_reference_tf = 0;
  ByteReader docs(doc_stream, "the postings being written");
  std::int64_t previous = -1;
  std::array<std::uint32_t, kTextFieldCount> tf{};
  for (std::uint32_t i = 0; i < doc_freq; ++i) {
    const auto doc = static_cast<std::uint32_t>(previous + 1 + static_cast<std::int64_t>(docs.get_varint()));
    previous = doc;
    const std::uint8_t mask = docs.get_u8();
    for (std::size_t f = 0; f < kTextFieldCount; ++f)
      tf[f] = (mask >> f & 1) != 0 ? static_cast<std::uint32_t>(docs.get_varint()) : 0;
    float& max = skips[i / kBlockDocs].max_reference_tf;
    max = std::max(max, float_at_least(reference.tf_tilde(tf, lengths[doc])));
  }
}

}  // namespace

BlockSkip SegmentIndexWriter::open_block(const PostingList& list) {
  BlockSkip skip;
  skip.last_doc = list.last_doc;
  skip.doc_offset = list.block_doc_offset;
  skip.position_offset = list.block_position_offset;
  skip.max_tf = list.block_max_tf;
  skip.min_length = list.block_min_length;
  return skip;
}

void SegmentIndexWriter::append(const AnalyzedDocument& document, const AnalyzedPosting& posting,
                                const std::array<std::uint16_t, kTextFieldCount>& lengths) {
  PostingList& list = terms_.find_or_insert(document.key(posting)).value;
  if (list.doc_freq % kBlockDocs == 0) {
    // Every kBlockDocs postings: the full block's skip goes to the skip stream (once per
    // 128 postings, so the ByteWriter here is not on the per-posting path).
    if (list.doc_freq > 0) {
      ByteWriter encoded;
      write_block_skip(encoded, open_block(list));
      pool_.append(list.skips, encoded.bytes().data(), encoded.size());
    }
    list.block_doc_offset = list.docs.size;
    list.block_position_offset = list.positions.size;
    list.block_max_tf.fill(0);
    list.block_min_length.fill(65535);
  }
  // Varints straight into a stack buffer: this runs once per posting.
  char buffer[64];
  char* p = buffer;
  auto put_varint = [&p](std::uint64_t v) {
    while (v >= 0x80) {
      *p++ = static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<char>(v);
  };
  // Gap from the previous doc of the list, or doc + 1 for the first (posting_format.hpp).
  put_varint(list.doc_freq == 0 ? doc_count_ : doc_count_ - list.last_doc - 1);
  *p++ = static_cast<char>(posting.mask);
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    if ((posting.mask >> f & 1) == 0) continue;
    put_varint(posting.tf[f]);
    list.block_max_tf[f] = std::max(list.block_max_tf[f], cap16(posting.tf[f]));
    list.block_min_length[f] = std::min(list.block_min_length[f], lengths[f]);
  }
  pool_.append(list.docs, buffer, static_cast<std::size_t>(p - buffer));
  const std::string_view positions = document.positions(posting);
  pool_.append(list.positions, positions.data(), positions.size());
  list.last_doc = doc_count_;
  ++list.doc_freq;
}

void SegmentIndexWriter::add(const AnalyzedDocument& document) {
  // The stored (capped) lengths bound and score alike, so block bounds stay valid.
  std::array<std::uint16_t, kTextFieldCount> stored{};
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    stored[f] = cap16(document.lengths[f]);
    length_sums_[f] += stored[f];
  }
  for (const AnalyzedPosting& posting : document.postings) append(document, posting, stored);
  lengths_.push_back(stored);
  ++doc_count_;
}

void SegmentIndexWriter::add(const Article& article) {
  analyzer_.analyze(article, scratch_);
  add(scratch_);
}

std::size_t SegmentIndexWriter::memory_bytes() const {
  return pool_.allocated_bytes() + terms_.memory_bytes() + lengths_.capacity() * sizeof(lengths_[0]);
}

void SegmentIndexWriter::write(const std::string& path, std::uint32_t format_version) const {
  std::vector<std::uint32_t> sorted(terms_.size());
  std::iota(sorted.begin(), sorted.end(), 0u);
  std::sort(sorted.begin(), sorted.end(),
            [this](std::uint32_t a, std::uint32_t b) { return terms_.key(terms_[a]) < terms_.key(terms_[b]); });

  std::array<std::uint64_t, kTextFieldCount> field_docs{};
  for (const auto& lengths : lengths_) {
    for (std::size_t f = 0; f < kTextFieldCount; ++f) field_docs[f] += lengths[f] != 0;
  }
  const ReferenceNorm reference = ReferenceNorm::of(length_sums_, field_docs);
  std::string skip_stream, doc_stream, split_stream;
  std::vector<BlockSkip> skips;
  std::vector<std::uint32_t> block_starts;

  store::FileWriter file(path, kLexiconMagic, format_version);
  std::string out;
  out.reserve(kFlushBytes + SlicePool::slice_bytes(SlicePool::kMaxLevel));
  auto offset = [&] { return file.size() + out.size(); };
  auto put = [&out](std::string_view run) { out.append(run); };
  std::vector<TermInfo> infos;
  infos.reserve(sorted.size());
  ByteWriter chunk;
  for (const std::uint32_t id : sorted) {
    const PostingList& list = terms_[id].value;
    TermInfo info;
    info.doc_freq = list.doc_freq;
    // The completed blocks' skips as append() encoded them, then the open block (every key
    // has a posting, so there is one), with their reference maxima set.
    skip_stream.clear();
    pool_.for_each_run(list.skips, [&](std::string_view run) { skip_stream.append(run); });
    skips.clear();
    for (std::size_t at = 0; at + kBlockSkipBytes <= skip_stream.size(); at += kBlockSkipBytes) {
      skips.push_back(read_block_skip(skip_stream.data() + at));
    }
    skips.push_back(open_block(list));
    doc_stream.clear();
    pool_.for_each_run(list.docs, [&](std::string_view run) { doc_stream.append(run); });
    set_reference_maxima(doc_stream, list.doc_freq, lengths_, reference, skips);
    if (has_split_blocks(format_version)) {
      split_blocks(doc_stream, list.doc_freq, path, split_stream, block_starts);
      doc_stream.swap(split_stream);
      for (std::size_t b = 0; b < skips.size(); ++b) skips[b].doc_offset = block_starts[b];
    }
    info.skip_offset = offset();
    chunk.clear();
    for (const BlockSkip& skip : skips) write_block_skip(chunk, skip, format_version);
    out.append(chunk.bytes());
    info.doc_offset = offset();
    out.append(doc_stream);
    info.position_offset = offset();
    pool_.for_each_run(list.positions, put);
    info.end_offset = offset();
    infos.push_back(info);
    if (out.size() >= kFlushBytes) {
      file.append(out);
      out.clear();
    }
  }
  file.append(out);
  out.clear();

  LexiconTail tail;
  tail.doc_count = doc_count_;
  tail.length_sums = length_sums_;
  tail.lengths_offset = file.size();
  chunk.clear();
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    for (const auto& lengths : lengths_) chunk.put_bytes(std::string_view(reinterpret_cast<const char*>(&lengths[f]), 2));
  }
  file.append(chunk.bytes());
  finish_lexicon(file, tail, [&](std::size_t i) { return terms_.key(terms_[sorted[i]]); }, infos);
}

}  // namespace medsearch::lexical
