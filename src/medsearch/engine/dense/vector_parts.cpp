#include "medsearch/engine/dense/vector_parts.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {
namespace fs = std::filesystem;
namespace {

bool marker_matches(const std::string& path, const std::string& model_id, std::size_t dim) {
  std::ifstream in(path);
  if (!in) return false;
  try {
    const auto j = nlohmann::json::parse(in);
    return j.at("model").get<std::string>() == model_id && j.at("dim").get<std::size_t>() == dim;
  } catch (const std::exception&) {
    return false;  // an unreadable marker: the parts are encoded again
  }
}

}  // namespace

const std::vector<std::uint32_t>& PartListing::of(const std::string& segment) const {
  static const std::vector<std::uint32_t> none;
  const auto it = std::find(segments.begin(), segments.end(), segment);
  return it == segments.end() ? none : firsts[static_cast<std::size_t>(it - segments.begin())];
}

PartListing list_vector_parts(const std::string& dir) {
  std::map<std::string, std::vector<std::uint32_t>> by_segment;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (const auto name = parse_partial_vectors_name(entry.path().filename().string())) {
      by_segment[name->segment].push_back(name->first_row);
    }
  }
  PartListing listing;
  for (auto& [segment, firsts] : by_segment) {
    std::sort(firsts.begin(), firsts.end());
    listing.segments.push_back(segment);
    listing.firsts.push_back(std::move(firsts));
  }
  return listing;
}

std::vector<VectorPart> usable_vector_parts(const std::string& dir, const std::string& segment, std::uint32_t doc_count,
                                            const std::vector<std::uint32_t>& part_firsts, const std::string& model_id,
                                            std::size_t dim, std::uint32_t chunk_rows) {
  const std::string marker = partial_vectors_meta_path(dir, segment);
  const bool current = marker_matches(marker, model_id, dim);
  std::vector<VectorPart> parts;
  const std::uint64_t row_bytes = dim * sizeof(float);
  std::uint32_t covered = 0;  // the end of the last kept part
  for (const std::uint32_t first : part_firsts) {
    const std::string path = partial_vectors_path(dir, segment, first);
    std::uint64_t rows = 0;
    if (current && first >= covered && first < doc_count) {
      rows = std::min<std::uint64_t>(fs::file_size(path) / row_bytes, doc_count - first);
      const std::uint64_t end = first + rows;
      if (end < doc_count) rows = std::max<std::uint64_t>(end / chunk_rows * chunk_rows, first) - first;
    }
    if (rows == 0) {
      fs::remove(path);
      continue;
    }
    fs::resize_file(path, rows * row_bytes);  // a torn row or chunk is dropped
    parts.push_back({first, static_cast<std::uint32_t>(rows)});
    covered = first + static_cast<std::uint32_t>(rows);
  }
  if (!current) {
    std::ofstream out(marker);
    out << nlohmann::json{{"model", model_id}, {"dim", dim}}.dump();
    out.close();
    if (!out) throw_io_error("cannot write", marker);
  }
  return parts;
}

std::vector<MissingRows> missing_rows(const std::vector<VectorPart>& parts, std::uint32_t doc_count) {
  std::vector<MissingRows> missing;
  std::uint32_t next = 0;        // the first row not yet accounted for
  std::uint32_t append_to = 0;   // the part ending at `next` (== next: none)
  for (const VectorPart& part : parts) {
    if (part.first > next) missing.push_back({next, part.first, append_to});
    next = part.first + part.rows;
    append_to = part.first;
  }
  if (next < doc_count) missing.push_back({next, doc_count, append_to});
  return missing;
}

void publish_vector_parts(const std::string& dir, const std::string& segment, std::uint32_t doc_count,
                          const std::string& model_id, std::size_t dim) {
  const std::vector<std::uint32_t> firsts = list_vector_parts(dir).of(segment);
  vector::VectorFileWriter writer(vectors_path(dir, segment), dim, model_id);
  const std::size_t row_bytes = dim * sizeof(float);
  std::vector<float> rows(std::size_t(4096) * dim);
  std::uint32_t done = 0;
  for (const std::uint32_t first : firsts) {
    const std::string path = partial_vectors_path(dir, segment, first);
    const std::uint64_t bytes = fs::file_size(path);
    if (first != done || bytes % row_bytes != 0 || bytes / row_bytes > doc_count - done) {
      throw Error(ErrorCode::Corrupt, path + ": a vector part of " + std::to_string(bytes / row_bytes) + " rows from row " +
                                          std::to_string(first) + " where row " + std::to_string(done) + " of " +
                                          std::to_string(doc_count) + " should begin");
    }
    std::ifstream in(path, std::ios::binary);
    for (std::uint64_t left = bytes / row_bytes; left > 0;) {
      const std::uint32_t n = static_cast<std::uint32_t>(std::min<std::uint64_t>(4096, left));
      in.read(reinterpret_cast<char*>(rows.data()), static_cast<std::streamsize>(n * row_bytes));
      if (!in) throw_io_error("cannot read vectors", path);
      writer.append(rows.data(), n);
      done += n;
      left -= n;
    }
  }
  if (done != doc_count) {
    throw Error(ErrorCode::Corrupt, partial_vectors_path(dir, segment, done) + ": missing (the parts of " + segment + " hold " +
                                        std::to_string(done) + " of " + std::to_string(doc_count) + " rows)");
  }
  writer.finish();
  for (const std::uint32_t first : firsts) fs::remove(partial_vectors_path(dir, segment, first));
  fs::remove(partial_vectors_meta_path(dir, segment));
}

}  // namespace medsearch::engine
