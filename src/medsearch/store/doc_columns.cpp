#include "medsearch/store/doc_columns.hpp"

#include <cstring>
#include <mutex>

#include "medsearch/core/byte_codec.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/store/facet_rows.hpp"

namespace medsearch::store {
namespace {

constexpr std::uint64_t kColumnsMagic = 0x314c4f4348434d53ULL;  // "SMCHCOL1"
constexpr std::uint32_t kColumnsVersion = 1;

}  // namespace

std::string_view string_column_name(StringColumn column) {
  switch (column) {
    case StringColumn::Journal: return "journal";
    case StringColumn::Language: return "language";
    case StringColumn::PublicationType: return "publication_type";
    case StringColumn::MeshUi: return "mesh_ui";
  }
  return "unknown";
}

void DocColumnsWriter::add(const DocAttributes& attributes) {
  year_.push_back(attributes.year);
  month_.push_back(attributes.month);
  flags_.push_back(attributes.flags);
  for (std::size_t c = 0; c < kStringColumnCount; ++c) {
    Column& column = columns_[c];
    for (const std::string& value : attributes.strings[c]) {
      auto [it, inserted] = column.term_ids.try_emplace(value, static_cast<std::uint32_t>(column.terms.size()));
      if (inserted) column.terms.push_back(value);
      column.values.push_back(it->second);
    }
    column.row_offsets.push_back(column.values.size());
  }
}

void DocColumnsWriter::write(const std::string& path) const {
  ByteWriter out;
  out.put_u32(size());
  out.put_bytes(std::string_view(reinterpret_cast<const char*>(year_.data()), year_.size() * 2));
  out.put_bytes(std::string_view(reinterpret_cast<const char*>(month_.data()), month_.size()));
  out.put_bytes(std::string_view(reinterpret_cast<const char*>(flags_.data()), flags_.size()));
  for (const Column& column : columns_) {
    out.put_u32(static_cast<std::uint32_t>(column.terms.size()));
    std::uint64_t offset = 0;
    for (const std::string& term : column.terms) {
      out.put_u64(offset);
      offset += term.size();
    }
    out.put_u64(offset);
    for (const std::string& term : column.terms) out.put_bytes(term);
    for (std::uint64_t row : column.row_offsets) out.put_u64(row);
    for (std::uint32_t value : column.values) out.put_u32(value);
  }
  write_file(path, kColumnsMagic, kColumnsVersion, out.bytes());
}

struct DocColumnsReader::LazyFacetRows {
  std::once_flag once;
  std::unique_ptr<FacetRows> rows;
};

DocColumnsReader::~DocColumnsReader() = default;

const FacetRows& DocColumnsReader::facet_rows() const {
  std::call_once(facet_rows_->once, [this] { facet_rows_->rows = std::make_unique<FacetRows>(*this); });
  return *facet_rows_->rows;
}

DocColumnsReader::DocColumnsReader(const std::string& path)
    : file_(path, kColumnsMagic, kColumnsVersion, /*verify_checksum=*/true), facet_rows_(std::make_unique<LazyFacetRows>()) {
  // Walk the sections with a bounds-checked reader; keep pointers into the map.
  ByteReader reader(file_.payload(), path);
  doc_count_ = reader.get_u32();
  year_ = reader.get_bytes(2ULL * doc_count_).data();
  month_ = reader.get_bytes(doc_count_).data();
  flags_ = reader.get_bytes(doc_count_).data();
  for (Column& column : columns_) {
    column.term_count = reader.get_u32();
    column.term_offsets = reader.get_bytes(8ULL * (column.term_count + 1)).data();
    const auto term_bytes = load_le<std::uint64_t>(column.term_offsets + 8ULL * column.term_count);
    column.term_bytes = reader.get_bytes(term_bytes).data();
    column.row_offsets = reader.get_bytes(8ULL * (doc_count_ + 1)).data();
    const auto value_count = load_le<std::uint64_t>(column.row_offsets + 8ULL * doc_count_);
    column.values = reader.get_bytes(4 * value_count).data();
  }
  if (!reader.at_end()) throw Error(ErrorCode::Corrupt, path + ": trailing bytes after the columns");
}

std::uint16_t DocColumnsReader::year(std::uint32_t local) const { return load_le<std::uint16_t>(year_ + 2ULL * local); }
std::uint8_t DocColumnsReader::month(std::uint32_t local) const { return static_cast<std::uint8_t>(month_[local]); }
std::uint8_t DocColumnsReader::flags(std::uint32_t local) const { return static_cast<std::uint8_t>(flags_[local]); }

std::string_view DocColumnsReader::term(const Column& column, std::uint32_t term_id) const {
  if (term_id >= column.term_count) throw Error(ErrorCode::Corrupt, file_.path() + ": term id out of range");
  const auto begin = load_le<std::uint64_t>(column.term_offsets + 8ULL * term_id);
  const auto end = load_le<std::uint64_t>(column.term_offsets + 8ULL * (term_id + 1));
  return std::string_view(column.term_bytes + begin, end - begin);
}

std::vector<std::string_view> DocColumnsReader::strings(StringColumn which, std::uint32_t local) const {
  const Column& column = columns_[static_cast<std::size_t>(which)];
  const auto begin = load_le<std::uint64_t>(column.row_offsets + 8ULL * local);
  const auto end = load_le<std::uint64_t>(column.row_offsets + 8ULL * (local + 1));
  std::vector<std::string_view> out;
  for (std::uint64_t i = begin; i < end; ++i) out.push_back(term(column, load_le<std::uint32_t>(column.values + 4 * i)));
  return out;
}

DocAttributes DocColumnsReader::attributes(std::uint32_t local) const {
  DocAttributes a;
  a.year = year(local);
  a.month = month(local);
  a.flags = flags(local);
  for (std::size_t c = 0; c < kStringColumnCount; ++c) {
    for (std::string_view s : strings(static_cast<StringColumn>(c), local)) a.strings[c].emplace_back(s);
  }
  return a;
}

}  // namespace medsearch::store
