// Merges the lexical indexes of adjacent segments into one, without analysing any text
// again: the output is the lexical index of the inputs' documents laid end to end (the
// documents of inputs[i] numbered after those of inputs[i-1]; none dropped), byte for byte
// what SegmentIndexWriter writes when given the same documents in that order (the oracle
// test builds both).
//
// Posting lists are merged term by term in key order (a k-way merge of the sorted
// lexicons), re-encoding doc gaps, tfs and block skips and copying each posting's
// positions bytes as they are (they are relative to the document). Memory: one posting
// list plus the output's keys and term infos; the output file is written as it goes.
#pragma once

#include <string>
#include <vector>

#include "medsearch/lexical/segment_index.hpp"

namespace medsearch::lexical {

// Writes the merged S.lex to `path` (store::FileWriter: tmp file, footer, rename).
// Throws Error(Corrupt) naming an input whose lists do not decode, Error(Io) on write.
void merge_segment_indexes(const std::vector<const SegmentIndex*>& inputs, const std::string& path);

}  // namespace medsearch::lexical
