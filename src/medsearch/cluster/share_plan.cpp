#include "medsearch/cluster/share_plan.hpp"

#include <algorithm>
#include <numeric>

namespace medsearch::cluster {
namespace {

std::vector<RowRange> whole_shares(const std::vector<std::uint64_t>& sizes, int ranks) {
  const std::vector<int> owner = assign_by_size(sizes, ranks);
  std::vector<RowRange> ranges;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] > 0) ranges.push_back({i, 0, sizes[i], owner[i]});
  }
  return ranges;
}

// The cut plan: `starts[i]` is share i's first row in the shares laid end to end.
std::vector<RowRange> wrap_around(const std::vector<std::uint64_t>& sizes, int ranks, std::uint64_t granule) {
  std::vector<std::uint64_t> starts(sizes.size() + 1, 0);
  for (std::size_t i = 0; i < sizes.size(); ++i) starts[i + 1] = starts[i] + sizes[i];
  const std::uint64_t total = starts.back();
  // cuts[r]: the first row of rank r (cuts[0] = 0, cuts[ranks] = total).
  std::vector<std::uint64_t> cuts(static_cast<std::size_t>(ranks) + 1, total);
  cuts[0] = 0;
  for (int r = 1; r < ranks; ++r) {
    // ceil(r * total / ranks), without overflowing r * total.
    const std::uint64_t q = total / ranks, rem = total % ranks;
    const std::uint64_t ideal = r * q + (r * rem + ranks - 1) / ranks;
    // The share holding row `ideal` (the last share whose start is <= ideal).
    const std::size_t share = static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end() - 1, ideal) - starts.begin()) - 1;
    const std::uint64_t offset = ideal - starts[share];
    const std::uint64_t down = offset / granule * granule;
    const std::uint64_t up = std::min(sizes[share], down + granule);
    const std::uint64_t snapped = starts[share] + (offset - down <= up - offset ? down : up);
    cuts[static_cast<std::size_t>(r)] = std::max(snapped, cuts[static_cast<std::size_t>(r) - 1]);
  }
  std::vector<RowRange> ranges;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    for (int r = 0; r < ranks; ++r) {
      const std::uint64_t begin = std::max(starts[i], cuts[static_cast<std::size_t>(r)]);
      const std::uint64_t end = std::min(starts[i + 1], cuts[static_cast<std::size_t>(r) + 1]);
      if (begin < end) ranges.push_back({i, begin - starts[i], end - starts[i], r});
    }
  }
  return ranges;
}

}  // namespace

std::vector<int> assign_by_size(const std::vector<std::uint64_t>& sizes, int ranks) {
  const int n = std::max(1, ranks);
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  std::vector<std::uint64_t> load(static_cast<std::size_t>(n), 0);
  std::vector<int> owner(sizes.size(), 0);
  for (const std::size_t share : order) {
    // The first rank with the least load (min_element returns the first of equals).
    const auto least = std::min_element(load.begin(), load.end());
    owner[share] = static_cast<int>(least - load.begin());
    *least += sizes[share];
  }
  return owner;
}

std::uint64_t busiest_rank_rows(const std::vector<RowRange>& ranges, int ranks) {
  std::vector<std::uint64_t> load(static_cast<std::size_t>(std::max(1, ranks)), 0);
  for (const RowRange& range : ranges) load.at(static_cast<std::size_t>(range.rank)) += range.end - range.begin;
  return *std::max_element(load.begin(), load.end());
}

std::vector<RowRange> split_rows_by_size(const std::vector<std::uint64_t>& sizes, int ranks, std::uint64_t granule) {
  const int n = std::max(1, ranks);
  std::vector<RowRange> whole = whole_shares(sizes, n);
  if (n == 1 || whole.empty()) return whole;
  std::vector<RowRange> cut = wrap_around(sizes, n, std::max<std::uint64_t>(1, granule));
  return busiest_rank_rows(whole, n) <= busiest_rank_rows(cut, n) ? whole : cut;
}

}  // namespace medsearch::cluster
