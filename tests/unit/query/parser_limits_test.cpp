// Limits (length, depth, leaves), speed, and robustness against random input.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "query_test_util.hpp"

namespace medsearch::query {
namespace {

using testing::canon;
using testing::error_of;
using testing::without_positions;

TEST(ParserLimits, Length) {
  const std::string longest = std::string(4095, 'a') + "b";
  EXPECT_EQ(parse(longest).root.text.size(), 4096U);
  EXPECT_EQ(error_of(longest + "c"), "query: longer than 4096 bytes (4097) at position 4097");
  ParseOptions options;
  options.max_length = 10;
  EXPECT_EQ(error_of("asthma copd", options), "query: longer than 10 bytes (11) at position 11");
}

TEST(ParserLimits, Depth) {
  const std::string at_limit = std::string(32, '(') + "a" + std::string(32, ')');
  EXPECT_EQ(canon(at_limit), "a[all]");
  EXPECT_EQ(error_of("(" + at_limit + ")"), "query: parentheses nested deeper than 32 at position 33");
  ParseOptions options;
  options.max_depth = 2;
  EXPECT_EQ(canon("(a OR (b c)) OR (d)", options), "(a[all] OR (b[all] AND c[all]) OR d[all])");
  EXPECT_EQ(error_of("a ((b (c)))", options), "query: parentheses nested deeper than 2 at position 7");
  options.max_depth = 0;
  EXPECT_EQ(error_of("(a)", options), "query: parentheses nested deeper than 0 at position 1");
}

TEST(ParserLimits, HugeNestingFailsFastWithoutRecursion) {
  ParseOptions options;
  options.max_length = 1'000'000;
  const std::string deep = std::string(100'000, '(') + "a" + std::string(100'000, ')');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(deep, options), "query: parentheses nested deeper than 32 at position 33");
  // With the defaults the length limit stops it before anything is lexed.
  EXPECT_EQ(error_of(std::string(100'000, '(')), "query: longer than 4096 bytes (100000) at position 4097");
  // A permissive depth still parses iteratively, on the heap.
  options.max_depth = 200'000;
  EXPECT_EQ(canon(deep, options), "a[all]");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ParserLimits, Leaves) {
  std::string query;
  for (int i = 0; i < 256; ++i) query += "w" + std::to_string(i) + " ";
  EXPECT_EQ(parse(query).root.children.size(), 256U);
  const std::string over = query + "last";
  EXPECT_EQ(error_of(over), "query: more than 256 search terms at position " + std::to_string(query.size() + 1));
  ParseOptions options;
  options.max_leaves = 2;
  EXPECT_EQ(canon("\"a b\" OR 2015[dp]", options), "(\"a b\"[all] OR 2015[publication date])");
  EXPECT_EQ(error_of("a OR b OR cat*", options), "query: more than 2 search terms at position 11");
}

// A 4096-byte query of words, operators, groups, phrases and tags parses: every one of its
// terms becomes a leaf, and the parse is not super-linear. Its speed is a benchmark's business
// (bench_query times parsing with every query); the bound here is 100x the unoptimised
// sanitizer build's ~2 ms, so that a loaded CI machine cannot fail it, yet backtracking or a
// quadratic rescan of a 4 KiB query (seconds) would.
TEST(ParserLimits, MaximalQueryParsesInLinearTime) {
  const std::vector<std::string> pieces = {"(asthma[ti] OR wheez*) ", "AND ", "\"heart failure\"[tiab] ",
                                           "NOT ", "smith j[au] ", "OR ", "2015:2020[dp] ", "AND "};
  const std::vector<int> leaves_in_piece = {2, 0, 1, 0, 1, 0, 1, 0};
  std::string query;
  std::size_t i = 0;
  int leaves = 1;  // copd
  for (; query.size() + pieces[i % pieces.size()].size() < 4090; ++i) {
    query += pieces[i % pieces.size()];
    leaves += leaves_in_piece[i % pieces.size()];
  }
  query += "copd";
  query += std::string(4096 - query.size(), ' ');
  ASSERT_EQ(query.size(), 4096U);
  ParseOptions options;
  options.max_leaves = leaves - 1;
  EXPECT_THROW(parse(query, options), Error) << "fewer leaves than terms";
  options.max_leaves = leaves;
  auto best = std::chrono::steady_clock::duration::max();
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const ParsedQuery parsed = parse(query, options);
    best = std::min(best, std::chrono::steady_clock::now() - start);
    EXPECT_FALSE(parsed.free_text);
  }
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(best).count(), 200);
}

// 20,000 random strings over syntax characters, words, quotes and tags: each either parses
// or throws Error(InvalidArgument); whatever parses also round-trips through to_string.
TEST(ParserLimits, RandomInputNeverCrashes) {
  const std::vector<std::string> alphabet = {
      "(",    ")",     "\"",   "[",    "]",   " ",     " ",    "AND",  "OR",    "NOT",    "and",
      "*",    ":",     "/",    "-",    "a",   "asthma", "IL-6", "β",    "哮喘",   "2015",   "2020/12",
      "[ti]", "[au]",  "[dp]", "[mh]", "[pmid]", "[xx]", "[",    "123",  "\u3000", "\xff", "\xe3\x80",
      "smith", "j",   "bact*", "ab*",  "\t",  "(",     ")",    "\"a b\"", "[tiab]", "[all]", "x*y"};
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  ParseOptions reparse_options;
  reparse_options.max_depth = 1000;  // to_string parenthesises every operator node
  reparse_options.max_length = 1 << 20;
  int parsed_count = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string query;
    const int n = length(rng);
    for (int k = 0; k < n; ++k) query += alphabet[pick(rng)];
    try {
      const ParsedQuery q = parse(query);
      ++parsed_count;
      const std::string text = to_string(q.root);
      const ParsedQuery again = parse(text, reparse_options);
      ASSERT_EQ(without_positions(again.root), without_positions(q.root)) << query << "\n" << text;
    } catch (const Error& e) {
      ASSERT_EQ(e.code(), ErrorCode::InvalidArgument) << query;
      ASSERT_NE(std::string(e.what()).find(" at position "), std::string::npos) << e.what();
    }
  }
  EXPECT_GT(parsed_count, 1000);  // the alphabet yields enough valid queries to matter
}

}  // namespace
}  // namespace medsearch::query
