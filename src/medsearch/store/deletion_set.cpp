#include "medsearch/store/deletion_set.hpp"

#include <bit>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kDeletionMagic = 0x314c454448434d53ULL;  // "SMCHDEL1"
constexpr std::uint32_t kDeletionVersion = 1;

}  // namespace

bool DeletionSet::insert(std::uint32_t doc) {
  if (contains(doc)) return false;
  if (doc >= size_) {
    size_ = doc + 1;
    words_.resize((static_cast<std::size_t>(size_) + 63) / 64, 0);
  }
  words_[doc >> 6] |= std::uint64_t{1} << (doc & 63);
  ++count_;
  return true;
}

void DeletionSet::save(const std::string& path) const {
  ByteWriter out;
  out.put_u32(size_);
  for (std::uint64_t word : words_) out.put_u64(word);
  write_file(path, kDeletionMagic, kDeletionVersion, out.bytes());
}

DeletionSet DeletionSet::load(const std::string& path) {
  MappedFile file(path, kDeletionMagic, kDeletionVersion, /*verify_checksum=*/true);
  ByteReader reader(file.payload(), path);
  DeletionSet set;
  set.size_ = reader.get_u32();
  set.words_.resize((static_cast<std::size_t>(set.size_) + 63) / 64);
  for (std::uint64_t& word : set.words_) {
    word = reader.get_u64();
    set.count_ += static_cast<std::uint64_t>(std::popcount(word));
  }
  if (!reader.at_end()) throw Error(ErrorCode::Corrupt, path + ": trailing bytes after the deletion bitset");
  return set;
}

}  // namespace medsearch::store
