// An index root: a directory holding index generations side by side and a `current`
// symlink naming the one in service (docs/decisions/0013-sync.md):
//
//   ROOT/current -> pubmed26     symlink (relative), replaced by rename(2): the switch
//   ROOT/pubmed26/               an index directory (manifest.json, segments)
//   ROOT/pubmed27/               the next baseline, being built while pubmed26 serves
//
// A plain index directory (manifest.json directly inside) is not a root; every function
// here treats it as its own single generation, so commands accept either.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace medsearch::engine {

inline constexpr const char* kCurrentLink = "current";

// The index directory `dir` stands for: `dir` itself when it holds manifest.json or has no
// `current` link, else ROOT/<target of current>, read once (so a later switch does not
// change what a caller that resolved it opens).
std::string resolve_index_dir(const std::string& dir);

// The generation `current` names ("pubmed26"), or nullopt when `root` has no such link.
std::optional<std::string> current_generation(const std::string& root);

// Points ROOT/current at ROOT/`generation` atomically: a new link "current.tmp" renamed
// over "current", then the directory synced. Readers see the old or the new target, never
// neither. Throws Error(Io) naming the path.
void switch_current(const std::string& root, const std::string& generation);

// What identifies the committed state a reader would open now: the resolved directory
// and manifest.json's inode and modification time (a commit renames a new file over it,
// so the inode changes). Equal versions: nothing new to open. nullopt: no index there.
struct IndexVersion {
  std::string dir;
  std::uint64_t manifest_inode = 0;
  std::int64_t manifest_mtime_ns = 0;
  bool operator==(const IndexVersion&) const = default;
};
std::optional<IndexVersion> index_version(const std::string& dir);

}  // namespace medsearch::engine
