// What a word of several parts ("IL-6", "COVID-19", "β-blocker" → beta|blocker,
// "Na+/K+-ATPase") yields (docs/analysis.md, "Compounds"). Words are findable whole and by
// parts, the scheme of Lucene's WordDelimiterGraphFilter with catenateAll:
//   * a single part: itself;
//   * several parts, all numeric (ranges and dates: 1990-2000, 5/10, 2019/01/02): each
//     part at its own position, no joined form ("19902000" would only be noise);
//   * otherwise, with split_compounds: the joined form (the parts concatenated, "il6")
//     at the first part's position, spanning all of the word's positions, then each
//     part at consecutive positions (il@p, 6@p+1), so a phrase query on the parts and a
//     term query on the joined form both match;
//   * otherwise, without split_compounds: the joined form alone, at one position.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "medsearch/text/tokenizer.hpp"

namespace medsearch::text {

struct CompoundPlan {
  bool joined = false;         // emit the joined form
  bool parts = true;           // emit each part
  std::uint32_t positions = 1; // positions the word occupies
};

CompoundPlan plan_compound(std::span<const Part> parts, bool split_compounds);

// Appends the parts' text, concatenated, to `out`.
void append_joined(std::string_view normalized, std::span<const Part> parts, std::string& out);

// True when every part is alphabetic (so the joined form is stemmed).
bool all_alphabetic(std::span<const Part> parts);

}  // namespace medsearch::text
