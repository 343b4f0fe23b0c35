#include "medsearch/engine/index/article_attributes.hpp"

namespace medsearch::engine {

store::DocAttributes attributes_of(const Article& article) {
  using store::StringColumn;
  store::DocAttributes a;
  a.year = article.pub_year;
  a.month = article.pub_month;
  a.flags = article.has_abstract() ? store::kFlagHasAbstract : 0;
  auto& strings = a.strings;
  const std::string& journal = article.journal.iso_abbreviation.empty() ? article.journal.title
                                                                        : article.journal.iso_abbreviation;
  if (!journal.empty()) strings[static_cast<int>(StringColumn::Journal)].push_back(journal);
  strings[static_cast<int>(StringColumn::Language)] = article.languages;
  strings[static_cast<int>(StringColumn::PublicationType)] = article.publication_types;
  for (const MeshHeading& heading : article.mesh_headings) {
    if (!heading.descriptor_ui.empty()) strings[static_cast<int>(StringColumn::MeshUi)].push_back(heading.descriptor_ui);
  }
  return a;
}

}  // namespace medsearch::engine
