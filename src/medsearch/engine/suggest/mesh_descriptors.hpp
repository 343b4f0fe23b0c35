// MeSH descriptors with their entry terms, read from NLM's ASCII MeSH descriptor file
// (dYYYY.bin; format: https://www.nlm.nih.gov/mesh/ "ASCII MeSH", descriptor data elements).
// Autocomplete offers an entry term ("Heart Attack") with the heading it maps to
// ("Myocardial Infarction"), as PubMed's automatic term mapping does.
//
// Format, as far as this reader relies on it: a record starts at a line "*NEWRECORD"; each
// element is one line "NAME = value"; `MH` is the descriptor's heading; `ENTRY` and
// `PRINT ENTRY` are entry terms, whose value is the term itself, optionally followed by
// subfields after '|' (semantic type, lexical type, …, a final letter map). Other elements
// are skipped. A record without MH (a qualifier or supplementary-concept record, RECTYPE Q
// or C, whose name element is SH or NM) gives no descriptor.
//
// Entry terms that only permute another name of the same record ("Libraries, DNA" beside
// "DNA Libraries"; MeSH lists inverted forms for its printed index) are dropped: a user
// types the natural order, and the list would otherwise show both.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::engine::suggest {

struct MeshDescriptor {
  std::string heading;                   // MH
  std::vector<std::string> entry_terms;  // ENTRY and PRINT ENTRY terms, file order, permutations dropped
};

// The longest line accepted (NLM documents lines of about a thousand bytes; scope notes are
// the longest); a longer line is Error(Corrupt) naming the file and line.
inline constexpr std::size_t kMaxMeshLineBytes = std::size_t{64} << 10;

// Every descriptor of the file, in file order. Throws Error(NotFound) naming the file when
// it cannot be opened, Error(Corrupt) naming file and line for a line over the cap, an
// element line without " = ", or a file with no "*NEWRECORD" line at all.
std::vector<MeshDescriptor> read_mesh_descriptors(const std::string& path);

// `terms` without the ones that are "A, B" where "B A" is the heading or another of the
// terms (compared case-insensitively in ASCII); order kept.
std::vector<std::string> drop_permuted_entry_terms(std::string_view heading, std::vector<std::string> terms);

}  // namespace medsearch::engine::suggest
