// WordPieceTokenizer against the Hugging Face reference, with the bert-base-uncased
// vocabulary from ../shared:
// - every string of tokenizer_tests.inp (llama.cpp's test format: each string is followed
//   by "\n__ggml_vocab_test__\n") must give the ids of the matching line of
//   tokenizer_tests.out (space-separated, no [CLS]/[SEP]);
// - every string of tests/data/encoder/wordpiece_hf_cases.jsonl must give the ids HF's
//   Rust tokenizer gave, lower-cased and not (make_wordpiece_hf_cases.js beside it).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "medsearch/encoder/tokenizer.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::encoder {
namespace {

namespace fs = std::filesystem;

const fs::path kVocabDir = fs::path(MEDSEARCH_SHARED_DIR) / "models/bert-base-uncased-vocab";

std::vector<std::string> split_on(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, begin)) {
    parts.push_back(text.substr(begin, at - begin));
    begin = at + separator.size();
  }
  parts.push_back(text.substr(begin));
  return parts;
}

std::string ids_text(const std::vector<std::int32_t>& ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

TEST(WordPieceReference, MatchesHuggingFaceOnEveryTestString) {
  const fs::path inp = kVocabDir / "tokenizer_tests.inp";
  const fs::path out = kVocabDir / "tokenizer_tests.out";
  if (!fs::exists(kVocabDir / "vocab.txt") || !fs::exists(inp) || !fs::exists(out)) {
    GTEST_SKIP() << "bert-base-uncased vocabulary and test strings not found under " << kVocabDir;
  }
  std::vector<std::string> inputs = split_on(testing::read_file(inp.string()), "\n__ggml_vocab_test__\n");
  ASSERT_TRUE(inputs.back().empty()) << "the file ends with a separator";
  inputs.pop_back();
  std::vector<std::string> expected = split_on(testing::read_file(out.string()), "\n");
  ASSERT_TRUE(expected.back().empty()) << "the file ends with a newline";
  expected.pop_back();
  ASSERT_EQ(inputs.size(), expected.size());
  ASSERT_GE(inputs.size(), 40u);

  const auto tokenizer = load_tokenizer(kVocabDir);
  EXPECT_EQ(tokenizer->vocab_size(), 30522u);
  EXPECT_EQ(tokenizer->pad_id(), 0);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::vector<std::int32_t> want;
    std::istringstream line(expected[i]);
    for (std::int32_t id = 0; line >> id;) want.push_back(id);
    const auto got = tokenizer->token_ids(inputs[i]);
    if (got != want) {
      ++mismatches;
      ADD_FAILURE() << "case " << i << " input \"" << inputs[i] << "\"\n  want: " << ids_text(want)
                    << "\n  got:  " << ids_text(got);
    }
    const auto encoded = tokenizer->encode(inputs[i], 512);
    ASSERT_EQ(encoded.size(), want.size() + 2);
    EXPECT_EQ(encoded.front(), 101);  // [CLS]
    EXPECT_EQ(encoded.back(), 102);   // [SEP]
  }
  EXPECT_EQ(mismatches, 0u) << "of " << inputs.size() << " cases";
}

TEST(WordPieceReference, MatchesHuggingFaceRustTokenizerCasedAndUncased) {
  if (!fs::exists(kVocabDir / "vocab.txt")) GTEST_SKIP() << "bert-base-uncased vocabulary not found under " << kVocabDir;
  const fs::path cases_path = fs::path(MEDSEARCH_TESTS_DIR) / "data/encoder/wordpiece_hf_cases.jsonl";
  testing::TempDir cased_dir;
  fs::create_symlink(kVocabDir / "vocab.txt", cased_dir.file("vocab.txt"));
  cased_dir.write("tokenizer_config.json", R"({"do_lower_case": false})");
  const auto uncased = load_tokenizer(kVocabDir);
  const auto cased = load_tokenizer(cased_dir.path());

  std::ifstream cases(cases_path);
  ASSERT_TRUE(cases) << cases_path;
  std::size_t count = 0;
  std::size_t mismatches = 0;
  for (std::string line; std::getline(cases, line);) {
    const auto test_case = nlohmann::json::parse(line);
    const auto text = test_case.at("text").get<std::string>();
    for (const auto& [name, tokenizer] : {std::pair{"uncased", uncased.get()}, std::pair{"cased", cased.get()}}) {
      const auto want = test_case.at(name).get<std::vector<std::int32_t>>();
      const auto got = tokenizer->token_ids(text);
      if (got != want) {
        ++mismatches;
        ADD_FAILURE() << name << " case " << count << " input " << test_case.at("text").dump() << "\n  want: "
                      << ids_text(want) << "\n  got:  " << ids_text(got);
      }
    }
    ++count;
  }
  EXPECT_GE(count, 250u);
  EXPECT_EQ(mismatches, 0u) << "of " << 2 * count << " encodings";
}

TEST(WordPieceReference, SpecialTokensInTextAndTruncation) {
  if (!fs::exists(kVocabDir / "vocab.txt")) GTEST_SKIP() << "bert-base-uncased vocabulary not found under " << kVocabDir;
  const auto tokenizer = load_tokenizer(kVocabDir);
  // HF BertTokenizerFast keeps its special tokens whole (case-sensitive); "[sep]" is text.
  EXPECT_EQ(tokenizer->token_ids("Hello [SEP] world[MASK]"), (std::vector<std::int32_t>{7592, 102, 2088, 103}));
  EXPECT_EQ(tokenizer->token_ids("[sep]"), (std::vector<std::int32_t>{1031, 19802, 1033}));
  EXPECT_EQ(tokenizer->encode("Hello, world!", 4), (std::vector<std::int32_t>{101, 7592, 1010, 102}));
  EXPECT_EQ(tokenizer->encode("Hello, world!", 2), (std::vector<std::int32_t>{101, 102}));
  EXPECT_EQ(tokenizer->encode("", 8), (std::vector<std::int32_t>{101, 102}));
}

}  // namespace
}  // namespace medsearch::encoder
