#include "medsearch/vector/vector_index.hpp"

#include <algorithm>

namespace medsearch::vector {

void sort_hits(std::vector<VectorHit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const VectorHit& a, const VectorHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
}

}  // namespace medsearch::vector
