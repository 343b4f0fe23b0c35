#include "medsearch/cluster/share_plan.hpp"

#include <algorithm>
#include <numeric>

namespace medsearch::cluster {

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

}  // namespace medsearch::cluster
