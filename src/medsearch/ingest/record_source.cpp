#include "medsearch/ingest/record_source.hpp"

#include "medsearch/core/error.hpp"
#include "medsearch/ingest/beir_reader.hpp"
#include "medsearch/ingest/pubmed_reader.hpp"

namespace medsearch::ingest {

InputFormat parse_input_format(const std::string& name) {
  if (name == "auto") return InputFormat::Auto;
  if (name == "pubmed") return InputFormat::Pubmed;
  if (name == "beir") return InputFormat::Beir;
  throw Error(ErrorCode::InvalidArgument,
              "unknown input format '" + name + "' (expected auto, pubmed or beir)");
}

std::unique_ptr<RecordSource> open_record_source(const std::string& path, InputFormat format) {
  if (format == InputFormat::Auto) {
    const auto ends_with = [&](std::string_view suffix) { return std::string_view(path).ends_with(suffix); };
    format = ends_with(".jsonl") || ends_with(".jsonl.gz") ? InputFormat::Beir : InputFormat::Pubmed;
  }
  if (format == InputFormat::Beir) return std::make_unique<BeirReader>(path);
  return std::make_unique<PubmedReader>(path);
}

}  // namespace medsearch::ingest
