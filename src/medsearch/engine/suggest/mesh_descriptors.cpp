#include "medsearch/engine/suggest/mesh_descriptors.hpp"

#include <cstdint>
#include <fstream>
#include <memory>
#include <unordered_set>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/suggest/suggest_text.hpp"

namespace medsearch::engine::suggest {
namespace {

// "A, B" → "B A" for a term with exactly one ", "; "" otherwise.
std::string unpermuted(std::string_view term) {
  const std::size_t comma = term.find(", ");
  if (comma == std::string_view::npos || term.find(", ", comma + 2) != std::string_view::npos) return "";
  return std::string(term.substr(comma + 2)) + " " + std::string(term.substr(0, comma));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> drop_permuted_entry_terms(std::string_view heading, std::vector<std::string> terms) {
  std::unordered_set<std::string> names{ascii_lower(heading)};
  for (const std::string& t : terms) names.insert(ascii_lower(t));
  std::vector<std::string> kept;
  for (std::string& t : terms) {
    const std::string natural = unpermuted(t);
    if (!natural.empty() && names.contains(ascii_lower(natural))) continue;
    kept.push_back(std::move(t));
  }
  return kept;
}

std::vector<MeshDescriptor> read_mesh_descriptors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::NotFound, "MeSH descriptor file '" + path + "' cannot be read");
  const auto where = [&path](std::uint64_t line) { return "MeSH descriptor file '" + path + "' line " + std::to_string(line); };
  std::vector<MeshDescriptor> out;
  MeshDescriptor current;
  bool in_record = false;
  const auto finish = [&] {
    if (in_record && !current.heading.empty()) {
      current.entry_terms = drop_permuted_entry_terms(current.heading, std::move(current.entry_terms));
      out.push_back(std::move(current));
    }
    current = MeshDescriptor{};
  };
  // istream::getline into a fixed buffer: a line over the cap sets failbit with the buffer
  // full instead of growing a string until memory runs out.
  const auto buffer = std::make_unique<char[]>(kMaxMeshLineBytes + 1);
  std::uint64_t number = 0;
  while (true) {
    in.getline(buffer.get(), static_cast<std::streamsize>(kMaxMeshLineBytes + 1));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 && !in) break;  // the end, nothing more read
    ++number;
    if (in.fail() && !in.eof()) {
      throw Error(ErrorCode::Corrupt, where(number) + " is longer than the maximum of " + std::to_string(kMaxMeshLineBytes) + " bytes");
    }
    const bool ended_by_newline = !in.eof();
    const std::string_view line = trim(std::string_view(buffer.get(), ended_by_newline ? got - 1 : got));
    if (line == "*NEWRECORD") {
      finish();
      in_record = true;
    } else if (!line.empty()) {
      const std::size_t eq = line.find(" =");
      if (eq == std::string_view::npos) throw Error(ErrorCode::Corrupt, where(number) + ": expected 'NAME = value' or '*NEWRECORD'");
      if (!in_record) throw Error(ErrorCode::Corrupt, where(number) + ": an element before the first '*NEWRECORD'");
      const std::string_view name = trim(line.substr(0, eq));
      const std::string_view value = trim(line.substr(eq + 2));
      if (name == "MH") {
        current.heading = std::string(value);
      } else if (name == "ENTRY" || name == "PRINT ENTRY") {
        const std::string_view term = trim(value.substr(0, value.find('|')));
        if (!term.empty()) current.entry_terms.emplace_back(term);
      }
    }
    if (!ended_by_newline) break;
  }
  if (!in_record) throw Error(ErrorCode::Corrupt, "MeSH descriptor file '" + path + "' has no '*NEWRECORD' line: not an ASCII MeSH file (dYYYY.bin)");
  finish();
  return out;
}

}  // namespace medsearch::engine::suggest
