#include "medsearch/lexical/lexicon_format.hpp"

#include <bit>
#include <cstring>

namespace medsearch::lexical {
namespace {

// Reads a value and moves past it.
template <typename T>
T load(const char*& p) {
  const T v = load_le<T>(p);
  p += sizeof(T);
  return v;
}

}  // namespace

void write_block_skip(ByteWriter& out, const BlockSkip& s, std::uint32_t version) {
  out.put_u32(s.last_doc);
  out.put_u32(s.doc_offset);
  out.put_u32(s.position_offset);
  for (std::uint16_t v : s.max_tf) out.put_bytes(std::string_view(reinterpret_cast<const char*>(&v), 2));
  for (std::uint16_t v : s.min_length) out.put_bytes(std::string_view(reinterpret_cast<const char*>(&v), 2));
  if (version >= 2) out.put_u32(std::bit_cast<std::uint32_t>(s.max_reference_tf));
}

BlockSkip read_block_skip(const char* p, std::uint32_t version) {
  BlockSkip s;
  s.last_doc = load<std::uint32_t>(p);
  s.doc_offset = load<std::uint32_t>(p);
  s.position_offset = load<std::uint32_t>(p);
  for (std::uint16_t& v : s.max_tf) v = load<std::uint16_t>(p);
  for (std::uint16_t& v : s.min_length) v = load<std::uint16_t>(p);
  if (version >= 2) {
    s.max_reference_tf = std::bit_cast<float>(load<std::uint32_t>(p));
    // A value that is not a non-negative number (a damaged file) bounds nothing.
    if (!(s.max_reference_tf >= 0)) s.max_reference_tf = kNoReferenceTf;
  }
  return s;
}

void write_term_info(ByteWriter& out, const TermInfo& info) {
  out.put_u32(info.doc_freq);
  out.put_u64(info.skip_offset);
  out.put_u64(info.doc_offset);
  out.put_u64(info.position_offset);
  out.put_u64(info.end_offset);
}

TermInfo read_term_info(const char* p) {
  TermInfo info;
  info.doc_freq = load<std::uint32_t>(p);
  info.skip_offset = load<std::uint64_t>(p);
  info.doc_offset = load<std::uint64_t>(p);
  info.position_offset = load<std::uint64_t>(p);
  info.end_offset = load<std::uint64_t>(p);
  return info;
}

void write_tail(ByteWriter& out, const LexiconTail& tail) {
  out.put_u64(tail.lengths_offset);
  out.put_u64(tail.lexicon_offset);
  out.put_u64(tail.doc_count);
  for (std::uint64_t v : tail.length_sums) out.put_u64(v);
  out.put_u64(tail.reserved);
}

LexiconTail read_tail(const char* p) {
  LexiconTail tail;
  tail.lengths_offset = load<std::uint64_t>(p);
  tail.lexicon_offset = load<std::uint64_t>(p);
  tail.doc_count = load<std::uint64_t>(p);
  for (std::uint64_t& v : tail.length_sums) v = load<std::uint64_t>(p);
  tail.reserved = load<std::uint64_t>(p);
  return tail;
}

void finish_lexicon(store::FileWriter& file, LexiconTail tail, const std::function<std::string_view(std::size_t)>& key_at,
                    const std::vector<TermInfo>& infos) {
  tail.lexicon_offset = file.size();
  ByteWriter chunk;
  chunk.put_u32(static_cast<std::uint32_t>(infos.size()));
  std::uint64_t key_offset = 0;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    chunk.put_u64(key_offset);
    key_offset += key_at(i).size();
  }
  chunk.put_u64(key_offset);
  for (std::size_t i = 0; i < infos.size(); ++i) chunk.put_bytes(key_at(i));
  for (const TermInfo& info : infos) write_term_info(chunk, info);
  write_tail(chunk, tail);
  file.append(chunk.bytes());
  file.finish();
}

}  // namespace medsearch::lexical
