// A corpus of random-word citations for tests that need an index big enough for a query to
// take long (time budget tests): `docs` citations of `words` words each from a vocabulary
// of `vocabulary` pseudo-words, years 1990-2023, fixed seed. Word i starts with a stem of
// three times the letter 'a' + i % 26 ("aaa", "bbb", …) followed by 2-5 random letters, so
// a truncated stem ("aaa*") expands to about vocabulary / 26 words and a four-letter prefix
// ("aaab*") to about vocabulary / 676.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "support/pubmed_fixture.hpp"

namespace medsearch::testing {

inline std::vector<FixtureCitation> random_corpus(std::size_t docs, std::size_t words, std::size_t vocabulary,
                                                  unsigned seed = 17) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocab;
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<int> length(2, 5);
  for (std::size_t i = 0; i < vocabulary; ++i) {
    std::string w(3, static_cast<char>('a' + i % 26));
    for (int n = length(rng); n > 0; --n) w += static_cast<char>(letter(rng));
    vocab.push_back(std::move(w));
  }
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary - 1);
  std::uniform_int_distribution<int> year(1990, 2023);
  std::vector<FixtureCitation> out;
  for (std::size_t d = 0; d < docs; ++d) {
    FixtureCitation c;
    c.pmid = std::to_string(1000000 + d);
    c.year = year(rng);
    for (std::size_t i = 0; i < 8; ++i) c.title += (i ? " " : "") + vocab[pick(rng)];
    c.abstract.clear();
    for (std::size_t i = 0; i < words; ++i) c.abstract += (i ? " " : "") + vocab[pick(rng)];
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace medsearch::testing
