#include "medsearch/core/article.hpp"

namespace medsearch {

std::string Article::abstract_text() const {
  std::string out;
  for (const AbstractSection& section : abstract) {
    if (!out.empty()) out += "\n\n";
    if (!section.label.empty()) out += section.label + ": ";
    out += section.text;
  }
  return out;
}

}  // namespace medsearch
