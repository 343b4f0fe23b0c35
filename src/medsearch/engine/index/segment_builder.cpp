#include "medsearch/engine/index/segment_builder.hpp"

#include "medsearch/core/article_codec.hpp"
#include "medsearch/engine/index/article_attributes.hpp"
#include "medsearch/engine/index/segment_files.hpp"

namespace medsearch::engine {

SegmentBuilder::SegmentBuilder(const std::string& dir, std::string name)
    : dir_(dir), name_(std::move(name)), docs_(docs_path(dir, name_)) {}

std::uint32_t SegmentBuilder::add(const Article& article, const lexical::AnalyzedDocument& analyzed) {
  const std::uint32_t local = docs_.size();
  docs_.add(encode_article(article));
  ids_.add(article.id, local);
  columns_.add(attributes_of(article));
  lexical_.add(analyzed);
  return local;
}

void SegmentBuilder::finish() {
  ids_.write(ids_path(dir_, name_));
  columns_.write(columns_path(dir_, name_));
  lexical_.write(lexical_path(dir_, name_));
  docs_.finish();
}

}  // namespace medsearch::engine
