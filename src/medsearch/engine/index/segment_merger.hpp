// Writes one segment holding the documents of adjacent segments end to end: doc store
// records copied (each block decompressed once), id map and columns copied with local
// numbers shifted, lexical indexes merged without analysing text again
// (lexical::merge_segment_indexes), and dense vectors ("<segment>.vec") concatenated when
// every input has them (merge_groups keeps inputs alike). No document is dropped, dead ones included, so every
// DocId keeps its meaning: the merged segment takes the first input's doc_base, and the
// deletion bitset, dense vectors' DocIds and FAISS ids stay valid. Dead documents are
// reclaimed by compaction (Indexer::compact), which renumbers.
//
// Each file goes through store::FileWriter (tmp + rename); the output is a leftover that
// the Indexer deletes until a manifest names it. Thread-safe with respect to readers and
// writers of other segments: it only reads the inputs' immutable files.
#pragma once

#include <string>
#include <vector>

#include "medsearch/store/manifest.hpp"

namespace medsearch::engine {

// `inputs` in manifest order (each one's doc_base the previous one's end). Returns the
// output's SegmentInfo {output, inputs[0].doc_base, total documents}.
store::SegmentInfo merge_segments(const std::string& dir, const std::vector<store::SegmentInfo>& inputs,
                                  const std::string& output);

// The merge group (merge_policy.hpp) of each segment of `manifest`: 0 without dense
// vectors; 1 with complete vectors of the index's dense model; -1, never merged, for
// half-written vectors (any part of them: S.vec.partial or S.vec.partial-N), vectors of another model or an unreadable vector file or
// dense.json, and for vectors covered by a FAISS index whose dense.json predates DocId
// epochs (its coverage is keyed by segment names, which a merge would change).
std::vector<int> merge_groups(const std::string& dir, const store::Manifest& manifest);

}  // namespace medsearch::engine
