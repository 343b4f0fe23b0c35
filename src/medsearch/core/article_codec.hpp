// Binary serialisation of an Article for the doc store. The encoding is versioned by the
// doc store's file footer; decode(encode(a)) == a for every Article.
#pragma once

#include <string>
#include <string_view>

#include "medsearch/core/article.hpp"

namespace medsearch {

std::string encode_article(const Article& article);
// Throws Error(Corrupt) naming `what` when the bytes are not a complete encoded Article.
Article decode_article(std::string_view bytes, const std::string& what);

}  // namespace medsearch
