#include "medsearch/ingest/beir_reader.hpp"

#include <nlohmann/json.hpp>

#include "medsearch/ingest/pubmed_fields.hpp"

namespace medsearch::ingest {
namespace {

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// A string member, or "" when absent, null or not a string.
std::string string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "_id" as text: strings as they are, integers in decimal (some corpora write numbers).
std::string id_member(const nlohmann::json& object) {
  const auto it = object.find("_id");
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return {};
}

}  // namespace

BeirReader::BeirReader(const std::string& path, std::size_t read_bytes, std::size_t max_line_bytes)
    : input_(path, read_bytes), lines_(input_, read_bytes, max_line_bytes) {}

bool BeirReader::next(Record& out) {
  std::string_view line;
  do {
    if (!lines_.next(line)) return false;
  } while (is_blank(line));

  const auto skip = [&](const char* reason, const std::string& why) {
    out.kind = RecordKind::Skipped;
    out.skipped.reason = reason;
    out.skipped.detail = input_.path() + ": line " + std::to_string(lines_.line_number()) + ": " + why;
    return true;
  };
  // allow_exceptions = false: a malformed line is a value (discarded), not an error.
  const nlohmann::json object = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (object.is_discarded()) return skip("bad-json", "not valid JSON");
  if (!object.is_object()) return skip("bad-json", "not a JSON object");
  std::string id = id_member(object);
  if (id.empty()) return skip("missing-id", "no \"_id\" (a non-empty string or an integer)");

  out.kind = RecordKind::Article;
  reset_article(out.article);
  out.article.id = std::move(id);
  out.article.title = string_member(object, "title");
  std::string text = string_member(object, "text");
  if (!text.empty()) out.article.abstract.push_back({"", "", std::move(text)});
  return true;
}

ReadProgress BeirReader::progress() const {
  return {input_.compressed_bytes(), input_.uncompressed_bytes(), input_.file_bytes()};
}

}  // namespace medsearch::ingest
