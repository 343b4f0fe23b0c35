#include "medsearch/store/id_map.hpp"

#include <algorithm>
#include <cstring>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kIdMapMagic = 0x31504d4448434d53ULL;  // "SMCHDMP1"
constexpr std::uint32_t kIdMapVersion = 1;

}  // namespace

bool id_less(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

void IdMapWriter::write(const std::string& path) {
  std::sort(entries_.begin(), entries_.end(), [](const auto& x, const auto& y) {
    return id_less(x.first, y.first) || (x.first == y.first && x.second < y.second);
  });
  ByteWriter out;
  out.put_u32(static_cast<std::uint32_t>(entries_.size()));
  for (const auto& entry : entries_) out.put_u32(entry.second);
  std::uint64_t offset = 0;
  for (const auto& entry : entries_) {
    out.put_u64(offset);
    offset += entry.first.size();
  }
  out.put_u64(offset);
  for (const auto& entry : entries_) out.put_bytes(entry.first);
  std::vector<std::uint32_t> rank_of_local(entries_.size(), 0);
  for (std::size_t rank = 0; rank < entries_.size(); ++rank) {
    if (entries_[rank].second >= entries_.size()) {
      throw Error(ErrorCode::InvalidArgument, path + ": record number " + std::to_string(entries_[rank].second) + " out of range");
    }
    rank_of_local[entries_[rank].second] = static_cast<std::uint32_t>(rank);
  }
  for (std::uint32_t rank : rank_of_local) out.put_u32(rank);
  write_file(path, kIdMapMagic, kIdMapVersion, out.bytes());
}

IdMapReader::IdMapReader(const std::string& path) : file_(path, kIdMapMagic, kIdMapVersion, /*verify_checksum=*/true) {
  const std::string_view payload = file_.payload();
  if (payload.size() < 4) throw Error(ErrorCode::Corrupt, path + ": id map too short");
  count_ = load_le<std::uint32_t>(payload.data());
  const std::uint64_t fixed = 4 + 4ULL * count_ + 8ULL * (count_ + 1);
  if (fixed > payload.size()) throw Error(ErrorCode::Corrupt, path + ": id map tables truncated");
  locals_ = payload.data() + 4;
  offsets_ = locals_ + 4ULL * count_;
  blob_ = offsets_ + 8ULL * (count_ + 1);
  if (load_le<std::uint64_t>(offsets_ + 8ULL * count_) + 4ULL * count_ != payload.size() - fixed) {
    throw Error(ErrorCode::Corrupt, path + ": id map blob size mismatch");
  }
  rank_of_local_ = blob_ + load_le<std::uint64_t>(offsets_ + 8ULL * count_);
  for (std::uint32_t local = 0; local < count_; ++local) {
    if (load_le<std::uint32_t>(rank_of_local_ + 4ULL * local) >= count_) throw Error(ErrorCode::Corrupt, path + ": bad reverse index");
  }
}

std::string_view IdMapReader::id_at(std::uint32_t rank) const {
  const auto begin = load_le<std::uint64_t>(offsets_ + 8ULL * rank);
  const auto end = load_le<std::uint64_t>(offsets_ + 8ULL * (rank + 1));
  return std::string_view(blob_ + begin, end - begin);
}

std::uint32_t IdMapReader::local_at(std::uint32_t rank) const { return load_le<std::uint32_t>(locals_ + 4ULL * rank); }

std::string_view IdMapReader::id_of(std::uint32_t local) const {
  return id_at(load_le<std::uint32_t>(rank_of_local_ + 4ULL * local));
}

bool IdMapReader::in_range(std::string_view id) const {
  return count_ > 0 && !id_less(id, id_at(0)) && !id_less(id_at(count_ - 1), id);
}

std::vector<std::uint32_t> IdMapReader::find(std::string_view id) const {
  if (!in_range(id)) return {};
  std::uint32_t lo = 0, hi = count_;
  while (lo < hi) {  // first rank whose id >= `id`
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (id_less(id_at(mid), id)) lo = mid + 1; else hi = mid;
  }
  std::vector<std::uint32_t> locals;
  for (std::uint32_t r = lo; r < count_ && id_at(r) == id; ++r) locals.push_back(local_at(r));
  return locals;
}

}  // namespace medsearch::store
