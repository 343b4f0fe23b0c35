// What `embed` decides before encoding (embedding_job.cpp): rank 0's plan (the model and
// the rows each segment lacks), sent to every rank as bytes, and one rank's share of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "medsearch/engine/dense/vector_parts.hpp"
#include "medsearch/engine/index/dense_state.hpp"

namespace medsearch::engine {

// A segment lacking current vectors and the rows its parts lack (vector_parts.hpp).
struct PendingSegment {
  std::string name;
  std::vector<MissingRows> missing;
};

// What rank 0 decides and every rank needs: the model and the segments lacking vectors.
struct EmbedPlan {
  DenseModelInfo model;
  std::vector<PendingSegment> pending;  // in manifest order
};

std::string encode_plan(const EmbedPlan& plan);
// Error(Corrupt) naming "the embed plan from rank 0" when the bytes are not a plan.
EmbedPlan decode_plan(const std::string& bytes);

// One rank's work from the plan: row ranges of the pending segments (cluster::
// split_rows_by_size over their missing rows, cut on encoder chunks), and who joins each
// segment's parts into its .vec: the rank that encodes all of this run's rows of it, right
// after its last range; a segment split between ranks (or with no rows left to encode) is
// joined after every rank is done, by the rank of its first range (rank 0 when none).
struct RankShare {
  struct Range {
    std::size_t segment = 0;  // index in EmbedPlan::pending
    MissingRows rows;
    bool last_of_segment = false;  // this rank joins the segment's parts after this range
  };
  std::vector<Range> ranges;                  // this rank's, in segment then row order
  std::vector<std::size_t> joined_after_all;  // segments this rank joins after every rank is done
  std::uint64_t rows = 0;
};

// A pure function of its arguments: every rank computes every rank's share alike.
RankShare share_of(const EmbedPlan& plan, int rank, int ranks, std::uint32_t chunk_docs);

}  // namespace medsearch::engine
