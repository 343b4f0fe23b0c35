#include "medsearch/engine/index/segment_merger.hpp"

#include <memory>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/index/segment_files.hpp"
#include "medsearch/lexical/segment_index.hpp"
#include "medsearch/lexical/segment_merge.hpp"
#include "medsearch/store/doc_columns.hpp"
#include "medsearch/store/doc_store.hpp"
#include "medsearch/store/id_map.hpp"

namespace medsearch::engine {

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
  docs.finish();
  return {output, inputs.front().doc_base, local_base};
}

}  // namespace medsearch::engine
