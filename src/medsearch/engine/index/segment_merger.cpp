#include "medsearch/engine/index/segment_merger.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/dense_state.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_merge.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/id_map.hpp"
#include "medsearch/vector/vector_file.hpp"

namespace medsearch::engine {

namespace fs = std::filesystem;

namespace {

// Concatenates the inputs' vector files into the output's when every input has one (of one
// model and dimension); fp16 -> float -> fp16 is exact, so the rows are unchanged.
void merge_vectors(const std::string& dir, const std::vector<store::SegmentInfo>& inputs, const std::string& output) {
  std::vector<std::unique_ptr<vector::VectorFile>> files;
  for (const store::SegmentInfo& input : inputs) {
    if (!fs::exists(vectors_path(dir, input.name))) return;
    files.push_back(std::make_unique<vector::VectorFile>(vectors_path(dir, input.name)));
    const vector::VectorFile& file = *files.back();
    if (file.count() != input.doc_count || file.model_id() != files.front()->model_id() ||
        file.dim() != files.front()->dim()) {
      throw Error(ErrorCode::Corrupt, file.path() + ": vectors do not match the other merge inputs' (model " +
                                          file.model_id() + ", " + std::to_string(file.count()) + " rows)");
    }
  }
  vector::VectorFileWriter writer(vectors_path(dir, output), files.front()->dim(), files.front()->model_id());
  std::vector<float> row(files.front()->dim());
  for (const auto& file : files) {
    for (std::size_t local = 0; local < file->count(); ++local) {
      file->row(local, row.data());
      writer.append(row.data());
    }
  }
  writer.finish();
}

}  // namespace

store::SegmentInfo merge_segments(const std::string& dir, const std::vector<store::SegmentInfo>& inputs,
                                  const std::string& output) {
  if (inputs.empty()) throw Error(ErrorCode::InvalidArgument, "merge_segments: no input segment");
  store::DocStoreWriter docs(docs_path(dir, output));
  store::IdMapWriter ids;
  store::DocColumnsWriter columns;
  std::vector<std::unique_ptr<lexical::SegmentIndex>> lexical;
  std::uint32_t local_base = 0;
  for (const store::SegmentInfo& input : inputs) {
    if (input.doc_base != inputs.front().doc_base + local_base) {
      throw Error(ErrorCode::InvalidArgument, "merge_segments: " + input.name + " is not adjacent to the previous input");
    }
    const store::DocStoreReader input_docs(docs_path(dir, input.name));
    const store::IdMapReader input_ids(ids_path(dir, input.name));
    const store::DocColumnsReader input_columns(columns_path(dir, input.name));
    if (input_docs.size() != input.doc_count || input_ids.size() != input.doc_count ||
        input_columns.size() != input.doc_count) {
      throw Error(ErrorCode::Corrupt, dir + "/" + input.name + ": segment files disagree on the document count");
    }
    input_docs.for_each([&](std::string_view record) { docs.add(record); });
    for (std::uint32_t local = 0; local < input.doc_count; ++local) {
      ids.add(input_ids.id_of(local), local_base + local);
      columns.add(input_columns.attributes(local));
    }
    lexical.push_back(std::make_unique<lexical::SegmentIndex>(lexical_path(dir, input.name)));
    local_base += input.doc_count;
  }
  std::vector<const lexical::SegmentIndex*> lexical_inputs;
  for (const auto& index : lexical) lexical_inputs.push_back(index.get());
  lexical::merge_segment_indexes(lexical_inputs, lexical_path(dir, output));
  ids.write(ids_path(dir, output));
  columns.write(columns_path(dir, output));
  merge_vectors(dir, inputs, output);
  docs.finish();
  // Pair keys are merged like any key: complete only where every input had them.
  const bool word_pairs = std::all_of(inputs.begin(), inputs.end(), [](const store::SegmentInfo& s) { return s.word_pairs; });
  return {output, inputs.front().doc_base, local_base, word_pairs};
}

std::vector<int> merge_groups(const std::string& dir, const store::Manifest& manifest) {
  std::optional<DenseState> dense;
  bool dense_readable = true;
  try {
    dense = load_dense_state(dir);
  } catch (const Error&) {
    dense_readable = false;
  }
  const bool names_keyed = dense && dense->index && !dense->index->docid_epoch;
  // Segments with half-written vectors: any part (S.vec.partial, S.vec.partial-N) present.
  std::set<std::string> with_parts;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (const auto part = parse_partial_vectors_name(entry.path().filename().string())) with_parts.insert(part->segment);
  }
  std::vector<int> groups;
  for (const store::SegmentInfo& segment : manifest.segments) {
    const std::string path = vectors_path(dir, segment.name);
    if (with_parts.contains(segment.name)) {
      groups.push_back(-1);
    } else if (!fs::exists(path)) {
      groups.push_back(0);
    } else if (!dense_readable || !dense || names_keyed) {
      groups.push_back(-1);
    } else {
      bool current = false;
      try {
        const vector::VectorFile file(path, /*verify_checksum=*/false);
        current = file.model_id() == dense->model.id && file.dim() == dense->model.dim && file.count() == segment.doc_count;
      } catch (const Error&) {
      }
      groups.push_back(current ? 1 : -1);
    }
  }
  return groups;
}

}  // namespace medsearch::engine
