#include "medsearch/engine/index/json_views.hpp"

#include "medsearch/engine/index/dense_state.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace medsearch::engine {
namespace {

using json = nlohmann::ordered_json;

void put_if(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

json sections_to_json(const std::vector<AbstractSection>& sections) {
  json out = json::array();
  for (const AbstractSection& s : sections) {
    json part = {{"text", s.text}};
    put_if(part, "label", s.label);
    put_if(part, "nlm_category", s.nlm_category);
    out.push_back(std::move(part));
  }
  return out;
}

json totals_to_json(const store::IngestTotals& t) {
  return {{"articles_added", t.articles_added},     {"replacements", t.replacements},
          {"deletions_applied", t.deletions_applied}, {"deletions_unknown", t.deletions_unknown},
          {"filtered_by_since", t.filtered_by_since}, {"removed_by_since", t.removed_by_since},
          {"skipped", t.skipped}};
}

}  // namespace

json article_to_json(const Article& a) {
  json j = {{"id", a.id}, {"version", a.version}, {"title", a.title}};
  put_if(j, "vernacular_title", a.vernacular_title);
  j["abstract"] = sections_to_json(a.abstract);
  json others = json::array();
  for (const OtherAbstract& o : a.other_abstracts) {
    json other = {{"sections", sections_to_json(o.sections)}};
    put_if(other, "type", o.type);
    put_if(other, "language", o.language);
    others.push_back(std::move(other));
  }
  j["other_abstracts"] = others;
  json authors = json::array();
  for (const Author& au : a.authors) {
    json author;
    put_if(author, "last_name", au.last_name);
    put_if(author, "fore_name", au.fore_name);
    put_if(author, "initials", au.initials);
    put_if(author, "collective_name", au.collective_name);
    author["affiliations"] = au.affiliations;
    authors.push_back(std::move(author));
  }
  j["authors"] = authors;
  json journal = json::object();
  put_if(journal, "title", a.journal.title);
  put_if(journal, "iso_abbreviation", a.journal.iso_abbreviation);
  put_if(journal, "issn", a.journal.issn);
  put_if(journal, "volume", a.journal.volume);
  put_if(journal, "issue", a.journal.issue);
  put_if(journal, "pages", a.journal.pages);
  j["journal"] = journal;
  j["pub_year"] = a.pub_year == 0 ? json(nullptr) : json(a.pub_year);
  j["pub_month"] = a.pub_month == 0 ? json(nullptr) : json(a.pub_month);
  put_if(j, "pub_date", a.pub_date);
  j["languages"] = a.languages;
  j["publication_types"] = a.publication_types;
  json mesh = json::array();
  for (const MeshHeading& m : a.mesh_headings) {
    json qualifiers = json::array();
    for (const MeshQualifier& q : m.qualifiers) {
      qualifiers.push_back({{"ui", q.ui}, {"name", q.name}, {"major_topic", q.major_topic}});
    }
    mesh.push_back({{"descriptor_ui", m.descriptor_ui}, {"descriptor_name", m.descriptor_name},
                    {"major_topic", m.major_topic}, {"qualifiers", qualifiers}});
  }
  j["mesh_headings"] = mesh;
  json chemicals = json::array();
  for (const Chemical& c : a.chemicals) {
    chemicals.push_back({{"registry_number", c.registry_number}, {"ui", c.ui}, {"name", c.name}});
  }
  j["chemicals"] = chemicals;
  j["keywords"] = a.keywords;
  put_if(j, "doi", a.doi);
  put_if(j, "pmc", a.pmc);
  put_if(j, "date_completed", a.date_completed);
  put_if(j, "date_revised", a.date_revised);
  return j;
}

// Bytes of the file at `path`; 0 when there is none.
std::uint64_t file_bytes(const std::string& path) {
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<std::uint64_t>(bytes);
}

// The dense side's files, and the memory a serving process (engine::DenseIndex) needs for them:
// - faiss_bytes: the FAISS file dense.json names. DenseIndex reads it whole into memory
//   (faiss::read_index; FAISS's serialisation is its in-memory layout) while its segments are
//   a prefix of the manifest's, i.e. until a compaction; then it is not loaded.
// - vector_bytes: the segments' .vec files (fp16 rows, dead documents' included), mapped
//   read-only; exact and filtered searches and similar articles read them, so all count.
// - model_bytes: the default model's files (fastText .bin, read whole: word and n-gram
//   vectors; SIF .json); null for a transformer, whose directory lies outside the index (its
//   float32 weights, 4 bytes per parameter, come on top of memory_bytes).
// memory_bytes = faiss_bytes (when loaded) + vector_bytes + model_bytes. Not counted: the
// lexical side, per-request buffers, and DenseIndex's bitmap of embedded documents
// (doc_ids_used / 8 bytes).
json dense_to_json(const IndexReader& index, const DenseState& state) {
  const std::vector<store::SegmentInfo>& segments = index.manifest().segments;
  std::uint64_t vector_bytes = 0;
  for (const store::SegmentInfo& segment : segments) vector_bytes += file_bytes(vectors_path(index.dir(), segment.name));
  const std::uint64_t faiss_bytes = state.index ? file_bytes(index.dir() + "/" + state.index->file) : 0;
  const bool faiss_loaded = state.index && state.index->segments.size() <= segments.size() &&
                            std::equal(state.index->segments.begin(), state.index->segments.end(), segments.begin(),
                                       [](const std::string& name, const store::SegmentInfo& s) { return name == s.name; });
  const bool sif = state.model.kind == "sif";
  const std::string model_prefix = index.dir() + "/" + state.model.path;
  const std::uint64_t model_bytes = sif ? file_bytes(model_prefix + ".bin") + file_bytes(model_prefix + ".json") : 0;
  return {{"model", sif ? "default (fastText + SIF, trained on this index)" : state.model.path},
          {"model_id", state.model.id},
          {"dim", state.model.dim},
          {"index_type", state.index ? state.index->factory : ""},
          {"segments_indexed", state.index ? state.index->segments.size() : 0},
          {"faiss_bytes", faiss_bytes},
          {"vector_bytes", vector_bytes},
          {"model_bytes", sif ? json(model_bytes) : json(nullptr)},
          {"memory_bytes", (faiss_loaded ? faiss_bytes : 0) + vector_bytes + model_bytes}};
}

json index_stats(const IndexReader& index) {
  using store::StringColumn;
  std::map<std::string, std::uint64_t> years, languages, publication_types;
  std::uint64_t with_abstract = 0;
  std::vector<DocId> samples;
  index.for_each_live([&](DocId doc, const store::DocColumnsReader& columns, std::uint32_t local) {
    if (samples.size() < 5) samples.push_back(doc);
    const std::uint16_t year = columns.year(local);
    ++years[year == 0 ? "unknown" : std::to_string(year)];
    if (columns.flags(local) & store::kFlagHasAbstract) ++with_abstract;
    for (std::string_view lang : columns.strings(StringColumn::Language, local)) ++languages[std::string(lang)];
    for (std::string_view pt : columns.strings(StringColumn::PublicationType, local)) ++publication_types[std::string(pt)];
  });
  std::vector<std::string> sample_ids;
  for (DocId doc : samples) sample_ids.push_back(index.article(doc).id);
  const store::Manifest& m = index.manifest();
  json dense = nullptr;  // `medsearch embed` not run
  if (const auto state = load_dense_state(index.dir())) dense = dense_to_json(index, *state);
  return {{"documents", index.live_count()},
          {"doc_ids_used", index.doc_count()},
          {"with_abstract", with_abstract},
          {"totals", totals_to_json(m.totals)},
          {"deletions_applied", m.totals.deletions_applied},
          {"skipped", m.totals.skipped},
          {"files_applied", m.files.size()},
          {"segments", m.segments.size()},
          // Word-pair keys for phrases (decision 0035): the index's pair words and the
          // segments holding their pairs.
          {"pair_words", m.pair_words.size()},
          {"segments_with_word_pairs", std::count_if(m.segments.begin(), m.segments.end(),
                                                     [](const store::SegmentInfo& s) { return s.word_pairs; })},
          {"generation", m.generation},
          {"updated_utc", m.updated_utc},
          {"sample_ids", sample_ids},
          {"years", years},
          {"languages", languages},
          {"publication_types", publication_types},
          {"dense", dense}};
}

json ingest_summary_to_json(const IngestSummary& s) {
  return {{"files_applied", s.files_applied},
          {"files_already_applied", s.files_already_applied},
          {"totals", totals_to_json(s.totals)},
          {"uncompressed_bytes", s.uncompressed_bytes},
          {"compressed_bytes", s.compressed_bytes},
          {"seconds", s.seconds},
          {"compacted", s.compacted},
          {"merges", {{"merges", s.merges.merges}, {"documents", s.merges.documents}, {"wait_seconds", s.merges.wait_seconds}}},
          {"segments", s.segments},
          {"documents", s.live_count}};
}

}  // namespace medsearch::engine
