// The filter attributes (index columns) of an Article: year, month, has-abstract flag,
// journal (ISO abbreviation, else title), languages, publication types, MeSH UIs.
#pragma once

#include "medsearch/core/article.hpp"
#include "medsearch/store/doc_columns.hpp"

namespace medsearch::engine {

store::DocAttributes attributes_of(const Article& article);

}  // namespace medsearch::engine
