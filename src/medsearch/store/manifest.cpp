#include "medsearch/store/manifest.hpp"


#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "medsearch/core/error.hpp"
#include "medsearch/store/file_footer.hpp"

namespace medsearch::store {
namespace {

using nlohmann::json;

json to_json(const Manifest& m) {
  json segments = json::array();
  for (const SegmentInfo& s : m.segments) {
    json segment = {{"name", s.name}, {"doc_base", s.doc_base}, {"doc_count", s.doc_count}};
    if (s.word_pairs) segment["word_pairs"] = true;
    segments.push_back(std::move(segment));
  }
  json files = json::array();
  for (const IngestedFile& f : m.files) {
    files.push_back({{"name", f.name}, {"size_bytes", f.size_bytes}, {"articles", f.articles},
                     {"deletions", f.deletions}, {"skipped", f.skipped}});
  }
  const IngestTotals& t = m.totals;
  return {{"format_version", kManifestVersion},
          {"generation", m.generation},
          {"segments", segments},
          {"deletions_file", m.deletions_file},
          {"doc_count", m.doc_count},
          {"live_count", m.live_count},
          {"docid_epoch", m.docid_epoch},
          {"pair_words", m.pair_words},
          {"totals",
           {{"articles_added", t.articles_added},
            {"replacements", t.replacements},
            {"deletions_applied", t.deletions_applied},
            {"deletions_unknown", t.deletions_unknown},
            {"filtered_by_since", t.filtered_by_since},
            {"removed_by_since", t.removed_by_since},
            {"skipped", t.skipped}}},
          {"files", files},
          {"updated_utc", m.updated_utc}};
}

Manifest from_json(const json& j) {
  Manifest m;
  m.generation = j.at("generation").get<std::uint64_t>();
  for (const json& s : j.at("segments")) {
    m.segments.push_back({s.at("name").get<std::string>(), s.at("doc_base").get<std::uint32_t>(),
                          s.at("doc_count").get<std::uint32_t>(), s.value("word_pairs", false)});
  }
  m.deletions_file = j.at("deletions_file").get<std::string>();
  m.doc_count = j.at("doc_count").get<std::uint32_t>();
  m.live_count = j.at("live_count").get<std::uint64_t>();
  m.docid_epoch = j.value("docid_epoch", std::uint64_t{0});
  // Absent before decision 0035: no pair words, and no segment has word-pair keys.
  m.pair_words = j.value("pair_words", std::vector<std::string>{});
  const json& t = j.at("totals");
  m.totals.articles_added = t.at("articles_added").get<std::uint64_t>();
  m.totals.replacements = t.at("replacements").get<std::uint64_t>();
  m.totals.deletions_applied = t.at("deletions_applied").get<std::uint64_t>();
  m.totals.deletions_unknown = t.at("deletions_unknown").get<std::uint64_t>();
  m.totals.filtered_by_since = t.at("filtered_by_since").get<std::uint64_t>();
  // Absent from manifests written before issue 17 (the counter did not exist: 0).
  m.totals.removed_by_since = t.value("removed_by_since", std::uint64_t{0});
  m.totals.skipped = t.at("skipped").get<std::map<std::string, std::uint64_t>>();
  for (const json& f : j.at("files")) {
    m.files.push_back({f.at("name").get<std::string>(), f.at("size_bytes").get<std::uint64_t>(),
                       f.at("articles").get<std::uint64_t>(), f.at("deletions").get<std::uint64_t>(),
                       f.at("skipped").get<std::uint64_t>()});
  }
  m.updated_utc = j.at("updated_utc").get<std::string>();
  return m;
}

std::string now_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void IngestTotals::add(const IngestTotals& other) {
  articles_added += other.articles_added;
  replacements += other.replacements;
  deletions_applied += other.deletions_applied;
  deletions_unknown += other.deletions_unknown;
  filtered_by_since += other.filtered_by_since;
  removed_by_since += other.removed_by_since;
  for (const auto& [reason, n] : other.skipped) skipped[reason] += n;
}

std::optional<Manifest> load_manifest(const std::string& dir) {
  const std::string path = dir + "/" + kManifestName;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  json j;
  try {
    j = json::parse(text.str());
  } catch (const json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": not valid JSON: " + e.what());
  }
  const auto version = j.value("format_version", 0u);
  if (version != kManifestVersion) {
    throw Error(ErrorCode::VersionMismatch, path + ": index format version " + std::to_string(version) +
                                                ", this build reads version " + std::to_string(kManifestVersion) +
                                                " (rebuild the index with this version)");
  }
  try {
    return from_json(j);
  } catch (const json::exception& e) {
    throw Error(ErrorCode::Corrupt, path + ": missing or bad field: " + e.what());
  }
}

void save_manifest(const std::string& dir, const Manifest& manifest) {
  Manifest stamped = manifest;
  stamped.updated_utc = now_utc();
  replace_text_file(dir, kManifestName, to_json(stamped).dump(2) + "\n");
}

}  // namespace medsearch::store
