#include "medsearch/query/query_tree.hpp"

namespace medsearch::query {

// The names are PubMed's long tag forms in lower case; field_tags.cpp accepts each of
// them, which is what lets to_string() output parse back to the same tree.
const char* field_name(Field field) {
  switch (field) {
    case Field::All: return "all";
    case Field::Title: return "title";
    case Field::Abstract: return "abstract";
    case Field::TitleAbstract: return "title/abstract";
    case Field::Author: return "author";
    case Field::Mesh: return "mesh";
    case Field::MeshMajor: return "mesh major topic";
    case Field::Journal: return "journal";
    case Field::PublicationType: return "publication type";
    case Field::Language: return "language";
    case Field::PublicationDate: return "publication date";
    case Field::Pmid: return "pmid";
    case Field::Keyword: return "keyword";
  }
  return "all";
}

namespace {

const char* operator_word(NodeKind kind) {
  switch (kind) {
    case NodeKind::And: return " AND ";
    case NodeKind::Or: return " OR ";
    default: return " NOT ";
  }
}

// Recursion depth is the tree depth, which parse() bounds (parentheses by max_depth,
// left-to-right operator chains by max_leaves).
void render(const Node& node, std::string& out) {
  switch (node.kind) {
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Not:
      out += '(';
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += operator_word(node.kind);
        render(node.children[i], out);
      }
      out += ')';
      return;
    case NodeKind::Term:
      out += node.text;
      break;
    case NodeKind::Prefix:
      out += node.text;
      out += '*';
      break;
    case NodeKind::Phrase:
      out += '"';
      out += node.text;
      out += '"';
      break;
    case NodeKind::DateRange:
      if (!node.text.empty()) {
        out += node.text;  // as typed, so that parsing it again gives the same node
      } else {             // a node built by hand
        out += std::to_string(node.year_from);
        if (node.year_to != node.year_from) out += ':' + std::to_string(node.year_to);
      }
      break;
  }
  out += '[';
  out += field_name(node.field);
  out += ']';
}

}  // namespace

std::string to_string(const Node& node) {
  std::string out;
  render(node, out);
  return out;
}

}  // namespace medsearch::query
