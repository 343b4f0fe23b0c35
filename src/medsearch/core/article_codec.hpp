// Binary serialisation of an Article for the doc store. The encoding is versioned by the
// doc store's file footer; decode(encode(a)) == a for every Article.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/core/article.hpp"

namespace medsearch {

std::string encode_article(const Article& article);
// Throws Error(Corrupt) naming `what` when the bytes are not a complete encoded Article.
Article decode_article(std::string_view bytes, const std::string& what);

// What a results list shows of an article, as views into the encoded bytes (valid while
// they are): decoding it allocates nothing beyond its vectors' first growth (reused when
// the same object is decoded into again), where decode_article copies every string.
struct ArticleHeadline {
  struct Section {
    std::string_view label, text;
  };
  struct AuthorName {
    std::string_view last_name, initials, collective_name;
  };
  std::string_view id, title, vernacular_title;
  std::vector<Section> abstract;
  std::vector<AuthorName> authors;
  std::string_view journal_title, journal_iso_abbreviation;
  std::uint16_t pub_year = 0;
  std::string_view doi;
};

// Reads the headline of an encoded Article into `out`. The whole record is walked as
// decode_article walks it, so it throws Error(Corrupt) for exactly the bytes decode_article
// rejects; the message starts with `what()`, which is called only then.
void decode_article_headline(std::string_view bytes, const std::function<std::string()>& what, ArticleHeadline& out);

}  // namespace medsearch
