#include "medsearch/engine/sync/sync_plan.hpp"

#include <algorithm>
#include <map>

#include "medsearch/core/error.hpp"

namespace medsearch::engine::sync {
namespace {

// The data files of `series` in a listing, by number (duplicates dropped), and which names
// have an .md5 beside them.
std::map<std::uint32_t, NlmFileName> files_of(const std::vector<std::string>& listing, const std::string& series,
                                              std::set<std::string>& with_md5) {
  std::map<std::uint32_t, NlmFileName> files;
  for (const std::string& name : listing) {
    if (name.ends_with(".md5")) {
      with_md5.insert(name.substr(0, name.size() - 4));
      continue;
    }
    std::optional<NlmFileName> parsed = parse_nlm_file_name(name);
    if (parsed && parsed->series == series) files.emplace(parsed->number, std::move(*parsed));
  }
  return files;
}

}  // namespace

std::string newest_series(const std::vector<std::string>& baseline_listing) {
  std::optional<NlmFileName> newest;
  for (const std::string& name : baseline_listing) {
    const std::optional<NlmFileName> parsed = parse_nlm_file_name(name);
    if (parsed && (!newest || parsed->year > newest->year)) newest = parsed;
  }
  if (!newest) throw Error(ErrorCode::NotFound, "the baseline listing names no PubMed data file (pubmedNNnNNNN.xml.gz)");
  return newest->series;
}

SyncPlan plan_sync(const std::vector<std::string>& baseline_listing, const std::vector<std::string>& update_listing,
                   const std::string& current_series, const std::set<std::string>& applied) {
  SyncPlan plan;
  plan.series = newest_series(baseline_listing);
  plan.new_series = plan.series != current_series;
  std::set<std::string> with_md5;
  const auto baseline = files_of(baseline_listing, plan.series, with_md5);
  const auto updates = files_of(update_listing, plan.series, with_md5);

  // Walk NLM's order; stop at the first file that cannot be applied yet.
  auto walk = [&](const std::map<std::uint32_t, NlmFileName>& files, FileKind kind, std::uint32_t expected) {
    for (const auto& [number, file] : files) {
      if (plan.held_back) return;
      if (expected != 0 && number != expected) {
        plan.held_back = "file number " + std::to_string(expected) + " of " + plan.series + " is not listed (before " +
                         file.name + ")";
        return;
      }
      expected = number + 1;
      if (applied.contains(file.name)) {
        ++plan.already_applied;
      } else if (!with_md5.contains(file.name)) {
        plan.held_back = file.name + " has no .md5 listed yet";
      } else {
        plan.todo.push_back({file, kind});
      }
    }
  };
  walk(baseline, FileKind::Baseline, 1);
  walk(updates, FileKind::Update, 0);
  return plan;
}

}  // namespace medsearch::engine::sync
