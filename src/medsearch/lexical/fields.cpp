#include "medsearch/lexical/fields.hpp"

namespace medsearch::lexical {

const char* text_field_name(TextField field) {
  switch (field) {
    case TextField::Title: return "title";
    case TextField::Abstract: return "abstract";
    case TextField::Keywords: return "keywords";
    case TextField::Mesh: return "mesh";
  }
  return "unknown";
}

}  // namespace medsearch::lexical
