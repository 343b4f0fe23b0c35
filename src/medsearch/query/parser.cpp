#include "medsearch/query/parser.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "medsearch/query/leaf_builder.hpp"
#include "medsearch/query/lexer.hpp"
#include "medsearch/query/query_error.hpp"

namespace medsearch::query {

namespace {

// The parser is iterative: one Frame per open parenthesis on an explicit stack, so depth
// costs heap, never call stack, and the max_depth check happens before a frame is pushed.
//
// Inside a frame the query is `unit (OP unit)*`, applied left to right as PubMed does;
// a unit is one or more adjacent operands (words, phrases, groups) joined by the implicit
// AND. Adjacency binds first — `a b OR c` = `(a AND b) OR c` — matching PubMed, which
// takes the words on each side of an operator as one unit (and a tag after them applies
// to all of them).
struct Frame {
  std::optional<Node> done;          // everything left of the pending operator
  std::optional<Token> pending;      // the operator waiting for its right operand
  std::vector<Node> unit;            // operands since the last operator
  std::size_t open_position = 0;     // byte offset of this frame's '('
};

NodeKind operator_kind(TokenKind kind) {
  if (kind == TokenKind::And) return NodeKind::And;
  if (kind == TokenKind::Or) return NodeKind::Or;
  return NodeKind::Not;
}

// And/Or absorb children of their own kind, so `a AND b AND c` is one And with 3 children.
void append_flat(Node& parent, Node child) {
  if (child.kind == parent.kind && parent.kind != NodeKind::Not) {
    for (Node& grandchild : child.children) parent.children.push_back(std::move(grandchild));
  } else {
    parent.children.push_back(std::move(child));
  }
}

Node combine(NodeKind kind, Node left, Node right) {
  if (kind != NodeKind::Not && left.kind == kind) {  // extend in place: chains stay linear
    append_flat(left, std::move(right));
    return left;
  }
  Node node;
  node.kind = kind;
  node.position = left.position;  // an operator node starts where its leftmost leaf does
  node.children.reserve(2);
  append_flat(node, std::move(left));
  append_flat(node, std::move(right));
  return node;
}

Node implicit_and(std::vector<Node> unit) {
  Node result = std::move(unit.front());
  for (std::size_t i = 1; i < unit.size(); ++i) {
    result = combine(NodeKind::And, std::move(result), std::move(unit[i]));
  }
  return result;
}

class Parser {
 public:
  Parser(std::string_view query, const ParseOptions& options)
      : query_(query), options_(options), lexer_(query), leaves_(query, options) {}

  ParsedQuery run();

 private:
  Frame& top() { return stack_.back(); }
  Field take_tag();
  void on_operator(Token op);
  void open_group(const Token& paren);
  void close_group(const Token& paren);
  Node finish(Frame& frame, bool is_root);
  void check_right_operand(const Frame& frame);
  // The frame's operands so far, with the unit since the last operator applied.
  Node reduce(Frame& frame);
  [[noreturn]] void fail(std::size_t position, const std::string& problem) {
    throw_query_error(query_, position, problem);
  }

  std::string_view query_;
  const ParseOptions& options_;
  Lexer lexer_;
  LeafBuilder leaves_;
  std::vector<Frame> stack_;
  bool saw_syntax_ = false;  // an operator, parenthesis or tag: not free text
};

ParsedQuery Parser::run() {
  stack_.emplace_back();
  for (;;) {
    Token token = lexer_.next();
    switch (token.kind) {
      case TokenKind::Word: {
        std::vector<Token> words;
        words.push_back(std::move(token));
        while (lexer_.peek().kind == TokenKind::Word) words.push_back(lexer_.next());
        leaves_.add_words(words, take_tag(), top().unit);
        break;
      }
      case TokenKind::Phrase:
        leaves_.add_phrase(token, take_tag(), top().unit);
        break;
      case TokenKind::Tag:
        fail(token.position,
             "field tag [" + excerpt(token.text) + "] does not follow a word or phrase");
      case TokenKind::And:
      case TokenKind::Or:
      case TokenKind::Not:
        on_operator(std::move(token));
        break;
      case TokenKind::LParen:
        open_group(token);
        break;
      case TokenKind::RParen:
        close_group(token);
        break;
      case TokenKind::End:
        if (stack_.size() > 1) fail(top().open_position, "unbalanced '('");
        return ParsedQuery{finish(top(), true), !saw_syntax_};
    }
  }
}

Field Parser::take_tag() {
  if (lexer_.peek().kind != TokenKind::Tag) return Field::All;
  saw_syntax_ = true;
  return lexer_.next().field;
}

void Parser::on_operator(Token op) {
  saw_syntax_ = true;
  Frame& frame = top();
  if (frame.unit.empty()) {
    check_right_operand(frame);
    fail(op.position, std::string(op.raw) + " has no left operand");
  }
  frame.done = reduce(frame);
  frame.pending = std::move(op);
}

void Parser::check_right_operand(const Frame& frame) {
  if (frame.pending && frame.unit.empty()) {
    fail(frame.pending->position, std::string(frame.pending->raw) + " has no right operand");
  }
}

Node Parser::reduce(Frame& frame) {
  Node unit = implicit_and(std::move(frame.unit));
  frame.unit.clear();
  if (!frame.pending) return unit;
  return combine(operator_kind(frame.pending->kind), std::move(*frame.done), std::move(unit));
}

void Parser::open_group(const Token& paren) {
  saw_syntax_ = true;
  if (stack_.size() > options_.max_depth) {  // this '(' would open level stack_.size()
    fail(paren.position, "parentheses nested deeper than " + std::to_string(options_.max_depth));
  }
  stack_.emplace_back();
  top().open_position = paren.position;
}

void Parser::close_group(const Token& paren) {
  saw_syntax_ = true;
  if (stack_.size() == 1) fail(paren.position, "unbalanced ')'");
  Node group = finish(top(), false);
  stack_.pop_back();
  top().unit.push_back(std::move(group));
}

Node Parser::finish(Frame& frame, bool is_root) {
  if (frame.unit.empty()) {
    check_right_operand(frame);
    if (is_root) fail(0, "empty query");
    fail(frame.open_position, "empty parentheses");
  }
  return reduce(frame);
}

}  // namespace

ParsedQuery parse(std::string_view query, const ParseOptions& options) {
  if (query.size() > options.max_length) {
    throw_query_error(query, options.max_length,
                      "longer than " + std::to_string(options.max_length) + " bytes (" +
                          std::to_string(query.size()) + ")");
  }
  return Parser(query, options).run();
}

}  // namespace medsearch::query
