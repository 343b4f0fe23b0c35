// Who does which share of a job: a pure function of the shares' sizes and the rank count,
// so every rank computes the same plan from the same list without talking.
#pragma once

#include <cstdint>
#include <vector>

namespace medsearch::cluster {

// Assigns each share to a rank, largest first to the rank with the least work so far (the
// "longest processing time first" rule: at most 4/3 of the optimal makespan, Graham 1969);
// ties go to the earlier share and the lower rank. Returns owner[i] for share i.
std::vector<int> assign_by_size(const std::vector<std::uint64_t>& sizes, int ranks);

}  // namespace medsearch::cluster
