#include "medsearch/text/compound_splitter.hpp"

#include <algorithm>

namespace medsearch::text {

CompoundPlan plan_compound(std::span<const Part> parts, bool split_compounds) {
  const auto count = static_cast<std::uint32_t>(parts.size());
  if (count <= 1) return {false, true, 1};
  if (std::all_of(parts.begin(), parts.end(), [](const Part& p) { return p.numeric; })) return {false, true, count};
  if (split_compounds) return {true, true, count};
  return {true, false, 1};
}

void append_joined(std::string_view normalized, std::span<const Part> parts, std::string& out) {
  for (const Part& p : parts) out.append(normalized.substr(p.begin, p.end - p.begin));
}

bool all_alphabetic(std::span<const Part> parts) {
  return std::all_of(parts.begin(), parts.end(), [](const Part& p) { return p.alphabetic; });
}

}  // namespace medsearch::text
