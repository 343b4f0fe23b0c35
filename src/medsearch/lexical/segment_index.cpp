#include "medsearch/lexical/segment_index.hpp"

#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::lexical {
namespace {

// Files up to this size are checksummed whole at open; larger ones rely on the bounds
// checks here and on `medsearch verify` (reading many GB at every open would be slow).
constexpr std::uint64_t kVerifyAtOpenBytes = 1ULL << 30;

}  // namespace

SegmentIndex::SegmentIndex(const std::string& path)
    : file_(path, kLexiconMagic, store::FormatVersions{kLexiconOldestVersion, kLexiconVersion},
            /*verify_checksum=*/false),
      skip_bytes_(block_skip_bytes(file_.format_version())) {
  const std::string_view payload = file_.payload();
  if (payload.size() <= kVerifyAtOpenBytes) file_.verify();
  if (payload.size() < kLexiconTailBytes) throw Error(ErrorCode::Corrupt, path + ": lexical index too short");
  tail_ = read_tail(payload.data() + payload.size() - kLexiconTailBytes);
  const std::uint64_t tail_start = payload.size() - kLexiconTailBytes;
  const std::uint64_t lengths_bytes = tail_.doc_count * 2 * kTextFieldCount;
  if (tail_.lengths_offset + lengths_bytes != tail_.lexicon_offset || tail_.lexicon_offset + 4 > tail_start) {
    throw Error(ErrorCode::Corrupt, path + ": lexical index sections do not line up");
  }
  lengths_ = payload.data() + tail_.lengths_offset;
  key_count_ = load_le<std::uint32_t>(payload.data() + tail_.lexicon_offset);
  key_offsets_ = payload.data() + tail_.lexicon_offset + 4;
  const std::uint64_t offsets_bytes = 8ULL * (key_count_ + 1);
  if (tail_.lexicon_offset + 4 + offsets_bytes > tail_start) throw Error(ErrorCode::Corrupt, path + ": lexicon truncated");
  key_bytes_ = key_offsets_ + offsets_bytes;
  const std::uint64_t key_bytes = load_le<std::uint64_t>(key_offsets_ + 8ULL * key_count_);
  infos_ = key_bytes_ + key_bytes;
  if (tail_.lexicon_offset + 4 + offsets_bytes + key_bytes + kTermInfoBytes * key_count_ != tail_start) {
    throw Error(ErrorCode::Corrupt, path + ": lexicon size mismatch");
  }
  for (std::size_t f = 0; f < kTextFieldCount; ++f) {
    const char* column = lengths_ + 2 * f * tail_.doc_count;
    std::uint64_t n = 0;
    for (std::uint64_t d = 0; d < tail_.doc_count; ++d) n += (column[2 * d] | column[2 * d + 1]) != 0;
    field_docs_[f] = n;
  }
  reference_norm_ = ReferenceNorm::of(tail_.length_sums, field_docs_);
}

std::uint16_t SegmentIndex::field_length(std::uint32_t local, std::size_t field) const {
  return load_le<std::uint16_t>(lengths_ + 2 * (field * tail_.doc_count + local));
}

std::string_view SegmentIndex::key_at(std::uint32_t rank) const {
  const auto begin = load_le<std::uint64_t>(key_offsets_ + 8ULL * rank);
  const auto end = load_le<std::uint64_t>(key_offsets_ + 8ULL * (rank + 1));
  if (begin > end) throw Error(ErrorCode::Corrupt, path() + ": bad key offsets");
  return std::string_view(key_bytes_ + begin, end - begin);
}

TermInfo SegmentIndex::info_at(std::uint32_t rank) const {
  const TermInfo info = read_term_info(infos_ + kTermInfoBytes * rank);
  const std::uint64_t skips_end = info.skip_offset + skip_bytes_ * info.block_count();
  if (info.doc_freq == 0 || skips_end != info.doc_offset || info.doc_offset > info.position_offset ||
      info.position_offset > info.end_offset || info.end_offset > tail_.lengths_offset) {
    throw Error(ErrorCode::Corrupt, path() + ": bad posting offsets for key " + std::to_string(rank));
  }
  return info;
}

std::optional<TermInfo> SegmentIndex::find(std::string_view key) const {
  std::uint32_t lo = 0, hi = key_count_;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (key_at(mid) < key) lo = mid + 1; else hi = mid;
  }
  if (lo < key_count_ && key_at(lo) == key) return info_at(lo);
  return std::nullopt;
}

std::vector<std::pair<std::string, TermInfo>> SegmentIndex::with_prefix(std::string_view key_prefix, std::size_t limit,
                                                                         DeadlineCheck* check) const {
  std::uint32_t lo = 0, hi = key_count_;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (key_at(mid) < key_prefix) lo = mid + 1; else hi = mid;
  }
  std::vector<std::pair<std::string, TermInfo>> out;
  for (std::uint32_t r = lo; r < key_count_ && out.size() < limit && key_at(r).starts_with(key_prefix); ++r) {
    if (check != nullptr) check->tick();
    out.emplace_back(std::string(key_at(r)), info_at(r));
  }
  return out;
}

const char* SegmentIndex::bytes(std::uint64_t offset, std::uint64_t size) const {
  if (offset + size > file_.payload().size() || offset + size < offset) {
    throw Error(ErrorCode::Corrupt, path() + ": read past the end of the lexical index");
  }
  return file_.payload().data() + offset;
}

}  // namespace medsearch::lexical
