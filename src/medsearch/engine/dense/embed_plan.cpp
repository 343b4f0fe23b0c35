#include "medsearch/engine/dense/embed_plan.hpp"

#include <algorithm>

#include "medsearch/cluster/share_plan.hpp"
#include "medsearch/core/byte_codec.hpp"

namespace medsearch::engine {

std::string encode_plan(const EmbedPlan& plan) {
  ByteWriter w;
  for (const std::string* s : {&plan.model.kind, &plan.model.path, &plan.model.id, &plan.model.pooling}) w.put_string(*s);
  w.put_u32(plan.model.dim);
  w.put_u32(plan.model.max_tokens);
  w.put_varint(plan.pending.size());
  for (const PendingSegment& segment : plan.pending) {
    w.put_string(segment.name);
    w.put_varint(segment.missing.size());
    for (const MissingRows& m : segment.missing) {
      w.put_u32(m.begin);
      w.put_u32(m.end);
      w.put_u32(m.append_to);
    }
  }
  return w.take();
}

EmbedPlan decode_plan(const std::string& bytes) {
  ByteReader r(bytes, "the embed plan from rank 0");
  EmbedPlan plan;
  for (std::string* s : {&plan.model.kind, &plan.model.path, &plan.model.id, &plan.model.pooling}) *s = r.get_string();
  plan.model.dim = r.get_u32();
  plan.model.max_tokens = r.get_u32();
  plan.pending.resize(r.get_count());
  for (PendingSegment& segment : plan.pending) {
    segment.name = r.get_string();
    segment.missing.resize(r.get_count());
    for (MissingRows& m : segment.missing) {
      m.begin = r.get_u32();
      m.end = r.get_u32();
      m.append_to = r.get_u32();
    }
  }
  return plan;
}

RankShare share_of(const EmbedPlan& plan, int rank, int ranks, std::uint32_t chunk_docs) {
  std::vector<std::uint64_t> sizes;
  std::vector<std::pair<std::size_t, std::size_t>> items;  // (segment, missing range)
  for (std::size_t s = 0; s < plan.pending.size(); ++s) {
    for (std::size_t m = 0; m < plan.pending[s].missing.size(); ++m) {
      items.emplace_back(s, m);
      sizes.push_back(plan.pending[s].missing[m].end - plan.pending[s].missing[m].begin);
    }
  }
  const std::vector<cluster::RowRange> ranges = cluster::split_rows_by_size(sizes, ranks, chunk_docs);
  std::vector<int> first_rank(plan.pending.size(), -1);
  std::vector<bool> one_rank(plan.pending.size(), true);
  for (const cluster::RowRange& r : ranges) {
    const std::size_t s = items[r.share].first;
    if (first_rank[s] < 0) first_rank[s] = r.rank;
    one_rank[s] = one_rank[s] && first_rank[s] == r.rank;
  }
  RankShare share;
  for (const cluster::RowRange& r : ranges) {
    if (r.rank != rank) continue;
    const auto [s, m] = items[r.share];
    const MissingRows& gap = plan.pending[s].missing[m];
    MissingRows rows{gap.begin + static_cast<std::uint32_t>(r.begin), gap.begin + static_cast<std::uint32_t>(r.end), 0};
    rows.append_to = r.begin == 0 ? gap.append_to : rows.begin;
    if (!share.ranges.empty() && share.ranges.back().segment == s) share.ranges.back().last_of_segment = false;
    share.ranges.push_back({s, rows, one_rank[s]});
    share.rows += rows.end - rows.begin;
  }
  for (std::size_t s = 0; s < plan.pending.size(); ++s) {
    if (!one_rank[s] || first_rank[s] < 0) {
      if (std::max(first_rank[s], 0) == rank) share.joined_after_all.push_back(s);
    }
  }
  return share;
}

}  // namespace medsearch::engine
